"""Token classification (NER) with any local Hugging Face model folder.

Users plug in their own fine-tuned NER model: ``taskzoo.load("ner", model="path/to/dir")``.
Word pieces are merged into entity spans (``aggregation_strategy="simple"``) with character
offsets into the input text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.results import Entity


class TransformersTokenClassifier(Backend):
    """A transformers token-classification model, loaded only from local files."""

    call_options: ClassVar[frozenset[str]] = frozenset({"labels"})

    def load(self) -> None:
        from transformers import AutoModelForTokenClassification, AutoTokenizer, pipeline

        path = str(self.weights_path())
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForTokenClassification.from_pretrained(path, local_files_only=True)
        self.pipe = pipeline(
            "token-classification", model=model, tokenizer=tokenizer, device=-1,
            aggregation_strategy=self.options.get("aggregation_strategy", "simple"),
        )

    def predict_batch(
        self, items: list[str], labels: list[str] | None = None, **_: Any
    ) -> list[list[Entity]]:
        results: list[list[Entity]] = [[] for _ in items]
        todo = [i for i, text in enumerate(items) if text.strip()]
        if not todo:
            return results
        outputs = self.pipe([items[i] for i in todo], batch_size=len(todo))
        for i, found in zip(todo, outputs, strict=True):
            text = items[i]
            for ent in found:
                label = str(ent.get("entity_group", ent.get("entity", "")))
                if labels is None or label in labels:
                    start, end = int(ent["start"]), int(ent["end"])
                    results[i].append(Entity(text[start:end], label, start, end,
                                             float(ent["score"])))
        return results

    @classmethod
    def accepts(cls, path: Path) -> bool:
        config = path / "config.json"
        if not config.is_file():
            return False
        archs = json.loads(config.read_text()).get("architectures") or []
        return any("TokenClassification" in a for a in archs)
