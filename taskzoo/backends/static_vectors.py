"""Static token vectors distilled from a sentence-transformer encoder (the model2vec idea).

Every token of the encoder's vocabulary is run through the encoder once, on its own
(``[CLS] token [SEP]``, mean-pooled), giving one fixed vector per token. A text's features are
then the mean of its tokens' vectors: a lookup and an average instead of six transformer layers,
so thousands of texts per second on a CPU — while keeping what the encoder knows about words a
small training set never showed (Tulkens & van Dongen, *model2vec*, 2024).

The table (vocabulary × hidden: 47 MB in memory, 23 MB on disk for MiniLM) is computed on first
use with the ONNX encoder (:mod:`taskzoo.backends.onnx_encoder`, no torch), stored under
:func:`taskzoo.weights.cache_dir` keyed by the encoder's weights, and shared between pipelines
of one process.
"""

from __future__ import annotations

import hashlib
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from taskzoo.sharing import shared

if TYPE_CHECKING:
    import numpy as np

_BATCH = 1024
FORMAT = 2  # bump when the way vectors are computed changes


class TokenEncoder(Protocol):
    """What the static table needs from an encoder (ONNX or torch)."""

    vocab_size: int
    hidden_size: int

    def identity(self) -> str: ...

    def single_token_vectors(self, start: int, stop: int) -> np.ndarray: ...

    def token_ids(self, texts: list[str], max_length: int,
                  special: bool = True) -> list[list[int]]: ...


def _cache_file(encoder: TokenEncoder) -> Path:
    from taskzoo.weights import cache_dir

    key = hashlib.sha256(f"{encoder.identity()}|{FORMAT}".encode()).hexdigest()[:16]
    return cache_dir() / "static-vectors" / f"{key}.npy"


def compute_token_vectors(encoder: TokenEncoder) -> np.ndarray:
    """One vector per vocabulary id: the encoder's mean-pooled output for that token alone."""
    import numpy as np

    out = np.zeros((encoder.vocab_size, encoder.hidden_size), dtype=np.float32)
    for start in range(0, encoder.vocab_size, _BATCH):
        stop = min(encoder.vocab_size, start + _BATCH)
        out[start:stop] = encoder.single_token_vectors(start, stop)
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


def token_vectors(encoder: TokenEncoder) -> np.ndarray:
    """The static token table of ``encoder``: from this process, the disk cache, or computed
    now (and cached)."""
    import numpy as np

    def build() -> np.ndarray:
        path = _cache_file(encoder)
        cached = _read_table(path, (encoder.vocab_size, encoder.hidden_size))
        if cached is not None:
            return cached
        table = compute_token_vectors(encoder).astype(np.float16)  # ample precision
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

    return shared(("static-vectors", encoder.identity()), build)


def encode_static(encoder: TokenEncoder, table: np.ndarray, texts: list[str], *,
                  max_length: int, normalize: bool) -> np.ndarray:
    """Mean static vector of each text's tokens (optionally L2-normalised), ``(len(texts), dim)``;
    a text without tokens gets zeros."""
    import numpy as np

    ids = encoder.token_ids(texts, max_length, special=False)
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for row, tokens in enumerate(ids):
        if tokens:
            out[row] = table[tokens].mean(axis=0)
    if normalize:
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out


