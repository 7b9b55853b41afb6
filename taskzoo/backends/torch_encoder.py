"""The torch path of the MiniLM-family classifiers: a sentence-transformers encoder, mean
pooling, and a LoRA adapter applied without copying the shared weights.

Inference normally runs on ONNX Runtime (:mod:`taskzoo.backends.onnx_encoder`). This module
serves what has no ONNX file: a LoRA folder trained before taskzoo exported encoders, or a
user's own sentence-transformers model (``[transformers]`` extra); training
(:mod:`taskzoo.training`) uses it as the reference the exports are measured against.

A LoRA adapter is *not* merged into the shared weights (that would change the embeddings);
the classifier gets a shallow copy of the encoder whose parameters are the shared tensors, with
each adapted linear layer wrapped to add its low-rank update.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.errors import ModelLoadError

if TYPE_CHECKING:
    import numpy as np
    import torch


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


class TorchFeatures:
    """Pooled features from the torch encoder at ``base`` (with a LoRA adapter if given)."""

    def __init__(self, base: Path, adapter_dir: Path | None = None) -> None:
        from taskzoo.backends.sentence_transformers import load_sentence_transformer

        st = load_sentence_transformer(base)
        self.tokenizer = st.tokenizer
        encoder = st[0].auto_model
        self.encoder = lora_copy(encoder, adapter_dir) if adapter_dir is not None else encoder
        self.hidden_size = int(encoder.config.hidden_size)
        self.vocab_size = len(self.tokenizer)
        self.base = base

    def encode(self, texts: list[str], *, max_length: int, normalize: bool = True,
               batch_size: int = 64) -> np.ndarray:
        """Mean-pooled (optionally L2-normalised) features, ``(len(texts), hidden)``."""
        return encode_features(self.tokenizer, self.encoder, texts, max_length=max_length,
                               normalize=normalize, batch_size=batch_size)

    def token_ids(self, texts: list[str], max_length: int, special: bool = True) -> list[list[int]]:
        """Token ids of each text, truncated to ``max_length``."""
        ids: list[list[int]] = self.tokenizer(texts, add_special_tokens=special, truncation=True,
                                              max_length=max_length)["input_ids"]
        return ids

    def identity(self) -> str:
        """A string that changes whenever the weights could (for derived caches)."""
        weights = next((p for p in (self.base / "model.safetensors",
                                    self.base / "pytorch_model.bin") if p.exists()), self.base)
        stat = weights.stat()
        return f"torch|{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"

    def single_token_vectors(self, start: int, stop: int) -> np.ndarray:
        """For token ids ``start..stop-1``: the mean-pooled output of ``[CLS] id [SEP]``."""
        import torch

        ids = torch.arange(start, stop)
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        batch = torch.stack([torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], 1)
        with torch.inference_mode():
            hidden = self.encoder(input_ids=batch, attention_mask=torch.ones_like(batch))
        return hidden.last_hidden_state.mean(dim=1).float().numpy()
