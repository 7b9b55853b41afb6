"""Classifiers on a sentence-transformer encoder: a linear head on pooled features.

Three kinds of model directory (written by :func:`taskzoo.train`, format in
:mod:`taskzoo.formats.classifier_dir`) load here:

* ``head``: frozen encoder embeddings (mean-pooled, L2-normalised, exactly what the embeddings
  task returns) → linear layer → softmax;
* ``lora``: the encoder with a LoRA adapter merged in (``encoder/``, an ONNX encoder) → mean
  pooling → linear layer;
* ``static``: the mean of static token vectors distilled from the encoder
  (:mod:`taskzoo.backends.static_vectors`; no transformer pass per text) → linear layer.

Features come from ONNX Runtime (:mod:`taskzoo.backends.onnx_encoder`): the ``head`` and
``static`` kinds share the base encoder's session with the embeddings task. Torch is used only
where no ONNX encoder exists: a LoRA folder trained before taskzoo exported encoders (export it
once with ``taskzoo export-onnx DIR``), or a head on a user's own sentence-transformers folder.

Options (from the card): ``labels``, ``temperature`` (calibration), ``max_length`` (tokens),
``normalize`` (L2-normalise pooled features), ``threshold`` + ``positive_label`` (binary
operating point, overridable per call), ``empty_label`` (result for blank text).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.backends.decision import decide, operating_threshold, softmax
from taskzoo.backends.onnx_encoder import external_weights, is_encoder_dir, load_encoder
from taskzoo.backends.static_vectors import encode_static, token_vectors
from taskzoo.deps import require
from taskzoo.errors import ModelLoadError
from taskzoo.formats.classifier_dir import (
    ADAPTER_DIR,
    ENCODER_DIR,
    HEAD_FILE,
    base_model_path,
    read_card,
    verify_files,
)

if TYPE_CHECKING:
    import numpy as np


def features_for(root: Path, meta: dict[str, Any]) -> Any:
    """The encoder a classifier folder reads its features from: its own ONNX encoder, the
    shared ONNX base encoder, or (only when neither exists) the torch encoder."""
    own = root / ENCODER_DIR
    if is_encoder_dir(own):
        return load_encoder(own)
    base = base_model_path(meta)
    if meta["method"] == "lora":
        _require_torch(f"{root} is a LoRA model without an ONNX encoder (trained before taskzoo "
                       f"exported them); export it once with `taskzoo export-onnx {root}`, or "
                       "run it on torch")
        from taskzoo.backends.torch_encoder import TorchFeatures

        return TorchFeatures(torch_base(base), root / ADAPTER_DIR)
    if is_encoder_dir(base):
        return load_encoder(base)
    _require_torch(f"the base encoder {base} is a sentence-transformers folder, which runs on "
                   "torch")
    from taskzoo.backends.torch_encoder import TorchFeatures

    return TorchFeatures(base)


def torch_base(base: Path) -> Path:
    """The 🤗 weights folder behind ``base`` (an ONNX encoder folder names its source model)."""
    if not is_encoder_dir(base):
        return base
    from taskzoo.backends.onnx_encoder import read_config
    from taskzoo.weights import PackageData

    source = read_config(base).get("source_model")
    if not source:
        raise ModelLoadError(f"the ONNX encoder {base} names no source model to train or run on "
                             "torch")
    return PackageData(package=source["package"], path=source["path"],
                       pip_name=source.get("pip_name", "")).locate()


def _require_torch(why: str) -> None:
    require(("torch", "sentence_transformers"), "transformers", why)


class EncoderClassifier(Backend):
    """Serves ``head``, ``static`` and ``lora`` model directories (see the module docstring)."""

    call_options: ClassVar[frozenset[str]] = frozenset({"scores", "threshold"})

    def load(self) -> None:
        import numpy as np
        from safetensors.numpy import load_file

        root = self.weights_path()
        meta = verify_files(root)
        self.labels: list[str] = list(meta["labels"])
        self.method: str = meta["method"]
        opts = {**meta.get("options", {}), **self.options}
        self.temperature = float(opts.get("temperature", 1.0))
        self.max_length = int(opts.get("max_length", 128))
        self.normalize = bool(opts.get("normalize", self.method in ("head", "static")))
        self.threshold: float | None = opts.get("threshold")
        self.positive_label: str | None = opts.get("positive_label")
        self.short_text: dict[str, Any] | None = opts.get("short_text")
        self.empty_label: str | None = opts.get("empty_label")
        head = load_file(str(root / HEAD_FILE))
        self.weight = head["weight"].astype(np.float32)
        self.bias = head["bias"].astype(np.float32)
        if self.weight.shape[0] != len(self.labels):
            raise ModelLoadError(f"{root}: head has {self.weight.shape[0]} rows for "
                                 f"{len(self.labels)} labels")
        self.encoder = features_for(root, meta)
        if self.weight.shape[1] != self.encoder.hidden_size:
            raise ModelLoadError(f"{root}: head reads {self.weight.shape[1]}-d features but the "
                                 f"encoder gives {self.encoder.hidden_size}-d: wrong base model")
        self.table = token_vectors(self.encoder) if self.method == "static" else None

    @classmethod
    def fetch_weights(cls, path: Path) -> None:
        own = path / ENCODER_DIR
        if not is_encoder_dir(own):
            own = base_model_path(read_card(path))
        if is_encoder_dir(own):
            external_weights(own)

    def features(self, texts: list[str]) -> np.ndarray:
        """The features the head reads: pooled encoder output, or mean static token vectors."""
        if self.table is not None:
            return encode_static(self.encoder, self.table, texts, max_length=self.max_length,
                                 normalize=self.normalize)
        return self.encoder.encode(texts, max_length=self.max_length, normalize=self.normalize)

    def logits(self, texts: list[str]) -> np.ndarray:
        """Uncalibrated class logits, shape ``(len(texts), len(labels))``."""
        return self.features(texts) @ self.weight.T + self.bias

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated class probabilities, columns in ``self.labels`` order."""
        return softmax(self.logits(texts), self.temperature)

    def predict_batch(
        self, items: list[str], scores: bool = False, threshold: float | None = None, **_: Any
    ) -> list[Any]:
        live = [i for i, t in enumerate(items) if t.strip()]
        probs = self.predict_proba([items[i] for i in live]) if live else []
        by_row = dict(zip(live, probs, strict=False))
        return [
            decide(self.labels, by_row.get(i), scores=scores,
                   threshold=operating_threshold(text, threshold, self.threshold,
                                                 self.short_text),
                   positive_label=self.positive_label, empty_label=self.empty_label)
            for i, text in enumerate(items)
        ]
