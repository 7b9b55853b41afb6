"""taskzoo.train for text: each method on a small real subset, the model-directory contract,
and bad training data refused before any training starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import taskzoo
from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.results import Label

DATA = Path(__file__).parent / "data" / "classify"


def rows(name: str) -> list[tuple[str, str]]:
    """(text, label) pairs of a committed sample (real SMS / Rotten Tomatoes rows)."""
    with open(DATA / name, encoding="utf-8") as handle:
        return [(r["text"], r["label"]) for r in map(json.loads, handle)]


SMS = rows("sms_sample.jsonl")  # 200 spam + 200 ham: chance is 0.5


@pytest.fixture(scope="session")
def fasttext_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("train") / "ft"
    return taskzoo.train("text-classification", SMS, method="fasttext", output_dir=out,
                         progress=False, epoch=10, quantize=False)



def card(path: Path) -> dict:
    return json.loads((path / "card.json").read_text())


def test_fasttext_learns_and_writes_a_complete_card(fasttext_dir: Path) -> None:
    meta = card(fasttext_dir)
    assert meta["method"] == "fasttext" and meta["labels"] == ["ham", "spam"]
    assert meta["data"] == {"train": 320, "validation": 40, "test": 40,
                            "label_counts": {"ham": 160, "spam": 160}}
    assert meta["metrics"]["test"]["accuracy"] >= 0.8  # chance: 0.5
    from taskzoo.weights import sha256_of

    assert meta["files"]["model.ftz"] == sha256_of(fasttext_dir / "model.ftz")


def test_trained_dir_loads_for_any_text_task(fasttext_dir: Path) -> None:
    for task in ("text-classification", "sentiment", "spam"):
        clf = taskzoo.load(task, model=str(fasttext_dir))
        out = clf(["WINNER! claim your free prize now, txt CLAIM to 80808", "see you at lunch"],
                  scores=True)
        assert [r.label for r in out] == ["spam", "ham"]
        assert all(isinstance(r, Label) and set(r.scores) == {"ham", "spam"} for r in out)
        assert all(abs(sum(r.scores.values()) - 1) < 1e-3 for r in out)


def test_head_method_learns(head_dir: Path) -> None:
    meta = card(head_dir)
    assert meta["method"] == "head" and meta["base_model"] == {"name": "all-minilm-l6-v2"}
    assert meta["metrics"]["test"]["accuracy"] >= 0.8
    # spam task: an operating threshold picked on validation, overridable per call
    assert 0 < meta["options"]["threshold"] < 1 and meta["options"]["positive_label"] == "spam"
    clf = taskzoo.load("spam", model=str(head_dir))
    text = "URGENT you have won a 1000 cash prize call now"
    first = clf(text, scores=True)
    assert first.label == "spam" and first.score == first.scores["spam"]
    p_spam = first.scores["spam"]
    assert clf(text, threshold=min(1.0, p_spam + 1e-5)).label == "ham"
    assert clf(text, threshold=0.0).label == "spam"
    assert clf("see you at lunch", threshold=0.0).label == "spam"  # everything is spam at 0
    assert clf("   ") == Label("ham", 0.0)


def test_static_method_learns_and_reads_no_transformer_per_text(tmp_path: Path) -> None:
    path = taskzoo.train("spam", SMS, method="static", output_dir=tmp_path / "static",
                         progress=False)
    meta = card(path)
    assert meta["method"] == "static" and meta["base_model"] == {"name": "all-minilm-l6-v2"}
    assert meta["metrics"]["test"]["accuracy"] >= 0.8  # chance: 0.5
    assert set(meta["files"]) == {"head.safetensors"}  # the token table is not copied per model
    clf = taskzoo.load("spam", model=str(path))
    out = clf(["URGENT you have won a 1000 cash prize call now", "see you at lunch"],
              scores=True)
    assert [r.label for r in out] == ["spam", "ham"]
    backend = clf.load()
    assert backend.table is not None and backend.table.shape[1] == 384

    def no_transformer(*args: object, **kwargs: object) -> None:
        raise AssertionError("the static method ran the transformer for a text")

    backend.encoder.forward = no_transformer
    assert clf("claim your FREE prize now").label == "spam"


def test_corrupt_model_file_is_refused(fasttext_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(fasttext_dir, copy)
    with open(copy / "model.ftz", "ab") as handle:
        handle.write(b"x")
    with pytest.raises(ModelLoadError, match="corrupt"):
        taskzoo.load("text-classification", model=str(copy))("hello")


def test_dataframe_csv_and_jsonl_inputs(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame(SMS, columns=["body", "kind"])
    csv = tmp_path / "sms.csv"
    frame.to_csv(csv, index=False)
    jsonl = tmp_path / "sms.jsonl"
    jsonl.write_text("".join(json.dumps({"text": t, "label": y}) + "\n" for t, y in SMS))
    for i, data in enumerate((frame, csv, jsonl)):
        cols = {"text_column": "body", "label_column": "kind"} if i < 2 else {}
        path = taskzoo.train("text-classification", data, method="fasttext", progress=False,
                             output_dir=tmp_path / f"m{i}", epoch=5, quantize=False, **cols)
        assert card(path)["data"]["train"] == 320


def test_multiclass_labels(tmp_path: Path) -> None:
    rt = rows("rt_sample.jsonl")
    data = SMS[:300] + rt[:300]
    data = [(t, "movie-" + y) if y in {"positive", "negative"} else (t, y) for t, y in data]
    path = taskzoo.train("text-classification", data, method="fasttext", progress=False,
                         output_dir=tmp_path / "m", epoch=10, quantize=False)
    meta = card(path)
    assert meta["labels"] == ["ham", "movie-negative", "movie-positive", "spam"]
    out = taskzoo.load("text-classification", model=str(path))("a dull, lifeless film", scores=True)
    assert set(out.scores) == set(meta["labels"])


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        ([], {}, "empty"),
        ([("good", "pos"), ("great", "pos"), ("fine", "pos")], {}, "one class"),
        ((["a", "b", "c"], ["x", "y"]), {}, "3 texts but 2 labels"),
        ([("ok", "x"), (42, "y"), ("z", "y")], {}, "must be a str"),
        ([("ok", "x"), ("fine", None), ("z", "y")], {}, "missing label"),
        ("no-such-file.csv", {}, "no training data file"),
        ([("a", "x")] * 3 + [("b", "y")] * 3, {"method": "svm"}, "unknown training method"),
        ([("a", "x")] * 3 + [("b", "y")] * 3, {"C": 2.0}, "unknown option"),
        ([("a", "x")] * 3 + [("b", "y"), ("c", "z")] * 3, {"positive_label": "y"}, "binary"),
        (42, {}, "list of \\(text, label\\) pairs"),
    ],
)
def test_bad_data_refused_before_training(
    data: object, kwargs: dict, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taskzoo.training import fasttext_method

    monkeypatch.setattr(fasttext_method, "fit", lambda *a, **k: pytest.fail("trained anyway"))
    with pytest.raises(InvalidInputError, match=message):
        taskzoo.train("text-classification", data, output_dir=tmp_path / "m", progress=False,
                      **kwargs)
    assert not (tmp_path / "m").exists()


def test_missing_columns_in_csv_and_dataframe(tmp_path: Path) -> None:
    import pandas as pd

    csv = tmp_path / "d.csv"
    csv.write_text("message,category\nhello,a\nbye,b\n")
    with pytest.raises(InvalidInputError, match="no column"):
        taskzoo.train("text-classification", csv, output_dir=tmp_path / "m", progress=False)
    frame = pd.DataFrame({"text": ["a", "b"], "y": ["p", "q"]})
    with pytest.raises(InvalidInputError, match="'label'"):
        taskzoo.train("text-classification", frame, output_dir=tmp_path / "m", progress=False)


def test_existing_output_dir_is_not_clobbered(fasttext_dir: Path) -> None:
    before = card(fasttext_dir)
    with pytest.raises(InvalidInputError, match="already exists"):
        taskzoo.train("text-classification", SMS, output_dir=fasttext_dir, progress=False)
    assert card(fasttext_dir) == before


def test_interrupted_training_leaves_nothing_that_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taskzoo.training import fasttext_method

    def interrupted(texts: object, labels: object, out: Path, *a: object, **k: object) -> None:
        (out / "model.ftz").write_bytes(b"half a model")
        raise KeyboardInterrupt

    monkeypatch.setattr(fasttext_method, "fit", interrupted)
    target = tmp_path / "m"
    with pytest.raises(KeyboardInterrupt):
        taskzoo.train("text-classification", SMS, output_dir=target, progress=False)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no partial directory left behind


def test_cli_train(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from taskzoo.cli import main

    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"text": t, "y": y}) + "\n" for t, y in SMS))
    code = main(["train", "text-classification", str(data), "--output", str(tmp_path / "m"),
                 "--label-column", "y", "--option", "epoch=5", "--option", "quantize=false",
                 "--quiet"])
    assert code == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["test"]["accuracy"] >= 0.8
    assert main(["train", "text-classification", str(data), "--output", str(tmp_path / "x"),
                 "--quiet"]) == 2  # no "label" column: a usage error, nothing trained
    assert not (tmp_path / "x").exists()


def test_short_texts_get_their_own_threshold(tmp_path: Path) -> None:
    # validation = the whole sample so both length groups hold both classes (this checks the
    # mechanism, not generalisation): 20 spam + 153 ham of <= 100 characters, 180 + 47 longer
    path = taskzoo.train("spam", SMS, method="fasttext", output_dir=tmp_path / "m",
                         validation=SMS, progress=False, epoch=10, quantize=False,
                         short_text_chars=100)
    meta = card(path)
    short, cut = meta["options"]["short_text"], meta["options"]["threshold"]
    assert short["max_chars"] == 100 and 0.0 < short["threshold"] < 1.0
    assert meta["threshold_selection"]["short_text"]["threshold"] == short["threshold"]
    clf = taskzoo.load("spam", model=str(path))
    texts = [text for text, _ in SMS[::5]]
    for text, result in zip(texts, clf(texts, scores=True), strict=True):
        p_spam = result.scores["spam"]
        own = short["threshold"] if len(text.strip()) <= 100 else cut
        assert result.label == ("spam" if p_spam >= own else "ham"), text
    # a per-call threshold overrides both
    assert {r.label for r in clf(texts, threshold=0.0)} == {"spam"}


@pytest.mark.parametrize("kwargs", [{"short_text_chars": 0}, {"short_text_chars": "100"},
                                    {"short_text_chars": 100, "threshold": 0.5},
                                    {"short_text_chars": 100, "positive_label": None,
                                     "task": "text-classification"}])
def test_bad_short_text_chars_refused(kwargs: dict, tmp_path: Path) -> None:
    task = kwargs.pop("task", "spam")
    with pytest.raises(InvalidInputError, match="short_text_chars"):
        taskzoo.train(task, SMS, method="fasttext", output_dir=tmp_path / "m", progress=False,
                      **kwargs)
    assert not (tmp_path / "m").exists()


def test_diverging_fasttext_retries_at_lower_learning_rates(tmp_path: Path) -> None:
    # lr=50 really makes fastText's loss NaN on this data; halving three times reaches 6.25
    with pytest.warns(UserWarning, match="diverged") as caught:
        path = taskzoo.train("text-classification", SMS, method="fasttext", lr=50.0,
                             output_dir=tmp_path / "m", progress=False, quantize=False)
    assert [str(w.message) for w in caught if "diverged" in str(w.message)] == [
        f"fastText diverged (NaN loss) at lr={lr}; retrying at lr={lr / 2}"
        for lr in (50.0, 25.0, 12.5)]
    meta = card(path)
    assert meta["training"]["hyperparameters"]["lr"] == 6.25  # the rate that worked
    assert meta["metrics"]["test"]["accuracy"] >= 0.8


def test_fasttext_that_always_diverges_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="diverged"), \
            pytest.raises(taskzoo.TrainingError, match="pass a smaller lr="):
        taskzoo.train("text-classification", SMS, method="fasttext", lr=1000.0,
                      output_dir=tmp_path / "m", progress=False, quantize=False)
    assert not (tmp_path / "m").exists()


def test_fasttext_on_48_texts_quantises_what_it_learned_and_warns_on_calibration(
        tmp_path: Path) -> None:
    """48 texts: quantisation keeps only the rows the data touches (its cost scales with the
    data), and a 4-text validation part is too small to fit a temperature: a warning, T = 1."""
    import fasttext

    from taskzoo.training.fasttext_method import feature_count

    pairs = [p for p in SMS if p[1] == "spam"][:24] + [p for p in SMS if p[1] == "ham"][:24]
    with pytest.warns(UserWarning, match="only 4 validation texts: too few to fit"):
        out = taskzoo.train("text-classification", pairs, method="fasttext",
                            output_dir=tmp_path / "ft48", progress=False)
    meta = card(out)
    assert meta["data"]["validation"] == 4 and meta["options"]["temperature"] == 1.0
    assert fasttext.load_model(str(out / "model.ftz")).is_quantized()
    scores = [r.score for r in taskzoo.load("spam", model=str(out))([t for t, _ in pairs[:8]])]
    assert all(0.0 < s < 1.0 for s in scores)  # not the 1.0 / 0.0 of an over-fitted temperature
    assert feature_count(["a b a", "b c"], {"wordNgrams": 2}) == 6  # a b c, a b, b a, b c


def test_feature_count_includes_character_ngrams() -> None:
    from taskzoo.training.fasttext_method import feature_count

    # <ab>: 3-grams <ab, ab>; the word itself "ab" counts once
    assert feature_count(["ab"], {"wordNgrams": 1, "minn": 3, "maxn": 3}) == 3


def test_fasttext_model_is_the_same_as_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """Training runs in its own interpreter, so the model does not depend on what this test
    session ran before (a long session once diverged where a fresh one trains cleanly)."""
    import hashlib
    import subprocess
    import sys

    script = (
        "import sys, taskzoo, json\n"
        "pairs = [tuple(p) for p in json.load(open(sys.argv[1]))]\n"
        "taskzoo.train('text-classification', pairs, method='fasttext', output_dir=sys.argv[2],"
        " progress=False)\n")
    (tmp_path / "pairs.json").write_text(json.dumps(SMS[:160] + SMS[-160:]))
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "pairs.json"),
                    str(tmp_path / "fresh")], check=True, capture_output=True)
    here = taskzoo.train("text-classification", SMS[:160] + SMS[-160:], method="fasttext",
                         output_dir=tmp_path / "here", progress=False)
    digest = lambda p: hashlib.sha256((p / "model.ftz").read_bytes()).hexdigest()  # noqa: E731
    assert digest(here) == digest(tmp_path / "fresh")


def test_fasttext_rejecting_an_option_is_a_training_error(tmp_path: Path) -> None:
    with pytest.raises(taskzoo.TrainingError, match="fastText failed"):
        taskzoo.train("text-classification", SMS, method="fasttext", loss="no-such-loss",
                      output_dir=tmp_path / "m", progress=False)
    assert not (tmp_path / "m").exists()


def test_a_crashed_fasttext_process_is_a_training_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from taskzoo.training import fasttext_child

    crash = tmp_path / "crash.py"
    crash.write_text("import os\nos.abort()\n")  # dies the way a native crash does
    monkeypatch.setattr(fasttext_child, "__file__", str(crash))
    with pytest.raises(taskzoo.TrainingError, match="exit code -6 before finishing"):
        taskzoo.train("text-classification", SMS, method="fasttext",
                      output_dir=tmp_path / "m", progress=False)
    assert not (tmp_path / "m").exists()
