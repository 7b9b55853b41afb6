"""Static token vectors distilled from a sentence-transformer encoder (the model2vec idea).

Every token of the encoder's vocabulary is run through the encoder once, on its own
(``[CLS] token [SEP]``, mean-pooled), giving one fixed vector per token. A text's features are
then the mean of its tokens' vectors: a lookup and an average instead of six transformer layers,
so thousands of texts per second on a CPU — while keeping what the encoder knows about words a
small training set never showed (Tulkens & van Dongen, *model2vec*, 2024).

The table (vocabulary × hidden: 47 MB in memory, 23 MB on disk for MiniLM) is computed on first
use in ~30–50 s on two CPU cores, stored under :func:`taskzoo.weights.cache_dir` keyed by the
encoder's weights file, and shared between pipelines of one process.
"""

from __future__ import annotations

import hashlib
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.sharing import shared

if TYPE_CHECKING:
    import numpy as np

_BATCH = 1024
FORMAT = 1  # bump when the way vectors are computed changes


def _cache_file(base: Path) -> Path:
    from taskzoo.weights import cache_dir

    weights = next((p for p in (base / "model.safetensors", base / "pytorch_model.bin")
                    if p.exists()), base)
    stat = weights.stat()
    key = hashlib.sha256(f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{FORMAT}"
                         .encode()).hexdigest()[:16]
    return cache_dir() / "static-vectors" / f"{key}.npy"


def compute_token_vectors(tokenizer: Any, encoder: Any) -> np.ndarray:
    """One vector per vocabulary id: the encoder's mean-pooled output for that token alone."""
    import numpy as np
    import torch

    size = len(tokenizer)
    cls_id, sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id
    out = np.zeros((size, encoder.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, size, _BATCH):
            ids = torch.arange(start, min(size, start + _BATCH))
            batch = torch.stack([torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)],
                                dim=1)
            hidden = encoder(input_ids=batch, attention_mask=torch.ones_like(batch))
            out[start:start + len(ids)] = hidden.last_hidden_state.mean(dim=1).float().numpy()
    return out


def _read_table(path: Path, shape: tuple[int, int]) -> np.ndarray | None:
    """The cached table at ``path``, or None when it is missing, unreadable or of another shape
    (a damaged cache is rebuilt, never trusted)."""
    import numpy as np

    if not path.exists():
        return None
    try:
        table = np.load(path)
    except (OSError, ValueError, EOFError):
        return None
    return table.astype(np.float32) if table.shape == shape else None


def token_vectors(base: Path, tokenizer: Any, encoder: Any) -> np.ndarray:
    """The static token table of the encoder at ``base``: from this process, the disk cache, or
    computed now (and cached)."""
    import numpy as np

    def build() -> np.ndarray:
        path = _cache_file(base)
        cached = _read_table(path, (len(tokenizer), encoder.config.hidden_size))
        if cached is not None:
            return cached
        table = compute_token_vectors(tokenizer, encoder).astype(np.float16)  # ample precision
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # a private temporary name renamed into place when complete: an interrupted run
            # leaves no bad cache, and two processes building at once never share a file
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".partial.npy",
                                             delete=False) as handle:
                np.save(handle, table)
            Path(handle.name).replace(path)
        except OSError as exc:  # a read-only cache still gives a working model, just slower
            warnings.warn(f"could not cache the static token vectors in {path.parent} ({exc}); "
                          "they will be computed again next time (set TASKZOO_HOME to a "
                          "writable folder)", stacklevel=2)
        return table.astype(np.float32)  # the same numbers as a later cached load

    return shared(("static-vectors", str(base.resolve())), build)


def encode_static(tokenizer: Any, table: np.ndarray, texts: list[str], *, max_length: int,
                  normalize: bool) -> np.ndarray:
    """Mean static vector of each text's tokens (optionally L2-normalised), ``(len(texts), dim)``;
    a text without tokens gets zeros."""
    import numpy as np

    ids = tokenizer(texts, add_special_tokens=False, truncation=True,
                    max_length=max_length)["input_ids"]
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for row, tokens in enumerate(ids):
        if tokens:
            out[row] = table[tokens].mean(axis=0)
    if normalize:
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out
