"""Full demonstrations of distillation, generation and cascades (issue 11), measured here.

Every step writes a JSON file to tasks/distill/results/ (the README tables come from them).
Models and caches go to tasks/distill/data/ (git-ignored). Run under ``nice`` (CPU is shared):

    nice -n 10 python tasks/distill/demo.py prepare             # baseline models (fastText, head)
    nice -n 10 python tasks/distill/demo.py cascade --small ft-full --large minilm-lora-rt
    nice -n 10 python tasks/distill/demo.py distill --teacher head-a
    nice -n 10 python tasks/distill/demo.py distill --teacher smollm2-135m --unlabelled 600
    nice -n 10 python tasks/distill/demo.py cascade --small ft-full --large smollm2-135m --limit 400
    nice -n 10 python tasks/distill/demo.py generate --n 200

Models are named either as registered sentiment models (``fasttext-rt``, ``minilm-lora-rt``,
``smollm2-135m``) or as the ones ``prepare`` trains here: ``ft-full``/``head-full`` (on the whole
Rotten Tomatoes train split) and ``ft-a``/``head-a`` (on half A of it; half B is the unlabelled
text of the distillation demo, its labels are never used). Thresholds are chosen on the
validation split; every number reported is on the test split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tasks" / "spam"))  # tasks/spam/data.py imports its sibling made.py

import taskzoo as tz  # noqa: E402
from taskzoo.combine import tradeoff  # noqa: E402
from taskzoo.distill import AnswerCache, CachedModel  # noqa: E402
from taskzoo.training.data import stratified_split  # noqa: E402

DATA = HERE / "data"
MODELS = DATA / "models"
RESULTS = HERE / "results"
CACHE = DATA / "answers.sqlite"
LLM = "smollm2-135m"
ASSETS = {"minilm-lora-rt": "sentiment-minilm-lora", "fasttext-rt": "sentiment-fasttext/model.ftz"}
TOLERANCE = 0.005  # "within 0.5 points of the large model"


def task_module(task: str, script: str = "data") -> Any:
    """tasks/<task>/<script>.py as a module (both tasks name their data script data.py, so each
    is registered under a task-qualified name)."""
    import importlib.util

    name = f"{task}_{script}"
    if name not in sys.modules:
        path = ROOT / "tasks" / task / f"{script}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


def task_data(task: str) -> Any:
    """tasks/<task>/data.py as a module."""
    return task_module(task)


# the shipped fasttext-rt recipe, for every fastText trained here
FASTTEXT: dict[str, Any] = task_module("sentiment", "recipes").RECIPES["fasttext"][1]


def rt(split: str) -> tuple[list[str], list[str]]:
    """A Rotten Tomatoes split from tasks/sentiment/data.py."""
    return task_data("sentiment").load(split)


def halves() -> tuple[tuple[list[str], list[str]], tuple[list[str], list[str]]]:
    """The train split cut in two stratified halves A (labelled) and B (used without labels)."""
    texts, labels = rt("train")
    a, b = stratified_split(labels, (0.5, 0.5), seed=11)
    return ([texts[i] for i in a], [labels[i] for i in a]), ([texts[i] for i in b],
                                                              [labels[i] for i in b])


def save(name: str, payload: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2) + "\n")
    print(json.dumps(payload if len(json.dumps(payload)) < 3000 else
                     {k: v for k, v in payload.items() if k != "curve"}, indent=2))


def model(name: str) -> Any:
    """A pipeline for a registered sentiment model or one trained by ``prepare``."""
    kind, sep, rest = name.partition(":")
    if sep and kind in {"vote", "mean"}:  # e.g. mean:head-a+ft-a
        return tz.ensemble([model(n) for n in rest.split("+")], method=kind, name=name)
    local = MODELS / name
    if local.exists():
        return tz.load("sentiment", model=str(local))
    if name == LLM:
        return CachedModel(tz.load("sentiment", model=LLM), AnswerCache(CACHE))
    try:
        return tz.load("sentiment", model=name)
    except tz.UnknownModelError:  # a shipped model whose card is not registered yet
        asset = ROOT / "taskzoo" / "assets" / ASSETS.get(name, name)
        if not asset.exists():
            raise
        return tz.load("sentiment", model=str(asset))


def run(pipe: Any, texts: list[str], batch: int = 32) -> list[Any]:
    out: list[Any] = []
    for start in range(0, len(texts), batch):
        out += pipe.predict_batch(texts[start:start + batch])
    return out


def accuracy(results: list[Any], gold: list[str]) -> float:
    return sum(r.label == g for r, g in zip(results, gold, strict=True)) / len(gold)


# -- prepare -----------------------------------------------------------------------------------
def prepare(methods: list[str]) -> None:
    (a_x, a_y), _ = halves()
    train = rt("train")
    val, test = rt("validation"), rt("test")
    out = {}
    for method in methods:
        for tag, data in (("full", train), ("a", (a_x, a_y))):
            name = f"{'ft' if method == 'fasttext' else method}-{tag}"
            start = time.time()
            path = tz.train("sentiment", data, method=method, output_dir=MODELS / name,
                            validation=val, test=test, overwrite=True, progress=False,
                            **(FASTTEXT if method == "fasttext" else {}))
            card = json.loads((path / "card.json").read_text())
            out[name] = {"train_items": len(data[0]), "seconds": round(time.time() - start),
                         "test_accuracy": card["metrics"]["test"]["accuracy"]}
            print(name, out[name], flush=True)
    save("prepare-" + "-".join(methods), out)


# -- cascade -----------------------------------------------------------------------------------
def cascade(small_name: str, large_name: str, limit: int | None,
            advisors: list[str] | None = None) -> None:
    """Both models alone, the cascade at the two validation-chosen operating points, and the
    whole accuracy-vs-deferral curve on the test split. With ``advisors`` the cascade learns how
    far to trust the small model from its confidence and the advisors' agreement."""
    val, test = rt("validation"), rt("test")
    if limit:
        val, test = (val[0][:limit], val[1][:limit]), (test[0][:limit], test[1][:limit])
    small, large = model(small_name), model(large_name)
    helpers = [model(a) for a in advisors or []]
    timing = {}
    preds = {}
    for name, pipe in (("small", small), ("large", large)):
        for split, (texts, _) in (("validation", val), ("test", test)):
            start = time.time()
            preds[name, split] = run(pipe, texts)
            timing[f"{name}_{split}_s"] = round(time.time() - start, 1)
    acc = {f"{n}_{s}": accuracy(preds[n, s], (val if s == "validation" else test)[1])
           for n in ("small", "large") for s in ("validation", "test")}
    picks: dict[str, Any] = {}
    fitted = None
    for label, kwargs in (
        ("within_0.5_points", {"target_accuracy": acc["large_validation"] - TOLERANCE}),
        ("max_deferral_1/3", {"max_deferral": 1 / 3}),
    ):
        try:  # the threshold (and, with advisors, the trust model) is fitted on validation only
            both = tz.cascade(small, large, validation=val, advisors=helpers, **kwargs)
        except tz.InvalidInputError as exc:
            picks[label] = {"error": str(exc)}
            continue
        fitted = both
        start = time.time()
        results = both(test[0])  # the real cascade: the large model only sees deferred items
        picks[label] = {
            "threshold": both.threshold,
            "validation_accuracy": both.validation["accuracy"],
            "validation_deferral": both.validation["deferral"],
            "test_accuracy": accuracy(results, test[1]),
            "test_deferral": both.deferral_rate, "test_seconds": round(time.time() - start, 1),
        }
    if fitted is None:
        raise SystemExit(f"no operating point could be chosen: {picks}")
    trust = fitted.trust(test[0], preds["small", "test"])
    every = tradeoff(trust, [r.label == g for r, g in zip(preds["small", "test"], test[1],
                                                          strict=True)],
                     [r.label == g for r, g in zip(preds["large", "test"], test[1], strict=True)])
    tag = "".join(f"-{a}" for a in advisors or []) + (f"-{limit}" if limit else "")
    save(f"cascade-{small_name}-{large_name}{tag}", {
        "small": small_name, "large": large_name, "advisors": advisors or [],
        "deferral_model": fitted.deferral.describe() if fitted.deferral else None,
        "validation_items": len(val[0]), "test_items": len(test[0]), "accuracy": acc,
        "chosen": picks, "timing": timing,
        "best_test_accuracy_within_deferral": {
            f"{share:.3f}": max(p.accuracy for p in every if p.deferral <= share + 1e-9)
            for share in (0.1, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.5)},
        "curve": [[round(p.threshold, 6), round(p.deferral, 4), round(p.accuracy, 4)]
                  for p in every],
    })


def evaluate(small_name: str, large_name: str, threshold: float, limit: int | None,
             advisors: list[str] | None = None) -> None:
    """taskzoo.evaluate rows: both models, the cascade at ``threshold`` and their mean ensemble;
    with ``advisors``, also each advisor and the advised cascade chosen on validation (the
    default choice: the fewest deferrals within 0.5 points of the large model)."""
    texts, labels = rt("test")
    records = [{"text": t, "label": y} for t, y in zip(texts, labels, strict=True)][:limit]
    small, large = model(small_name), model(large_name)
    both = tz.cascade(small, large, threshold=threshold)
    mean = tz.ensemble([small, large], method="mean")
    rows = [small, large, both, mean]
    if advisors:
        helpers = [model(a) for a in advisors]
        rows += [*helpers, tz.cascade(small, large, validation=rt("validation"),
                                      advisors=helpers)]
    report = tz.evaluate("sentiment", models=rows, data=records, isolate=False)
    table = report.table()
    print(table)
    (RESULTS / f"eval-{small_name}-{large_name}.md").write_text(
        f"taskzoo.evaluate on {len(records)} Rotten Tomatoes test snippets ({report.machine}):\n\n"
        + table + "\n")


# -- distill -----------------------------------------------------------------------------------
def distill(teacher_name: str, unlabelled: int | None, limit: int | None,
            lr: float | None = None) -> None:
    (a_x, a_y), (b_x, _) = halves()
    if unlabelled:
        b_x = b_x[:unlabelled]
    val, test = rt("validation"), rt("test")
    if limit:
        test = (test[0][:limit], test[1][:limit])
    teacher = model(teacher_name)
    cache = AnswerCache(CACHE)
    out: dict[str, Any] = {"teacher": teacher_name, "labelled_a": len(a_x),
                           "unlabelled_b": len(b_x), "test_items": len(test[0])}
    options = {**FASTTEXT, **({"lr": lr} if lr else {})}
    baseline = model("ft-a")
    if lr:  # the same learning rate for the baseline and the students
        baseline = tz.load("sentiment", model=str(tz.train(
            "sentiment", (a_x, a_y), method="fasttext", output_dir=MODELS / f"ft-a-lr{lr}",
            validation=val, test=test, overwrite=True, progress=False, **options)))
        out["lr"] = lr
    out["fasttext_on_a_accuracy"] = accuracy(run(baseline, test[0]), test[1])
    for variant, extra in (("a_plus_teacher_b", (a_x, a_y)), ("teacher_b_only", None)):
        report = tz.distill("sentiment", b_x, teacher=teacher, student="fasttext",
                            output_dir=MODELS / f"student-{teacher_name}-{variant}",
                            train_data=extra, validation=val, labelled=test, cache=cache,
                            overwrite=True, progress=False, **options)
        print(report.summary(), flush=True)
        out[variant] = {"counts": report.counts, "label_counts": report.label_counts,
                        "evaluation": report.evaluation, "seconds": report.seconds,
                        "skipped_examples": report.skipped_examples}
    full = MODELS / "ft-full"
    if full.exists():
        out["fasttext_on_a_plus_gold_b_accuracy"] = accuracy(run(model("ft-full"), test[0]),
                                                             test[1])
    save(f"distill-{teacher_name}" + (f"-{unlabelled}" if unlabelled else ""), out)


def distill_heldout(teacher_name: str) -> None:
    """Labelled data = the whole train split; unlabelled = the validation split's texts (the
    shipped models never trained on them: they only chose epochs/calibration there). Both the
    baseline and the student split their own 10 % validation part off their training data."""
    train, (val_x, _) = rt("train"), rt("validation")
    test = rt("test")
    baseline = tz.train("sentiment", train, method="fasttext", test=test,
                        output_dir=MODELS / "ft-train-only", overwrite=True, progress=False,
                        **FASTTEXT)
    report = tz.distill("sentiment", val_x, teacher=model(teacher_name), student="fasttext",
                        train_data=train, test=test, cache=AnswerCache(CACHE),
                        output_dir=MODELS / f"student-{teacher_name}-valtexts", overwrite=True,
                        progress=False, **FASTTEXT)
    print(report.summary(), flush=True)
    save(f"distill-{teacher_name}-validation-texts", {
        "teacher": teacher_name, "labelled_train": len(train[0]), "unlabelled": len(val_x),
        "test_items": len(test[0]),
        "fasttext_on_train_accuracy": accuracy(run(tz.load("sentiment", model=str(baseline)),
                                                   test[0]), test[1]),
        "student_accuracy": accuracy(run(tz.load("sentiment", model=report.model_dir),
                                         test[0]), test[1]),
        "student": {"counts": report.counts, "label_counts": report.label_counts,
                    "seconds": report.seconds},
    })


# -- generate ----------------------------------------------------------------------------------
def generate(n: int, teacher: str) -> None:
    spam_data = task_data("spam")
    sms = spam_data.load("sms", "train")
    sms_val, sms_test = spam_data.load("sms", "validation"), spam_data.load("sms", "test")
    made = spam_data.load("made", "train")
    check = spam_data.load_check_set()
    start = time.time()
    made_by_llm = tz.generate("spam", ["spam", "ham"], n, teacher=teacher, seed=0,
                              exclude=sms[0] + made[0] + check[0], cache=AnswerCache(CACHE),
                              output=DATA / f"generated-spam-{teacher}-{n}.jsonl", progress=False)
    out: dict[str, Any] = {
        "teacher": teacher, "asked": n, "generated": len(made_by_llm.texts),
        "counts": made_by_llm.counts, "prompts": made_by_llm.prompts,
        "duplicates": made_by_llm.duplicates, "rejected": made_by_llm.rejected,
        "seconds": round(time.time() - start), "examples": made_by_llm.pairs()[:8],
    }
    gen = (made_by_llm.texts, made_by_llm.labels)
    variants = {"sms": sms, "sms+llm": _cat(sms, gen), "sms+made": _cat(sms, made),
                "sms+made+llm": _cat(_cat(sms, made), gen)}
    scores = {}
    for name, data in variants.items():
        path = tz.train("spam", data, method="fasttext", output_dir=MODELS / f"spam-{name}",
                        validation=sms_val, test=sms_test, overwrite=True, progress=False)
        pipe = tz.load("spam", model=str(path))
        scores[name] = {"train_items": len(data[0]),
                        "check_set_accuracy": accuracy(run(pipe, check[0]), check[1]),
                        "check_set_spam_recall": _recall(run(pipe, check[0]), check[1]),
                        "sms_test_accuracy": accuracy(run(pipe, sms_test[0]), sms_test[1])}
        print(name, scores[name], flush=True)
    out["fasttext"] = scores
    save(f"generate-spam-{teacher}-{n}", out)


def _cat(a: tuple[list[str], list[str]], b: tuple[list[str], list[str]]
         ) -> tuple[list[str], list[str]]:
    return a[0] + b[0], a[1] + b[1]


def _recall(results: list[Any], gold: list[str], positive: str = "spam") -> float:
    hits = [r.label == positive for r, g in zip(results, gold, strict=True) if g == positive]
    return sum(hits) / max(len(hits), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--methods", default="fasttext,head")
    p = sub.add_parser("cascade")
    p.add_argument("--small", default="ft-full")
    p.add_argument("--large", default="minilm-lora-rt")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--advisors", default="", help="comma-separated advisor models, e.g. vader")
    p = sub.add_parser("eval")
    p.add_argument("--small", default="fasttext-rt")
    p.add_argument("--large", default="minilm-lora-rt")
    p.add_argument("--threshold", type=float, required=True)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--advisors", default="", help="also rows for these advisors and the "
                   "advised cascade (chosen on validation), e.g. vader")
    p = sub.add_parser("distill")
    p.add_argument("--teacher", default="head-a")
    p.add_argument("--unlabelled", type=int, default=None)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--lr", type=float, default=None, help="fastText learning rate")
    p = sub.add_parser("distill-heldout")
    p.add_argument("--teacher", default="minilm-lora-rt")
    p = sub.add_parser("generate")
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--teacher", default=LLM)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.methods.split(","))
    elif args.step == "cascade":
        cascade(args.small, args.large, args.limit,
                [a for a in args.advisors.split(",") if a])
    elif args.step == "eval":
        evaluate(args.small, args.large, args.threshold, args.limit,
                 [a for a in args.advisors.split(",") if a])
    elif args.step == "distill-heldout":
        distill_heldout(args.teacher)
    elif args.step == "distill":
        distill(args.teacher, args.unlabelled, args.limit, args.lr)
    else:
        generate(args.n, args.teacher)


if __name__ == "__main__":
    main()
