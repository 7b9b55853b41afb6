"""Evaluation data loading: held-out splits, user files, and clear errors for bad data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taskzoo.evaluation.data import EvaluationDataError, heldout, load_file

LABELS = ("negative", "positive")


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_csv_and_folder_give_the_same_examples(tmp_path: Path) -> None:
    rows = [{"text": "great film", "label": "positive"}, {"text": "dull", "label": "negative"}]
    from_jsonl = load_file(_jsonl(tmp_path / "d.jsonl", rows), "classification", LABELS)
    (tmp_path / "d.csv").write_text("text,label\ngreat film,positive\ndull,negative\n")
    from_csv = load_file(tmp_path / "d.csv", "classification", LABELS)
    for row in rows:
        folder = tmp_path / "folder" / row["label"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "a.txt").write_text(row["text"])
    from_folder = load_file(tmp_path / "folder", "classification", LABELS)
    assert from_jsonl == from_csv
    assert sorted(from_folder, key=lambda e: e.target) == sorted(from_jsonl,
                                                                 key=lambda e: e.target)


def test_missing_column_names_the_record_and_columns(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "d.jsonl", [{"text": "ok", "label": "positive"}, {"text": "x"}])
    with pytest.raises(EvaluationDataError, match=r"record 2 has no 'label' column"):
        load_file(path, "classification", LABELS)
    (tmp_path / "d.csv").write_text("sentence,label\nhello,positive\n")
    with pytest.raises(EvaluationDataError, match=r"no 'text' column.*columns found: sentence"):
        load_file(tmp_path / "d.csv", "classification", LABELS)


def test_unknown_labels_are_listed(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "d.jsonl", [{"text": "a", "label": "positive"},
                                         {"text": "b", "label": "neutral"}])
    with pytest.raises(EvaluationDataError, match=r"unknown label\(s\) 'neutral'"):
        load_file(path, "classification", LABELS)


@pytest.mark.parametrize("content", ["", "\n\n", "text,label\n"])
def test_empty_files_are_refused(tmp_path: Path, content: str) -> None:
    suffix = ".csv" if "," in content else ".jsonl"
    path = tmp_path / f"empty{suffix}"
    path.write_text(content)
    with pytest.raises(EvaluationDataError, match="empty"):
        load_file(path, "classification", LABELS)


def test_mixed_types_are_refused(tmp_path: Path) -> None:
    texts = _jsonl(tmp_path / "t.jsonl", [{"text": "a", "label": "positive"},
                                          {"text": 3, "label": "negative"}])
    with pytest.raises(EvaluationDataError, match="must be a string, got int"):
        load_file(texts, "classification", LABELS)
    labels = _jsonl(tmp_path / "l.jsonl", [{"text": "a", "label": 1},
                                           {"text": "b", "label": "positive"}])
    with pytest.raises(EvaluationDataError, match="mixes types"):
        load_file(labels, "classification", ())


def test_bad_json_and_bad_entities_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "label": "positive"}\n{not json\n')
    with pytest.raises(EvaluationDataError, match="line 2 is not valid JSON"):
        load_file(bad, "classification", LABELS)
    ents = _jsonl(tmp_path / "e.jsonl", [{"text": "Tim", "entities": [{"start": 0}]}])
    with pytest.raises(EvaluationDataError, match="start, end, label"):
        load_file(ents, "ner")
    images = _jsonl(tmp_path / "i.jsonl", [{"image": "nope.png", "text": "x"}])
    with pytest.raises(EvaluationDataError, match=r"nope\.png does not exist"):
        load_file(images, "ocr")
    with pytest.raises(EvaluationDataError, match="no data at"):
        load_file(tmp_path / "missing.csv", "classification")
    with pytest.raises(EvaluationDataError, match="unsupported"):
        load_file(_jsonl(tmp_path / "d.xlsx", [{}]), "classification")


def test_relative_media_paths_resolve_against_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.wav").write_bytes(b"RIFF")
    path = _jsonl(tmp_path / "asr.jsonl", [{"path": "a.wav", "text": "hello"}])
    [example] = load_file(path, "asr")
    assert example.input == str(tmp_path / "a.wav") and example.target == "hello"


def test_ner_heldout_split_is_consistent() -> None:
    examples, origin = heldout("ner", "ner")
    assert origin.endswith("tasks/ner/test.jsonl") and len(examples) >= 30
    for example in examples:
        for ent in example.target:
            assert example.input[ent["start"]:ent["end"]] == ent["text"]


def test_missing_heldout_split_says_what_to_do(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TASKZOO_TASKS_DIR", str(tmp_path))
    with pytest.raises(EvaluationDataError, match="--data FILE"):
        heldout("ner", "ner")
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / "evaluate.py").write_text(
        "def heldout():\n    return [{'text': 'Tim', 'entities': "
        "[{'start': 0, 'end': 3, 'label': 'PERSON'}]}]\n")
    examples, origin = heldout("ner", "ner")
    assert origin.endswith("evaluate.py") and examples[0].target[0]["label"] == "PERSON"


def test_recipes_of_an_installed_wheel_write_into_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from taskzoo.weights import recipe_data_dir

    monkeypatch.setenv("TASKZOO_HOME", str(tmp_path / "home"))
    assert recipe_data_dir("/x/site-packages/taskzoo/_tasks/spam/data.py") == (
        tmp_path / "home" / "tasks" / "spam")
    assert recipe_data_dir("/repo/tasks/spam/data.py") == Path("/repo/tasks/spam/data")


def test_sentiment_heldout_is_built_on_demand_from_the_wheel_layout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """As from an installed wheel: only the recipe, an empty cache; the split is fetched, built
    (same 10 % test split as tasks/sentiment/data.py) and cached, with a message saying so."""
    recipes = tmp_path / "site" / "taskzoo" / "_tasks"
    (recipes / "sentiment").mkdir(parents=True)
    repo = Path(__file__).resolve().parents[1]
    (recipes / "sentiment" / "data.py").write_text(
        (repo / "tasks" / "sentiment" / "data.py").read_text(encoding="utf-8"))
    monkeypatch.setenv("TASKZOO_TASKS_DIR", str(recipes))
    monkeypatch.setenv("TASKZOO_HOME", str(tmp_path / "home"))
    examples, origin = heldout("sentiment", "classification", LABELS)
    assert "Rotten Tomatoes" in origin
    assert 1000 < len(examples) < 1500 and {e.target for e in examples} == set(LABELS)
    assert (tmp_path / "home" / "tasks" / "sentiment" / "test.jsonl").is_file()
    assert not (recipes / "sentiment" / "data").exists()
    assert "held-out data for sentiment" in capsys.readouterr().err
    again, _ = heldout("sentiment", "classification", LABELS)
    assert again == examples
