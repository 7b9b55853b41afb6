"""Named entities with spaCy pipelines (en_core_web_sm by default, or any local spaCy model)."""

from __future__ import annotations

import contextlib
import importlib.abc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError
from taskzoo.inputs.text import chunk_text
from taskzoo.results import Entity

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
    not find torch).
    """

    call_options: ClassVar[frozenset[str]] = frozenset({"labels"})

    def load(self) -> None:
        with torch_hidden() if self.options.get("torch_free") else contextlib.nullcontext():
            import spacy

            spacy.blank("en")  # imports thinc's backends now, while torch is hidden
        exclude = list(self.options.get("exclude", ()))
        name = self.options.get("spacy_name")
        target = name if name else str(self.weights_path())
        self.nlp = spacy.load(target, exclude=exclude)

    def predict_batch(
        self, items: list[str], labels: list[str] | None = None, **_: Any
    ) -> list[list[Entity]]:
        limit = int(self.options.get("max_chars", MAX_CHARS))
        chunk = int(self.options.get("chunk_chars", CHUNK_CHARS))
        for i, text in enumerate(items):
            if len(text) > limit:
                raise InvalidInputError(
                    f"input {i} has {len(text):,} characters, over this model's limit of "
                    f"{limit:,}: split the text, or load the model with max_chars=N"
                )
        pieces = [(i, offset, piece) for i, text in enumerate(items)
                  for offset, piece in chunk_text(text, chunk)]
        results: list[list[Entity]] = [[] for _ in items]
        docs = self.nlp.pipe((piece for _, _, piece in pieces), batch_size=max(len(pieces), 1))
        for (i, offset, _), doc in zip(pieces, docs, strict=True):
            for ent in doc.ents:
                if labels is None or ent.label_ in labels:
                    results[i].append(Entity(ent.text, ent.label_, offset + ent.start_char,
                                             offset + ent.end_char))
        return results

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return (path / "config.cfg").is_file() and (path / "meta.json").is_file()
