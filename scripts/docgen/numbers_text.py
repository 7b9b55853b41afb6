"""Keys of the text tasks: sentiment, spam, langid, embeddings, NER, training, and the cascades
and distillation runs of tasks/distill."""

from __future__ import annotations

from math import sqrt
from typing import Any

from docgen.formats import fixed, integer, megabytes, percent, rate, raw, sig3
from docgen.registry import Number
from docgen.sources import card, card_metric, dig, load, md_cell, sentiment, size_bytes, spam

f1, f2, f3, f4, f0 = fixed(1), fixed(2), fixed(3), fixed(4), fixed(0)
pct0, pct1 = percent(0), percent(1)

SENTIMENT = "tasks/sentiment/results/evaluate_{cross,cross_3way,3way,broad,members,cascade}.json"
SPAM = "tasks/spam/results/evaluate_models.json"
#: model names in keys for rows whose names are not one word
ROW_NAMES = {"majority": "majority baseline (negative)"}


def _classifier(task: str, reader: Any, source: str) -> list[Number]:
    """The keys of a classifier's results rows (``tasks/<task>/evaluate.py --json``)."""
    def rows(model: str) -> dict[str, Any]:
        found: dict[str, Any] = reader(ROW_NAMES.get(model, model))
        return found

    def splits(model: str) -> list[dict[str, Any]]:
        return [v for v in rows(model).values() if isinstance(v, dict) and "deferral" in v]

    return [
        Number(f"{task}.{{model}}.speed",  # texts/s at batch 64
               lambda model: rows(model)["texts_per_s_batch64"], rate, source),
        Number(f"{task}.{{model}}.speeds",  # texts/s at batch 1 and 64, as a range
               lambda model: tuple(sorted((rows(model)["texts_per_s_batch1"],
                                           rows(model)["texts_per_s_batch64"]))), rate, source),
        Number(f"{task}.{{model}}.deferral_range",  # a cascade's deferral over the test sets
               lambda model: (min(s["deferral"] for s in splits(model)),
                              max(s["deferral"] for s in splits(model))), pct0, source),
        Number(f"{task}.{{model}}.{{split}}.deferral",
               lambda model, split: dig(rows(model), split, "deferral"), pct0, source),
        Number(f"{task}.{{model}}.{{split}}.n",
               lambda model, split: dig(rows(model), split, "n"), integer, source),
        Number(f"{task}.{{model}}.{{split}}.{{metric}}",  # f1_spam, macro_f1, f1_neutral, ...
               lambda model, split, metric: dig(rows(model), split, metric), f3, source),
        Number(f"{task}.{{model}}.{{split}}",  # accuracy on a test set
               lambda model, split: dig(rows(model), split, "accuracy"), f3, source),
    ]


BUILD = "tasks/sentiment/results/build_cascade.txt"
CHECK100 = "tasks/sentiment/results/eval_check_vs_smollm2_broad.md"
#: columns of the `taskzoo eval` report in keys
EVAL_COLUMNS = {"accuracy": "accuracy", "macro_f1": "macro_f1", "cpu": "CPU-s/1k",
                "p50": "p50 ms", "rss": "RSS MB", "usd": "$/1M items"}

CROSSVAL = "tasks/sentiment/results/select_crossdomain.json"

SENTIMENT_EXTRA = [
    Number("sentiment.crossval.{part}.{model}.{split}",  # choices on cross-domain validation
           lambda part, model, split: load(CROSSVAL)[part][model][split], f3, CROSSVAL),
    Number("sentiment.validation.{model}.{split}",  # the default's choice on validation items
           lambda model, split: float(md_cell(BUILD, model, {"rt": "RT", "tweets": "tweets"}
                                              [split])), f3, BUILD),
    Number("sentiment.check100.{model}.{column}",  # `taskzoo eval` on 100 check-set texts
           lambda model, column: md_cell(CHECK100, model, EVAL_COLUMNS[column]), raw, CHECK100),
    Number("sentiment.encoder.mean_cosine",  # int8 LoRA encoder vs torch
           lambda: load("taskzoo/assets/sentiment-minilm-lora/encoder/encoder.json")
           ["fidelity"]["mean_cosine"], f3, "taskzoo/assets/sentiment-minilm-lora/encoder"),
]

SIZES = [
    Number("size.{folder}.{ext}",  # the files *.ext of a folder of taskzoo/assets
           lambda folder, ext: size_bytes(folder, f"*.{ext}"), megabytes, "taskzoo/assets"),
    Number("size.{folder}",  # a whole folder of taskzoo/assets
           lambda folder: size_bytes(folder), megabytes, "taskzoo/assets"),
    Number("card.{task}.{model}.size_mb",  # the model card's size_mb
           lambda task, model: card(task, model).size_mb, f1, "taskzoo/catalog"),
]

ENCODER = "taskzoo/assets/minilm-l6-onnx/encoder.json"
INT8 = "tasks/onnx/results-int8-embeddings.json"
EMBEDDINGS = [
    Number("embeddings.{model}.ranking",
           lambda model: card_metric("embeddings", model, "paraphrase ranking"), f3,
           "taskzoo/catalog (tasks/embeddings/evaluate.py)"),
    Number("embeddings.graph_mb",  # the ONNX graph shipped in the wheel
           lambda: size_bytes("minilm-l6-onnx", "model.onnx") / 1e6, f1, "taskzoo/assets"),
    Number("embeddings.fidelity.n", lambda: load(ENCODER)["fidelity"]["n"], integer, ENCODER),
    Number("embeddings.fidelity.{field}",  # mean_cosine, min_cosine, nn_agreement
           lambda field: dig(load(ENCODER), "fidelity", field), f4, ENCODER),
    Number("embeddings.int8.{field}",  # the int8 encoder that was measured and not chosen
           lambda field: dig(load(INT8), field), f3, INT8),
]

LANGID = [
    Number("langid.{model}.accuracy",
           lambda model: card_metric("langid", model, "accuracy"), f3,
           "taskzoo/catalog (tasks/langid)"),
]

MEDS = "tasks/ner/results-medications.json"
METHODS = "tasks/ner/results-methods.json"
BOOTSTRAP = "tasks/ner/results-bootstrap.json"
#: run names in keys → keys of results-medications.json / results-methods.json
MED_RUNS = {"base": "base (spacy-en-core-web-sm)", "kept": "+ DRUG, DOSAGE (rehearsal)",
            "only": "DRUG, DOSAGE only"}
METHOD_RUNS = {"base": "base (spacy-en-core-web-sm)", "spacy": "spacy",
               "minilm-full": "minilm full", "minilm-lora": "minilm lora",
               "minilm-head": "minilm head"}
NER_METRICS = {"old": "old types f1", "new": "new types f1", "drug": "DRUG f1",
               "dosage": "DOSAGE f1", "train_s": "training seconds",
               "cpu_s": "training CPU seconds", "epochs": "epochs",
               "ms_batch": "ms per sentence, batch of 107", "ms_one": "ms per sentence, one by one",
               "folder_mb": "folder MB", "val_f1": "validation f1"}
NER_FORMATS = {"train_s": f0, "cpu_s": f0, "epochs": integer, "ms_batch": sig3,
               "ms_one": f1, "folder_mb": f1}


def _method_training(method: str) -> dict[str, Any]:
    """The training record of a method of results-methods.json."""
    data = load(METHODS)
    if method == "spacy":
        found: dict[str, Any] = data["spacy training"]
        return found
    return dict(dig(data, "choice (validation part of train.jsonl)", "modes",
                    method.removeprefix("minilm-")))


def _method(run: str, metric: str) -> Any:
    """A number of a method in results-methods.json: test-set scores and speeds, or training."""
    name = NER_METRICS[metric]
    tested = dig(load(METHODS), "test sets", METHOD_RUNS[run])
    return tested[name] if name in tested else dig(_method_training(run), name)


def _ner_numbers(prefix: str, get: Any, source: str) -> list[Number]:
    """``prefix.{run}.{metric}`` with the format of each metric (F1 by default)."""
    return [Number(f"{prefix}.{{run}}.{metric}",
                   lambda run, metric=metric: get(run, metric), fmt, source)
            for metric, fmt in NER_FORMATS.items()] + [
        Number(f"{prefix}.{{run}}.{{metric}}", get, f3, source)]


NER = [
    Number("ner.{model}.ontonotes_f1",
           lambda model: card_metric("ner", model, "entity F1"), f2, "taskzoo/catalog"),
    Number("ner.methods.gain.{metric}",  # minilm (full) minus spacy, in F1 points
           lambda metric: _method("minilm-full", metric) - _method("spacy", metric),
           percent(1), METHODS),
    Number("ner.methods.train_ratio",  # how much longer minilm (full) trains than spacy
           lambda: tuple(sorted(_method("minilm-full", m) / _method("spacy", m)
                                for m in ("train_s", "cpu_s"))), f1, METHODS),
    Number("ner.bootstrap.diff", lambda: load(BOOTSTRAP)["difference (minilm - spacy)"],
           f3, BOOTSTRAP),
    Number("ner.bootstrap.ahead",
           lambda: load(BOOTSTRAP)["share of resamples where minilm is higher"], pct0, BOOTSTRAP),
    Number("ner.bootstrap.{end}",  # low, high: the 95 % interval of the difference
           lambda end: load(BOOTSTRAP)["95 % interval of the difference"][
               {"low": 0, "high": 1}[end]], f3, BOOTSTRAP),
    *_ner_numbers("ner.meds", lambda run, metric: dig(load(MEDS), MED_RUNS[run],
                                                      NER_METRICS[metric]), MEDS),
    *_ner_numbers("ner.methods", _method, METHODS),
]

FASTTEXT_TRAINING = "benchmarks/results/train_fasttext.json"
RECORDED = "benchmarks/results/recorded.json"


def _fasttext_run(texts: str) -> dict[str, Any]:
    for run in load(FASTTEXT_TRAINING):
        if str(run["texts"]) == texts:
            found: dict[str, Any] = run
            return found
    raise LookupError(f"no run on {texts} texts")


def _trained(folder: str) -> dict[str, Any]:
    """The card.json that taskzoo.train wrote for a shipped model (taskzoo/assets)."""
    found: dict[str, Any] = load(f"taskzoo/assets/{folder}/card.json")
    return found


TRAINING = [
    Number("trained.{folder}.seconds", lambda folder: _trained(folder)["training"]["seconds"],
           f0, "taskzoo/assets/<folder>/card.json"),
    Number("trained.{folder}.texts", lambda folder: _trained(folder)["data"]["train"], integer,
           "taskzoo/assets/<folder>/card.json"),
    Number("static.table_{field}",  # build_s (a range), size_mb: the static token table
           lambda field: (lambda v: tuple(v) if isinstance(v, list) else v)(
               dig(load(RECORDED), "static_token_table", field)), f0, RECORDED),
    Number("train.fasttext.before_s",  # tz.train end to end before the cutoff was capped
           lambda: tuple(dig(load(RECORDED), "fasttext_training_before", "tz_train_48_texts_s")),
           f0, RECORDED),
    Number("train.fasttext.{texts}.features",
           lambda texts: _fasttext_run(texts)["features"], integer, FASTTEXT_TRAINING),
    Number("train.fasttext.{texts}.{field}",  # train_seconds_now, quantise_seconds_*, ...
           lambda texts, field: dig(_fasttext_run(texts), field), f1, FASTTEXT_TRAINING),
    Number("train.lora.adapter_size",
           lambda: size_bytes("sentiment-minilm-lora/adapter"), megabytes, "taskzoo/assets"),
]

DISTILL = "tasks/distill/results"
#: cascade runs in keys → their files in tasks/distill/results
CASCADES = {"plain": "cascade-fasttext-rt-minilm-lora-rt",
            "vader": "cascade-fasttext-rt-minilm-lora-rt-vader",
            "advised": "cascade-fasttext-rt-minilm-lora-rt-vader-minilm-static-rt",
            "broad": "cascade-fasttext-broad-minilm-lora-broad-vader-minilm-static-broad"}
#: operating points in keys → their names in the files
CHOICES = {"tol": "within_0.5_points", "third": "max_deferral_1/3"}
TOLERANCE = 0.005  # "within 0.5 points of the large model", as tz.cascade's default


def _cascade(run: str) -> dict[str, Any]:
    found: dict[str, Any] = load(f"{DISTILL}/{CASCADES[run]}.json")
    return found


def _first_deferral(run: str, margin: float) -> float:
    """The smallest deferral on the test curve whose accuracy is at least the large model's
    minus ``margin`` (the curve holds accuracies to 4 decimals)."""
    data = _cascade(run)
    floor = round(data["accuracy"]["large_test"] - margin, 4)
    return min(deferral for _, deferral, accuracy in data["curve"] if accuracy >= floor)


def _time_share(run: str, choice: str) -> float:
    """The cascade's test time as a share of the large model's alone."""
    data = _cascade(run)
    share: float = data["chosen"][CHOICES[choice]]["test_seconds"] / data["timing"]["large_test_s"]
    return share


CASCADE = [
    Number("cascade.{run}.small", lambda run: _cascade(run)["accuracy"]["small_test"], f3,
           f"{DISTILL}/cascade-*.json"),
    Number("cascade.{run}.large", lambda run: _cascade(run)["accuracy"]["large_test"], f3,
           f"{DISTILL}/cascade-*.json"),
    Number("cascade.{run}.items", lambda run: _cascade(run)["test_items"], integer,
           f"{DISTILL}/cascade-*.json"),
    Number("cascade.{run}.within", lambda run: _first_deferral(run, TOLERANCE), pct1,
           f"{DISTILL}/cascade-*.json (curve)"),
    Number("cascade.{run}.reach", lambda run: _first_deferral(run, 0.0), pct1,
           f"{DISTILL}/cascade-*.json (curve)"),
    Number("cascade.{run}.{choice}.accuracy",
           lambda run, choice: _cascade(run)["chosen"][CHOICES[choice]]["test_accuracy"], f3,
           f"{DISTILL}/cascade-*.json"),
    Number("cascade.{run}.{choice}.deferral",
           lambda run, choice: _cascade(run)["chosen"][CHOICES[choice]]["test_deferral"], pct1,
           f"{DISTILL}/cascade-*.json"),
    Number("cascade.{run}.{choice}.time", _time_share, pct0, f"{DISTILL}/cascade-*.json"),
    Number("cascade.{run}.third.sampling_error",  # binomial error of a 1/3 share
           lambda run: sqrt(1 / 3 * 2 / 3 / _cascade(run)["test_items"]), pct1,
           f"{DISTILL}/cascade-*.json (test_items)"),
    Number("distill.half.before",  # fastText on half the labels
           lambda: load(f"{DISTILL}/distill-head-a.json")["fasttext_on_a_accuracy"], f3,
           f"{DISTILL}/distill-head-a.json"),
    Number("distill.half.after",  # ... plus the MiniLM teacher's labels on the other half
           lambda: load(f"{DISTILL}/distill-head-a.json")["a_plus_teacher_b"]["evaluation"]
           ["student_accuracy"], f3, f"{DISTILL}/distill-head-a.json"),
    Number("generate.seconds_per_prompt",
           lambda: (lambda d: d["seconds"] / d["prompts"])(
               load(f"{DISTILL}/generate-spam-smollm2-135m-24.json")), f0,
           f"{DISTILL}/generate-spam-smollm2-135m-24.json"),
]

NUMBERS: list[Number] = [
    *SENTIMENT_EXTRA, *_classifier("sentiment", sentiment, SENTIMENT),
    *_classifier("spam", spam, SPAM), *SIZES, *EMBEDDINGS, *LANGID, *NER, *TRAINING, *CASCADE,
]
