"""taskzoo.train("ner", method="minilm"): a token classifier on the MiniLM encoder, trained with
torch and served on ONNX Runtime; word/wordpiece alignment, windows for long texts, the folder
contract, torch-free serving, and bad input refused before training.

Training data: a slice of the worked example's template sentences (tasks/ner/medications);
the sentences it is scored on are other rows of the same file and sentences written here.
Nothing here reads a test set."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import taskzoo
from taskzoo.backends.onnx_encoder import load_encoder, windows
from taskzoo.backends.token_tags import Words, decode, tag_set, word_targets, words_of
from taskzoo.errors import InvalidInputError, MissingDependencyError, ModelLoadError
from taskzoo.results import Entity
from taskzoo.training.ner import score
from taskzoo.weights import sha256_of

ROOT = Path(__file__).resolve().parents[1]
MEDS = ROOT / "tasks" / "ner" / "medications"
TRAIN = [json.loads(line) for line in (MEDS / "train.jsonl").read_text().splitlines()]
REHEARSAL = (MEDS / "rehearsal.txt").read_text().splitlines()
SEEN, UNSEEN = TRAIN[:120], TRAIN[300:400]  # template rows never trained on, for the floor
NOTE = "Tom Fischer was started on metformin 500 mg once daily in Boston on Monday."
# the floor a 120-sentence, 4-epoch model must beat on 100 unseen template sentences (the full
# recipe reaches more: tasks/ner/README.md)
FLOOR = 0.8
NEW = ("DRUG", "DOSAGE")


@pytest.fixture(scope="session")
def tagger_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ner-minilm") / "meds"
    return taskzoo.train("ner", SEEN, method="minilm", mode="full", output_dir=out,
                         rehearsal_texts=REHEARSAL[:60], progress=False, max_epochs=4)


@pytest.fixture(scope="session")
def tagger(tagger_dir: Path) -> taskzoo.Pipeline:
    pipe = taskzoo.load("ner", model=str(tagger_dir))
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def base_encoder():
    return load_encoder(taskzoo.resolve("embeddings").source.locate())


def card(path: Path) -> dict:
    return json.loads((path / "card.json").read_text())


def spans_of(rows: list[dict]) -> list[list[tuple[int, int, str]]]:
    return [[tuple(e) for e in r["entities"]] for r in rows]


# -- the trained model ------------------------------------------------------------------------
def test_finds_the_new_types_on_unseen_sentences(tagger: taskzoo.Pipeline) -> None:
    found = [[(e.start, e.end, e.label) for e in ents]
             for ents in tagger([r["text"] for r in UNSEEN])]
    assert score(found, spans_of(UNSEEN), {"DRUG", "DOSAGE"})["f1"] >= FLOOR


def test_entities_slice_the_input_and_keep_the_old_types(tagger: taskzoo.Pipeline) -> None:
    ents = tagger(NOTE)
    assert all(isinstance(e, Entity) and NOTE[e.start:e.end] == e.text for e in ents)
    found = {(e.text, e.label) for e in ents}
    assert ("metformin", "DRUG") in found and ("500 mg", "DOSAGE") in found
    assert {"PERSON", "GPE"} & {e.label for e in ents}  # from the base model beside it
    assert all(0 < e.score <= 1 for e in ents if e.label in ("DRUG", "DOSAGE"))


def test_old_types_are_the_base_models(tagger: taskzoo.Pipeline,
                                       ner_pipe: taskzoo.Pipeline) -> None:
    # the tagger gives DRUG/DOSAGE; every other entity is the base model's own, unchanged,
    # unless a new-type entity covers it
    for text in (NOTE, "Lena Berg moved from Oslo to Chicago in 2019 to work for Google.",
                 "Dr. Ahmed at Mount Sinai gave Ann 20 mg of atorvastatin on 3 March."):
        ents = tagger(text)
        new = [e for e in ents if e.label in NEW]
        assert [e for e in ents if e.label not in NEW] == [
            b for b in ner_pipe(text) if not any(b.start < n.end and n.start < b.end
                                                 for n in new)]
    text = "Lena Berg moved from Oslo to Chicago in 2019."
    assert tagger(text) == ner_pipe(text)


def test_few_false_drugs_in_ordinary_prose(tagger: taskzoo.Pipeline) -> None:
    # film plots (rehearsal texts the fixture did not train on): names, places, foreign words
    plots = REHEARSAL[200:300]
    flagged = [t for t, ents in zip(plots, tagger(plots), strict=True)
               if any(e.label in NEW for e in ents)]
    # measured 16 of 100 with torch on 2 threads, fewer on 1 (the fixture trains on 120 sentences)
    assert len(flagged) <= 0.22 * len(plots), flagged[:5]


def test_offsets_survive_normalisation(tagger: taskzoo.Pipeline) -> None:
    # accents, curly quotes, an emoji, tabs and doubled spaces: the tokenizer normalises (lower
    # case, strips accents) but offsets must still point into the original string
    text = "\t🙂  Zoë’s   DOCTOR increased Ibuprofen  to 400 mg\u00a0today… ok"
    ents = tagger(text)
    assert ents and all(text[e.start:e.end] == e.text for e in ents)
    assert ("Ibuprofen", "DRUG") in {(e.text, e.label) for e in ents}


def test_blank_text_and_batches(tagger: taskzoo.Pipeline) -> None:
    assert tagger("") == [] and tagger("   \n") == []
    batch = tagger(["", NOTE, "Give 2 puffs of salbutamol."])
    alone = tagger(NOTE)
    # int8 activations are quantised per batch, so a score may move in the third decimal
    assert batch[0] == [] and [e.to_dict() | {"score": None} for e in batch[1]] == [
        e.to_dict() | {"score": None} for e in alone]
    assert all(abs((a.score or 0) - (b.score or 0)) < 0.05
               for a, b in zip(batch[1], alone, strict=True))
    assert {e.label for e in batch[2]} >= {"DRUG", "DOSAGE"}
    assert tagger(NOTE, labels=["DRUG"]) == [e for e in tagger(NOTE) if e.label == "DRUG"]


def test_long_text_is_read_in_windows(tagger: taskzoo.Pipeline) -> None:
    filler = "The patient rested and the ward was quiet for the whole afternoon. " * 60
    last = "Finally the nurse gave her warfarin 5 mg."
    text = filler + last
    assert len(tagger._backend.tagger.encoder.tokenizer.encode(text).ids) > 600
    ents = tagger(text)
    assert all(text[e.start:e.end] == e.text for e in ents)
    tail = {(e.start - len(filler), e.end - len(filler), e.label) for e in ents
            if e.start >= len(filler)}
    alone = {(e.start, e.end, e.label) for e in tagger(last)}
    assert (last.index("warfarin"), last.index("warfarin") + 8, "DRUG") in tail
    assert tail == alone


def test_card_lists_labels_metrics_and_hashes(tagger_dir: Path) -> None:
    meta = card(tagger_dir)
    assert meta["format"] == "taskzoo-ner" and meta["method"] == "minilm"
    assert meta["mode"] == "full" and meta["new_labels"] == ["DOSAGE", "DRUG"]
    assert set(tag_set(["DOSAGE", "DRUG"])) <= set(meta["tags"])  # + the base types it learnt
    assert meta["data"]["rehearsal_texts"] == 60
    assert {"DRUG", "DOSAGE", "PERSON", "GPE"} <= set(meta["labels"])
    assert meta["precision"] in ("int8", "fp32")
    assert (tagger_dir / "encoder" / f"model{'.int8' if meta['precision'] == 'int8' else ''}"
            ".onnx").is_file()
    assert set(meta["metrics"]["validation"]) >= {"f1", "f1 (fp32 ONNX)", "f1 (int8 ONNX)"}
    assert 0 <= meta["metrics"]["test"]["f1 (new labels)"] <= 1
    files = {p.relative_to(tagger_dir).as_posix() for p in tagger_dir.rglob("*")
             if p.is_file() and p.name != "card.json"}
    assert set(meta["files"]) == files
    assert all(sha256_of(tagger_dir / f) == h for f, h in meta["files"].items())


def test_a_changed_file_is_refused(tagger_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tagger_dir, copy)
    head = copy / "head.safetensors"
    data = bytearray(head.read_bytes())
    data[-1] ^= 1
    head.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="sha256"):
        taskzoo.load("ner", model=str(copy))("metformin 5 mg")


def test_serving_imports_no_torch(tagger_dir: Path, tagger: taskzoo.Pipeline) -> None:
    code = (
        "import json, sys, taskzoo\n"
        f"ents = taskzoo.ner({NOTE!r}, model={str(tagger_dir)!r})\n"
        "print(json.dumps([e.to_dict() for e in ents]))\n"
        "print(json.dumps(sorted(m for m in ('torch', 'transformers', 'peft') "
        "if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    served, heavy = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert heavy == []
    assert served == [e.to_dict() for e in tagger(NOTE)]


# -- the shared pieces --------------------------------------------------------------------------
def test_windows_cover_every_token_once() -> None:
    assert windows(10, 254, 64) == [(0, 10, 0, 10)]
    for n in (255, 300, 1000, 1234):
        wins = windows(n, 254, 64)
        assert all(b - a <= 254 and a <= ca < cb <= b for a, b, ca, cb in wins)
        cores = [i for _, _, ca, cb in wins for i in range(ca, cb)]
        assert cores == list(range(n))
        # each token sits in its window with at least 32 tokens of context on each side,
        # unless it is near an end of the text
        for a, b, ca, cb in wins:
            assert ca - a >= 32 or a == 0
            assert b - cb >= 31 or b == n


def test_token_states_are_the_owning_windows_vectors(base_encoder) -> None:
    short = base_encoder.tokenizer.encode("Give aspirin to Ann.", add_special_tokens=False).ids
    long = list(np.random.default_rng(0).integers(2000, 20000, size=600))
    states = base_encoder.token_states([short, long, []])
    hidden, _ = base_encoder.hidden_states([[base_encoder.cls_id, *short, base_encoder.sep_id]])
    np.testing.assert_allclose(states[0], hidden[0, 1:-1], atol=1e-4)
    assert states[1].shape == (600, 384) and states[2].shape == (0, 384)
    for a, b, ca, cb in windows(600, base_encoder.max_length - 2, 64):
        alone, _ = base_encoder.hidden_states([[base_encoder.cls_id, *long[a:b],
                                                base_encoder.sep_id]])
        np.testing.assert_allclose(states[1][ca:cb], alone[0, 1 + ca - a:1 + cb - a],
                                   atol=1e-4)


def test_words_targets_and_decoding(base_encoder) -> None:
    text = "Lipitor 500mg, then co-amoxiclav 15 mg/kg."
    (words,) = words_of(base_encoder.tokenizer, [text])
    assert [text[s:e] for s, e in words.spans] == [
        "Lipitor", "500mg", ",", "then", "co", "-", "amoxiclav", "15", "mg", "/", "kg", "."]
    assert len(words.ids) > len(words.first)  # Lipitor and amoxiclav are several pieces
    tags = tag_set(["DOSAGE", "DRUG"])
    gold = [(0, 7, "DRUG"), (20, 32, "DRUG"), (33, 41, "DOSAGE")]
    targets, off = word_targets(words, gold, tags)
    assert off == 0
    assert [tags[t] for t in targets] == ["B-DRUG", "O", "O", "O", "B-DRUG", "I-DRUG", "I-DRUG",
                                          "B-DOSAGE", "I-DOSAGE", "I-DOSAGE", "I-DOSAGE", "O"]
    _, off = word_targets(words, [(8, 11, "DOSAGE")], tags)  # '500' inside the word '500mg'
    assert off == 1
    probs = np.eye(len(tags))[targets]
    assert [(s, e, lab) for s, e, lab, _ in decode(words, probs, tags)] == gold


def test_decode_handles_stray_inside_tags() -> None:
    words = Words(ids=[1, 2, 3, 4], first=[0, 1, 2, 3], spans=[(0, 1), (2, 3), (4, 5), (6, 7)])
    tags = tag_set(["A", "B"])  # O, B-A, I-A, B-B, I-B
    seq = ["I-A", "I-B", "I-B", "O"]  # I after nothing opens; a new label opens a new entity
    probs = np.eye(len(tags))[[tags.index(t) for t in seq]]
    assert [(s, e, lab) for s, e, lab, _ in decode(words, probs, tags)] == [
        (0, 1, "A"), (2, 5, "B")]


# -- refused before training --------------------------------------------------------------------
def test_refused_before_training(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def train(data: object = SEEN[:10], **kw: object) -> Path:
        return taskzoo.train("ner", data, method="minilm", output_dir=kw.pop("out",
                             tmp_path / "m"), progress=False, **kw)

    with pytest.raises(InvalidInputError, match=r"unknown NER training option.*minilm"):
        train(rehearse=True)
    with pytest.raises(InvalidInputError, match="mode must be one of head, lora, full"):
        train(mode="bert")
    with pytest.raises(InvalidInputError, match="precision must be one of"):
        train(precision="int4")
    with pytest.raises(InvalidInputError, match="max_epochs must be a positive int"):
        train(max_epochs=0)
    with pytest.raises(InvalidInputError, match="rehearsal_texts must be a list of str"):
        train(rehearsal_texts="Ann lives in Paris.")
    with pytest.raises(InvalidInputError, match="does not start and end on token boundaries"):
        train([("Give aspirin 75 mg.", [(5, 11, "DRUG")]), *[(r["text"], r["entities"])
                                                             for r in SEEN[:5]]])
    with pytest.raises(InvalidInputError, match="1 example"):
        train(SEEN[:1])
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInputError, match="already exists"):
        train(out=existing)
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    with pytest.raises(MissingDependencyError, match=r'pip install "taskzoo\[train\]"'):
        train()
    assert not (tmp_path / "m").exists()


def test_cli_trains_a_loadable_folder(tmp_path: Path) -> None:
    data = tmp_path / "spans.conll"  # the CoNLL/BIO form, converted here from the JSONL rows
    lines = []
    for row in SEEN[:40]:
        for token in re.finditer(r"\w+|[^\w\s]", row["text"]):
            tag = "O"
            for s, e, label in row["entities"]:
                if s <= token.start() and token.end() <= e:
                    tag = ("B-" if s == token.start() else "I-") + label
            lines.append(f"{token.group()} {tag}")
        lines.append("")
    data.write_text("\n".join(lines) + "\n")
    out = tmp_path / "cli-minilm"
    cmd = [sys.executable, "-m", "taskzoo", "train", "ner", str(data), "--method", "minilm",
           "--output", str(out), "--new-labels-only", "--quiet",
           "--option", "mode=head", "--option", "max_epochs=1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["model"] == str(out.resolve())
    meta = card(out)
    assert meta["labels"] == ["DOSAGE", "DRUG"] and meta["mode"] == "head"
    assert not (out / "encoder").exists()  # mode head: served on the shared base encoder
    ents = taskzoo.load("ner", model=str(out))(NOTE)
    assert {e.label for e in ents} <= {"DRUG", "DOSAGE"}
