"""taskzoo.train("ner"): spaCy fine-tuning with new entity types, the model-folder contract, the
data forms, and bad data refused before any training starts.

Training data: a slice of the worked example's template sentences (tasks/ner/medications) and
of its rehearsal texts (film plot summaries); nothing here reads a test set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import taskzoo
from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.results import Entity
from taskzoo.training.ner_data import load_ner_examples, spacy_aligner
from taskzoo.weights import sha256_of

ROOT = Path(__file__).resolve().parents[1]
MEDS = ROOT / "tasks" / "ner" / "medications"
TRAIN = [json.loads(line) for line in (MEDS / "train.jsonl").read_text().splitlines()]
REHEARSAL = (MEDS / "rehearsal.txt").read_text().splitlines()
# Sentences written for these tests (not in any data file).
NOTE = "Tom Fischer was started on metformin 500 mg once daily in Boston on Monday."
DRUG_AT = (NOTE.index("metformin"), NOTE.index("metformin") + len("metformin"))


@pytest.fixture(scope="session")
def align():
    import spacy

    return spacy_aligner(spacy.blank("en"))


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ner") / "meds"
    return taskzoo.train("ner", TRAIN[:200], output_dir=out, rehearsal_texts=REHEARSAL[:60],
                         progress=False, max_epochs=6)


def card(path: Path) -> dict:
    return json.loads((path / "card.json").read_text())


def test_new_types_are_learnt_and_old_ones_kept(trained: Path) -> None:
    ner = taskzoo.load("ner", model=str(trained))
    ents = ner(NOTE)
    assert all(isinstance(e, Entity) and NOTE[e.start:e.end] == e.text for e in ents)
    found = {(e.start, e.end, e.label) for e in ents}
    assert (*DRUG_AT, "DRUG") in found
    assert any(e.label == "DOSAGE" and e.text == "500 mg" for e in ents)
    labels = {e.label for e in ents}
    assert {"PERSON", "GPE"} & labels  # the base model's types survive the fine-tuning


def test_old_types_come_from_the_unchanged_base_model(trained: Path,
                                                       ner_pipe: taskzoo.Pipeline) -> None:
    text = "Lena Berg moved from Oslo to Chicago in 2019 to work for Deloitte."
    assert taskzoo.load("ner", model=str(trained))(text) == ner_pipe(text)


def test_merge_prefers_new_labels_on_overlap() -> None:
    from taskzoo.backends.spacy import merge

    own = [Entity("Lipitor", "DRUG", 5, 12), Entity("Ann", "PERSON", 20, 23)]
    base = [Entity("Lipitor", "ORG", 5, 12), Entity("Ann Lee", "PERSON", 20, 27),
            Entity("today", "DATE", 0, 5)]
    assert merge(own, base, frozenset({"DRUG"})) == [
        Entity("today", "DATE", 0, 5), Entity("Lipitor", "DRUG", 5, 12),
        Entity("Ann Lee", "PERSON", 20, 27)]


def test_card_lists_labels_metrics_and_file_hashes(trained: Path) -> None:
    meta = card(trained)
    assert meta["format"] == "taskzoo-ner" and meta["new_labels"] == ["DOSAGE", "DRUG"]
    assert {"DRUG", "DOSAGE", "PERSON", "ORG", "GPE", "DATE"} <= set(meta["labels"])
    assert meta["data"]["train"] + meta["data"]["validation"] + meta["data"]["test"] == 200
    test = meta["metrics"]["test"]
    assert test["examples"] == meta["data"]["test"] == 20
    assert test["f1 (new labels)"] >= 0.8
    assert 0.0 < test["f1 agreement with the base model (its labels)"] <= 1.0
    assert meta["files"] and all(sha256_of(trained / name) == digest
                                 for name, digest in meta["files"].items())
    listed = taskzoo.registry.resolve("ner", str(trained))
    assert set(listed.labels) == set(meta["labels"])
    assert "f1 DRUG (held-out test part)" in listed.metrics


def test_a_changed_file_is_refused(trained: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(trained, copy)
    meta = next(copy.glob("spacy/meta.json"))
    meta.write_text(meta.read_text().replace("{", "{ ", 1))
    with pytest.raises(ModelLoadError, match="sha256"):
        taskzoo.load("ner", model=str(copy))("metformin 5 mg")


def test_new_labels_only(tmp_path: Path) -> None:
    out = taskzoo.train("ner", TRAIN[:120], output_dir=tmp_path / "only", progress=False,
                        keep_base_labels=False, max_epochs=8)
    assert card(out)["labels"] == ["DOSAGE", "DRUG"]
    ents = taskzoo.load("ner", model=str(out))(NOTE)
    assert {e.label for e in ents} <= {"DRUG", "DOSAGE"}
    assert (*DRUG_AT, "DRUG") in {(e.start, e.end, e.label) for e in ents}


# -- data forms ----------------------------------------------------------------------------------
def test_jsonl_pairs_and_bio_give_the_same_spans(tmp_path: Path, align) -> None:
    text = "Give aspirin 75 mg to Ann Lee ."
    spans = [(5, 12, "DRUG"), (13, 18, "DOSAGE")]
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text(json.dumps({"text": text, "entities": [list(s) for s in spans]}) + "\n"
                     + json.dumps({"text": text, "entities": [
                         {"start": s, "end": e, "label": lab} for s, e, lab in spans]}) + "\n")
    bio = tmp_path / "d.conll"
    bio.write_text("-DOCSTART- O\n\nGive O\naspirin B-DRUG\n75 B-DOSAGE\nmg I-DOSAGE\nto O\n"
                   "Ann O\nLee O\n. O\n\n")
    pairs = [(text, {"entities": spans}), (text, spans)]
    for data in (jsonl, bio, pairs):
        examples, report = load_ner_examples(data, align)
        assert all(ex == (text, spans) for ex in examples), data
        assert report.labels == {"DRUG": len(examples), "DOSAGE": len(examples)}


@pytest.mark.parametrize(("spans", "message"), [
    ([(5, 11, "DRUG")], r"'aspiri' DRUG does not start and end on token boundaries"),
    ([(5, 12, "DRUG"), (5, 18, "DOSAGE")], "overlap"),
    ([(20, 99, "DRUG")], "outside the text"),
    ([(5, 12, "")], "non-empty label"),
    ([("5", 12, "DRUG")], "integer character offsets"),
    ([(5, 12)], "is not \\[start, end, label\\]"),
])
def test_bad_spans_name_the_sentence_and_span(spans: list, message: str, align) -> None:
    text = "Give aspirin 75 mg to Ann Lee."
    with pytest.raises(InvalidInputError, match=message) as info:
        load_ner_examples([("ok sentence", []), (text, {"entities": spans})], align)
    assert "example 1" in str(info.value) and "Give aspirin" in str(info.value)


def test_snap_widens_and_counts(align) -> None:
    text = "Give aspirin 75 mg today."
    examples, report = load_ner_examples([(text, [(6, 12, "DRUG"), (12, 18, "DOSAGE")])],
                                         align, snap=True)
    assert examples[0][1] == [(5, 12, "DRUG"), (13, 18, "DOSAGE")]
    assert report.snapped == 2


def test_bad_bio_tags(tmp_path: Path, align) -> None:
    bio = tmp_path / "bad.bio"
    bio.write_text("Give O\naspirin DRUG\n")
    with pytest.raises(InvalidInputError, match=r"bad.bio:2: tag 'DRUG' is not BIO"):
        load_ner_examples(bio, align)


# -- refused before training ---------------------------------------------------------------------
def test_refused_before_training(tmp_path: Path) -> None:
    def train(data: object, **kw: object) -> Path:
        return taskzoo.train("ner", data, output_dir=kw.pop("out", tmp_path / "m"),
                             progress=False, **kw)

    with pytest.raises(InvalidInputError, match="empty"):
        train([])
    with pytest.raises(InvalidInputError, match="1 example"):
        train(TRAIN[:1])
    with pytest.raises(InvalidInputError, match="no entity spans"):
        train([(r["text"], []) for r in TRAIN[:10]])
    with pytest.raises(InvalidInputError, match="unknown NER training option"):
        train(TRAIN[:10], epochs=3)
    with pytest.raises(InvalidInputError, match="unknown NER training method"):
        train(TRAIN[:10], method="lora")
    with pytest.raises(InvalidInputError, match="unsupported NER data file"):
        train(ROOT / "README.md")
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInputError, match="already exists"):
        train(TRAIN[:10], out=existing)
    assert (existing / "keep.txt").read_text() == "mine"
    assert not (tmp_path / "m").exists()


def test_cli_trains_a_loadable_folder(tmp_path: Path) -> None:
    data = tmp_path / "spans.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in TRAIN[:40]))
    out = tmp_path / "cli-ner"
    cmd = [sys.executable, "-m", "taskzoo", "train", "ner", str(data), "--output", str(out),
           "--new-labels-only", "--quiet", "--option", "max_epochs=2"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["model"] == str(out.resolve())
    assert card(out)["labels"] == ["DOSAGE", "DRUG"]
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode != 0 and "already exists" in again.stderr
