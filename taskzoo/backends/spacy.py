"""Named entities with spaCy pipelines: en_core_web_sm by default, any local spaCy model folder,
or a folder written by ``taskzoo.train("ner", ...)`` (checked against its card's sha256 first)."""

from __future__ import annotations

import contextlib
import importlib.abc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.formats import ner_dir as ner_folder
from taskzoo.inputs.text import chunk_text
from taskzoo.registry import ModelCard
from taskzoo.results import Entity
from taskzoo.weights import LocalPath

#: spaCy's NER needs about 1 GB of temporary memory per 100,000 characters: longer texts are
#: split into pieces of this size and their entity offsets shifted back.
CHUNK_CHARS = 100_000
#: Longest text accepted (spaCy's own default limit); about a minute of CPU at this size.
MAX_CHARS = 1_000_000


class _HideTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


@contextlib.contextmanager
def torch_hidden() -> Iterator[None]:
    """Import spaCy with torch hidden: thinc imports torch whenever it is installed (about a
    second and 250 MB) only to offer torch layers, which CNN pipelines never use. Does nothing
    when torch or thinc is already imported (then the process already decided)."""
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    finder = _HideTorch()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


class SpacyNER(Backend):
    """Runs a spaCy pipeline's ``ner`` component; batches go through ``nlp.pipe``.

    Card options: ``spacy_name`` (an installed spaCy package), ``exclude`` (components not
    needed for entities, skipped for speed), ``chunk_chars`` and ``max_chars`` (see above),
    ``torch_free`` (load with torch hidden from thinc, see :func:`torch_hidden`; only for CNN
    pipelines: a transformer-based spaCy model loaded later in the same process would then
    not find torch). A folder from ``taskzoo.train("ner", ...)`` with ``keep_base_labels``
    runs beside its base model (see :func:`base_beside`).
    """

    call_options: ClassVar[frozenset[str]] = frozenset({"labels"})

    def load(self) -> None:
        with torch_hidden() if self.options.get("torch_free") else contextlib.nullcontext():
            import spacy

            spacy.blank("en")  # imports thinc's backends now, while torch is hidden
        exclude = list(self.options.get("exclude", ()))
        name = self.options.get("spacy_name")
        target = name if name else str(self.weights_path())
        self.base: SpacyNER | None = None
        self.new_labels: frozenset[str] = frozenset()
        if not name and ner_folder.is_ner_folder(Path(target)):
            meta = ner_folder.verify(Path(target))
            target = str(Path(target) / ner_folder.PIPELINE_DIR)
            self.base, self.new_labels = base_beside(meta)
        self.nlp = spacy.load(target, exclude=exclude)

    def predict_batch(
        self, items: list[str], labels: list[str] | None = None, **_: Any
    ) -> list[list[Entity]]:
        check_lengths(items, int(self.options.get("max_chars", MAX_CHARS)))
        return with_base(self._entities(items), items, self.base, self.new_labels, labels)

    def _entities(self, items: list[str]) -> list[list[Entity]]:
        chunk = int(self.options.get("chunk_chars", CHUNK_CHARS))
        pieces = [(i, offset, piece) for i, text in enumerate(items)
                  for offset, piece in chunk_text(text, chunk)]
        results: list[list[Entity]] = [[] for _ in items]
        docs = self.nlp.pipe((piece for _, _, piece in pieces), batch_size=max(len(pieces), 1))
        for (i, offset, _), doc in zip(pieces, docs, strict=True):
            for ent in doc.ents:
                results[i].append(Entity(ent.text, ent.label_, offset + ent.start_char,
                                         offset + ent.end_char))
        return results

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return (path / "config.cfg").is_file() and (path / "meta.json").is_file()


def base_beside(meta: dict[str, Any]) -> tuple[SpacyNER | None, frozenset[str]]:
    """For a trained NER folder's card: the base spaCy model to run beside it, loaded, and the
    folder's new labels. A folder trained with ``keep_base_labels`` gives its new labels; the
    base model it was trained from gives the others, so they are exactly as before (whatever
    the folder's method). ``(None, {})`` for a folder that serves its own labels alone."""
    if not (meta.get("keep_base_labels") and meta.get("base_model")):
        return None, frozenset()
    from taskzoo.registry import resolve

    base = SpacyNER(resolve("ner", str(meta["base_model"])))
    base.load()
    return base, frozenset(meta.get("new_labels", ()))


def check_lengths(items: list[str], limit: int) -> None:
    """Refuse a text over ``limit`` characters, naming it."""
    for i, text in enumerate(items):
        if len(text) > limit:
            raise InvalidInputError(
                f"input {i} has {len(text):,} characters, over this model's limit of "
                f"{limit:,}: split the text, or load the model with max_chars=N"
            )


def with_base(results: list[list[Entity]], items: list[str], base: SpacyNER | None,
              new_labels: frozenset[str], labels: list[str] | None) -> list[list[Entity]]:
    """A trained folder's entities merged with its base model's (:func:`merge`), then kept to
    ``labels`` when given."""
    if base is not None:
        results = [merge(own, theirs, new_labels) for own, theirs in
                   zip(results, base.predict_batch(items), strict=True)]
    if labels is not None:
        results = [[e for e in ents if e.label in labels] for ents in results]
    return results


def merge(own: list[Entity], base: list[Entity], new_labels: frozenset[str]) -> list[Entity]:
    """The ``new_labels`` entities of ``own``, plus the ``base`` entities that overlap none of
    them, in text order."""
    new = [e for e in own if e.label in new_labels]
    kept = [b for b in base if not any(b.start < n.end and n.start < b.end for n in new)]
    return sorted(new + kept, key=lambda e: (e.start, e.end))


class TrainedNERFolder:
    """Not a backend itself: maps a folder written by ``taskzoo.train("ner", ...)`` to the
    backend of its method (:class:`SpacyNER`, or
    :class:`taskzoo.backends.onnx_tagger.OnnxTokenTagger` for ``minilm``), with the labels and
    held-out metrics of its card."""

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """True for a folder holding a taskzoo NER ``card.json``."""
        return path.is_dir() and ner_folder.is_ner_folder(path)

    @classmethod
    def card_for_path(cls, task: str, path: Path) -> ModelCard:
        """The ModelCard serving the folder at ``path``."""
        meta = ner_folder.read_card(path)
        test = (meta.get("metrics") or {}).get("test") or {}
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6
        method = str(meta.get("method", "spacy"))
        if method not in ner_folder.BACKENDS:
            raise ModelLoadError(f"{path}: unknown NER method {method!r} in its card (known: "
                                 f"{', '.join(ner_folder.BACKENDS)}); a newer taskzoo wrote it?")
        requires = ner_folder.REQUIRES[method]
        if meta.get("keep_base_labels") and "spacy" not in requires:
            requires = (*requires, "spacy")
        return ModelCard(
            name=str(path), task=task, backend=ner_folder.BACKENDS[method],
            source=LocalPath(path=str(path)), extra="text", requires=requires,
            labels=tuple(meta.get("labels", ())), size_mb=round(size, 2), languages=("en",),
            metrics={f"{key} (held-out test part)": value for key, value in test.items()
                     if isinstance(value, float)},
            description=f"{method} NER trained with taskzoo.train ({path})",
        )
