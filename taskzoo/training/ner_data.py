"""Entity-annotated text for NER training: the accepted forms, and the span checks.

Accepted forms (see :func:`load_ner_examples`):

* a JSONL file (``.jsonl``/``.json``/``.ndjson``), one object per line:
  ``{"text": "...", "entities": [[start, end, "LABEL"], ...]}`` (entities may also be
  ``{"start", "end", "label"}`` objects, as in ``tasks/ner/test.jsonl``);
* a CoNLL/BIO token file (``.conll``, ``.bio``, ``.iob``, ``.txt``): one token per line, its tag
  in the last column (``B-X``/``I-X``/``O``; BILOU/BIOES ``L-``/``U-``/``E-``/``S-`` too), a blank
  line between sentences, ``-DOCSTART-`` lines skipped; the text is the tokens joined by spaces;
* a list of spaCy-style pairs ``(text, {"entities": [(start, end, "LABEL"), ...]})``, of
  ``(text, [(start, end, "LABEL"), ...])`` pairs, or of dicts like the JSONL lines.

Offsets are character offsets, end exclusive. Every span is checked *before* training: inside the
text, a non-empty label, not overlapping another span, and on token boundaries of spaCy's English
tokenizer. A bad span raises :class:`~taskzoo.errors.InvalidInputError` naming the example, the
sentence and the span; with ``snap=True`` misaligned spans are instead widened to the tokens
they touch (and stripped of surrounding spaces) and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError
from taskzoo.training.data import read_jsonl

Span = tuple[int, int, str]
Example = tuple[str, list[Span]]
#: ``align(text, start, end, snap)`` returns the aligned ``(start, end)`` or None.
Aligner = Callable[[str, int, int, bool], "tuple[int, int] | None"]

JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
TOKEN_SUFFIXES = {".conll", ".bio", ".iob", ".txt"}
BEGIN, INSIDE, LAST, UNIT = {"B", "S", "U"}, {"I", "E", "L"}, {"E", "L"}, {"S", "U"}


@dataclass
class SpanReport:
    """What the checks did: examples read, spans kept, spans snapped to token boundaries."""

    examples: int = 0
    spans: int = 0
    snapped: int = 0
    labels: dict[str, int] = field(default_factory=dict)


def load_ner_examples(
    data: Any, align: Aligner, snap: bool = False, where: str = "data"
) -> tuple[list[Example], SpanReport]:
    """Read ``data`` in any accepted form and check every span; return examples and a report.

    Args:
        data: a path or a list (see the module docstring).
        align: the token-boundary check (see :data:`Aligner`).
        snap: widen misaligned spans to token boundaries instead of refusing them.
        where: how to name ``data`` in messages (e.g. ``"validation"``).
    """
    if isinstance(data, (str, Path)):
        raw = _from_file(Path(data))
        where = str(data)
    elif isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray)):
        raw = [_from_item(item, i, where) for i, item in enumerate(data)]
    else:
        raise InvalidInputError(
            "NER training data must be a path to a .jsonl or CoNLL/BIO file, or a list of "
            f"(text, {{'entities': [(start, end, label), ...]}}) pairs; got {type(data).__name__}"
        )
    if not raw:
        raise InvalidInputError(
            f"the NER {where} is empty: give sentences with their entity spans"
        )
    report = SpanReport()
    examples = [
        (text, _check_spans(text, spans, i, where, align, snap, report))
        for i, (text, spans) in enumerate(raw)
    ]
    report.examples = len(examples)
    return examples, report


# -- the forms ------------------------------------------------------------------------------------
def _from_file(path: Path) -> list[tuple[str, list[Any]]]:
    if not path.is_file():
        raise InvalidInputError(f"no NER data file at {path}: check the path")
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return [_from_item(row, i, str(path)) for i, row in enumerate(read_jsonl(path))]
    if suffix in TOKEN_SUFFIXES:
        return read_bio(path)
    raise InvalidInputError(
        f"unsupported NER data file {path.name!r}: use .jsonl ({{'text', 'entities'}} per line) "
        "or a CoNLL/BIO token file (.conll, .bio, .iob, .txt)"
    )


def _from_item(item: Any, i: int, where: str) -> tuple[str, list[Any]]:
    if isinstance(item, dict):
        if "text" not in item:
            raise InvalidInputError(f"{where}, example {i}: no 'text' key in {str(item)[:80]}")
        text, entities = item["text"], item.get("entities", [])
    elif isinstance(item, (tuple, list)) and len(item) == 2:
        text, entities = item
        if isinstance(entities, dict):
            entities = entities.get("entities", [])
    else:
        raise InvalidInputError(
            f"{where}, example {i}: expected (text, {{'entities': [...]}}) or "
            f"{{'text', 'entities'}}, got {str(item)[:80]}"
        )
    if not isinstance(text, str):
        raise InvalidInputError(f"{where}, example {i}: the text must be a str, got "
                                f"{type(text).__name__}")
    if not isinstance(entities, (list, tuple)):
        raise InvalidInputError(f"{where}, example {i} ({text[:60]!r}): 'entities' must be a "
                                "list of [start, end, label]")
    return text, list(entities)


def read_bio(path: Path) -> list[tuple[str, list[Any]]]:
    """Sentences of a CoNLL/BIO token file as ``(text, [(start, end, label), ...])``."""
    sentences: list[tuple[str, list[Any]]] = []
    tokens: list[tuple[str, str, int]] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            cols = line.split()
            if not cols or cols[0] == "-DOCSTART-":
                if tokens:
                    sentences.append(_bio_sentence(tokens, path))
                tokens = []
                continue
            if len(cols) < 2:
                raise InvalidInputError(
                    f"{path}:{number}: expected a token and its tag (e.g. 'Aspirin B-DRUG'), "
                    f"got {line.strip()!r}"
                )
            tokens.append((cols[0], cols[-1], number))
    if tokens:
        sentences.append(_bio_sentence(tokens, path))
    return sentences


def _bio_sentence(tokens: list[tuple[str, str, int]], path: Path) -> tuple[str, list[Any]]:
    text, spans, offset = [], [], 0
    open_span: list[Any] | None = None
    for token, tag, number in tokens:
        prefix, _, label = tag.partition("-")
        if tag != "O" and (prefix not in BEGIN | INSIDE or not label):
            raise InvalidInputError(
                f"{path}:{number}: tag {tag!r} is not BIO/BILOU: use O, B-LABEL and I-LABEL "
                "(or L-/U-, E-/S-)"
            )
        start, end = offset, offset + len(token)
        continues = (tag != "O" and prefix in INSIDE and open_span is not None
                     and open_span[2] == label)
        if continues and open_span is not None:
            open_span[1] = end
        else:
            open_span = [start, end, label] if tag != "O" else None
            if open_span is not None:
                spans.append(open_span)
        if tag == "O" or prefix in LAST | UNIT:
            open_span = None
        text.append(token)
        offset = end + 1
    return " ".join(text), [tuple(s) for s in spans]


# -- the checks -----------------------------------------------------------------------------------
def _check_spans(
    text: str, raw: list[Any], i: int, where: str, align: Aligner, snap: bool,
    report: SpanReport,
) -> list[Span]:
    spans: list[Span] = []
    for span in raw:
        start, end, label = _span_fields(span, text, i, where)
        name = f"{where}, example {i} ({text[:60]!r}): span [{start}, {end}]"
        if not 0 <= start < end <= len(text):
            raise InvalidInputError(
                f"{name} {label} is outside the text (length {len(text)}) or empty: offsets are "
                "characters, end exclusive"
            )
        aligned = align(text, start, end, snap)
        if aligned is None:
            raise InvalidInputError(
                f"{name} {text[start:end]!r} {label} does not start and end on token boundaries: "
                "fix the offsets, or pass snap=True (--snap) to widen it to whole tokens"
            )
        if aligned != (start, end):
            report.snapped += 1
            start, end = aligned
        spans.append((start, end, label))
    spans.sort()
    for (s1, e1, l1), (s2, e2, l2) in pairwise(spans):
        if s2 < e1:
            raise InvalidInputError(
                f"{where}, example {i} ({text[:60]!r}): spans {text[s1:e1]!r} {l1} [{s1}, {e1}] "
                f"and {text[s2:e2]!r} {l2} [{s2}, {e2}] overlap: an entity model gives each "
                "token one label, keep one of them"
            )
    for _, _, label in spans:
        report.labels[label] = report.labels.get(label, 0) + 1
    report.spans += len(spans)
    return spans


def _span_fields(span: Any, text: str, i: int, where: str) -> Span:
    if isinstance(span, dict):
        fields = (span.get("start"), span.get("end"), span.get("label"))
    elif isinstance(span, (list, tuple)) and len(span) == 3:
        fields = tuple(span)
    else:
        raise InvalidInputError(
            f"{where}, example {i} ({text[:60]!r}): entity {span!r} is not [start, end, label]"
        )
    start, end, label = fields
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise InvalidInputError(
            f"{where}, example {i} ({text[:60]!r}): entity {span!r} needs integer character "
            "offsets"
        )
    if not isinstance(label, str) or not label.strip() or label != label.strip():
        raise InvalidInputError(
            f"{where}, example {i} ({text[:60]!r}): entity {span!r} needs a non-empty label "
            "without surrounding spaces"
        )
    return int(start), int(end), label


def spacy_aligner(nlp: Any) -> Aligner:
    """An :data:`Aligner` using ``nlp``'s tokenizer (``spacy.blank("en")`` is enough)."""

    def align(text: str, start: int, end: int, snap: bool) -> tuple[int, int] | None:
        doc = nlp.make_doc(text)
        if doc.char_span(start, end, alignment_mode="strict") is not None:
            return start, end
        if not snap:
            return None
        stripped_start = start + len(text[start:end]) - len(text[start:end].lstrip())
        stripped_end = end - (len(text[start:end]) - len(text[start:end].rstrip()))
        if stripped_start >= stripped_end:
            return None
        span = doc.char_span(stripped_start, stripped_end, alignment_mode="expand")
        return None if span is None else (span.start_char, span.end_char)

    return align


def check_base_options(keep: Any, rehearsal: Any) -> None:
    """InvalidInputError unless ``keep_base_labels`` is a bool and ``rehearsal_texts`` is None or
    a list of str (the options every NER training method shares)."""
    if not isinstance(keep, bool):
        raise InvalidInputError(f"keep_base_labels must be True or False, got {keep!r}")
    if rehearsal is not None and (isinstance(rehearsal, str) or
                                  not all(isinstance(t, str) for t in rehearsal)):
        raise InvalidInputError("rehearsal_texts must be a list of str")
