"""Classifiers on a sentence-transformer encoder: a linear head, optionally with a LoRA adapter.

Two kinds of model directory (written by :func:`taskzoo.train`, see
:mod:`taskzoo.training.modeldir`) load here:

* ``head``: frozen encoder embeddings (mean-pooled, L2-normalised, exactly what the embeddings
  task returns) → linear layer → softmax;
* ``lora``: the encoder with a peft LoRA adapter (``adapter/``) → mean pooling → linear layer;
* ``static``: the mean of static token vectors distilled from the encoder
  (:mod:`taskzoo.backends.static_vectors`; no transformer pass per text) → linear layer.

The base encoder is loaded once per process through
:func:`taskzoo.backends.sentence_transformers.load_sentence_transformer`, so the embeddings,
sentiment and spam pipelines hold its weights once. A LoRA adapter is *not* merged into those
shared weights (that would change the embeddings); instead the classifier gets a shallow copy of
the encoder whose parameters are the shared tensors, with each adapted linear layer wrapped to
add its low-rank update — a few MB per classifier instead of another 87 MB encoder.

Options (from the card): ``labels``, ``temperature`` (calibration), ``max_length`` (tokens),
``normalize`` (L2-normalise pooled features), ``threshold`` + ``positive_label`` (binary
operating point, overridable per call), ``empty_label`` (result for blank text).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.backends.decision import decide, operating_threshold
from taskzoo.backends.sentence_transformers import load_sentence_transformer
from taskzoo.backends.static_vectors import encode_static, token_vectors
from taskzoo.errors import ModelLoadError

if TYPE_CHECKING:
    import numpy as np
    import torch

ADAPTER_DIR, HEAD_FILE = "adapter", "head.safetensors"


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Average token vectors over the attention mask (sentence-transformers' mean pooling)."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)


def encode_features(
    tokenizer: Any, encoder: Any, texts: list[str], *, max_length: int, normalize: bool,
    batch_size: int = 64, progress: bool = False, desc: str = "encoding",
) -> np.ndarray:
    """Mean-pooled (optionally L2-normalised) encoder features, shape ``(len(texts), hidden)``."""
    import numpy as np
    import torch
    from tqdm.auto import tqdm

    chunks = []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
    starts = range(0, len(texts), batch_size)
    with torch.inference_mode():
        for start in tqdm(starts, desc=desc, unit="batch", disable=not progress):
            rows = [texts[i] for i in order[start:start + batch_size]]
            batch = tokenizer(rows, padding=True, truncation=True, max_length=max_length,
                              return_tensors="pt")
            hidden = encoder(input_ids=batch["input_ids"],
                             attention_mask=batch["attention_mask"]).last_hidden_state
            feats = mean_pool(hidden, batch["attention_mask"])
            if normalize:
                feats = torch.nn.functional.normalize(feats, dim=-1)
            chunks.append(feats.float().numpy())
    if not chunks:
        return np.zeros((0, 0), dtype=np.float32)
    out = np.empty((len(texts), chunks[0].shape[1]), dtype=np.float32)
    out[order] = np.concatenate(chunks)
    return out


def lora_copy(encoder: torch.nn.Module, adapter_dir: Path) -> torch.nn.Module:
    """A copy of ``encoder`` sharing every base tensor, with the peft LoRA adapter in
    ``adapter_dir`` applied (unmerged) to the layers it targets."""
    import copy
    import itertools

    from safetensors.torch import load_file

    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    weights = load_file(str(adapter_dir / "adapter_model.safetensors"))
    rank = int(config["r"])
    scale = float(config["lora_alpha"]) / (rank**0.5 if config.get("use_rslora") else rank)
    memo = {id(t): t for t in itertools.chain(encoder.parameters(), encoder.buffers())}
    clone = copy.deepcopy(encoder, memo)
    modules = dict(clone.named_modules())
    prefix = "base_model.model."
    targets = {k[len(prefix):].rsplit(".lora_A.", 1)[0] for k in weights if ".lora_A." in k}
    if not targets:
        raise ModelLoadError(f"{adapter_dir} holds no LoRA weights")
    for name in targets:
        if name not in modules:
            raise ModelLoadError(
                f"the LoRA adapter targets {name!r}, which the base encoder does not have: was it "
                "trained on a different base model?"
            )
        parent_name, _, child = name.rpartition(".")
        parent = modules[parent_name] if parent_name else clone
        a = weights[f"{prefix}{name}.lora_A.weight"]
        b = weights[f"{prefix}{name}.lora_B.weight"]
        setattr(parent, child, _LoRALinear(modules[name], a, b, scale))
    return clone.eval()


def _LoRALinear(base: Any, a: Any, b: Any, scale: float) -> Any:
    import torch

    class LoRALinear(torch.nn.Module):
        """``base(x) + scale · B(A(x))`` with the base layer's weights shared, not copied."""

        def __init__(self) -> None:
            super().__init__()
            self.base = base
            self.register_buffer("a", a.contiguous())
            self.register_buffer("b", (b * scale).contiguous())

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.base(x) + (x @ self.a.T) @ self.b.T

    return LoRALinear()


class EncoderClassifier(Backend):
    """Serves ``head`` and ``lora`` model directories (see the module docstring)."""

    call_options: ClassVar[frozenset[str]] = frozenset({"scores", "threshold"})

    def load(self) -> None:
        from safetensors.torch import load_file

        from taskzoo.training.modeldir import base_model_path, verify_files

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
        self.weight, self.bias = head["weight"].float(), head["bias"].float()
        if self.weight.shape[0] != len(self.labels):
            raise ModelLoadError(f"{root}: head has {self.weight.shape[0]} rows for "
                                 f"{len(self.labels)} labels")
        base = base_model_path(meta)
        st = load_sentence_transformer(base)
        self.tokenizer = st.tokenizer
        encoder = st[0].auto_model
        if self.method == "lora":
            encoder = lora_copy(encoder, root / ADAPTER_DIR)
        self.encoder = encoder
        self.table = (token_vectors(base, self.tokenizer, encoder)
                      if self.method == "static" else None)

    def features(self, texts: list[str]) -> np.ndarray:
        """The features the head reads: pooled encoder output, or mean static token vectors."""
        if self.table is not None:
            return encode_static(self.tokenizer, self.table, texts, max_length=self.max_length,
                                 normalize=self.normalize)
        return encode_features(self.tokenizer, self.encoder, texts, max_length=self.max_length,
                               normalize=self.normalize, batch_size=64)

    def logits(self, texts: list[str]) -> np.ndarray:
        """Uncalibrated class logits, shape ``(len(texts), len(labels))``."""
        return self.features(texts) @ self.weight.numpy().T + self.bias.numpy()

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated class probabilities, columns in ``self.labels`` order."""
        from taskzoo.training.calibrate import softmax

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
