"""The text-classifier training job behind :func:`taskzoo.train` (validate → split → fit →
calibrate → measure → write atomically)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from taskzoo.deps import require
from taskzoo.errors import InvalidInputError
from taskzoo.formats.classifier_dir import BACKENDS
from taskzoo.training import modeldir
from taskzoo.training.calibrate import (
    classification_metrics,
    expected_calibration_error,
    fit_temperature,
    softmax,
)
from taskzoo.training.data import load_examples, stratified_split

METHOD_OPTIONS = {
    "fasttext": {"epoch", "epochs", "lr", "wordNgrams", "dim", "minCount", "bucket", "loss",
                 "quantize", "cutoff", "minn", "maxn", "ws"},
    "head": {"C", "max_length", "batch_size"},
    "static": {"C", "max_length"},
    "lora": {"r", "alpha", "dropout", "targets", "epochs", "lr", "batch_size", "max_length",
             "warmup", "threads", "precision", "save_every", "init"},
}


@dataclass
class Part:
    """Texts with integer labels (indices into the job's label list)."""

    texts: list[str]
    y: list[int]


@dataclass
class TextJob:
    """A validated text-classification training run, ready to :meth:`run`."""

    task: str
    method: str
    output_dir: Path
    labels: list[str]
    train: Part
    validation: Part
    test: Part
    base_model: dict[str, str]
    positive_label: str | None
    threshold: float | str | None
    seed: int
    progress: bool
    overwrite: bool
    options: dict[str, Any] = field(default_factory=dict)
    short_text_chars: int | None = None

    # -- building (all checks happen here, before any training) --------------------------------
    @classmethod
    def build(cls, *, task: str, data: Any, method: str, output_dir: Path, validation: Any,
              test: Any, text_column: str, label_column: str, base_model: str | Path,
              positive_label: str | None, threshold: float | str | None, seed: int,
              progress: bool, overwrite: bool, options: dict[str, Any],
              short_text_chars: int | None = None) -> TextJob:
        """Check everything and split the data; raise InvalidInputError on any problem."""
        from taskzoo.train import EMPTY_LABELS, _check_method

        method = _check_method(method)
        unknown = set(options) - METHOD_OPTIONS[method]
        if unknown:
            raise InvalidInputError(
                f"unknown option(s) {', '.join(sorted(unknown))} for method {method!r}; "
                f"accepted: {', '.join(sorted(METHOD_OPTIONS[method]))}"
            )
        if not isinstance(seed, int):
            raise InvalidInputError(f"seed must be an int, got {seed!r}")
        cols = {"text_column": text_column, "label_column": label_column}
        texts, labels = load_examples(data, **cols)
        parts = [(texts, labels)]
        extra = [load_examples(d, **cols) if d is not None else None for d in (validation, test)]
        missing = [i for i, e in enumerate(extra) if e is None]
        if missing:
            share = 0.1 / (1 - 0.1 * (2 - len(missing)))
            fractions = (1 - share * len(missing), *([share] * len(missing)))
            split = stratified_split(labels, fractions, seed=seed)
            parts = [([texts[i] for i in s], [labels[i] for i in s]) for s in split]
        pieces = iter(parts[1:])
        val = extra[0] if extra[0] is not None else next(pieces)
        tst = extra[1] if extra[1] is not None else next(pieces)
        train_t, train_l = parts[0]
        names = sorted(set(train_l))
        for what, (_, part_labels) in (("validation", val), ("test", tst)):
            strange = sorted(set(part_labels) - set(names))
            if strange:
                raise InvalidInputError(
                    f"the {what} data has label(s) {', '.join(map(repr, strange))} that the "
                    "training data does not have"
                )
        if task == "spam" and positive_label is None and "spam" in names:
            positive_label = "spam"
        if positive_label is not None and (positive_label not in names or len(names) != 2):
            raise InvalidInputError(
                f"positive_label={positive_label!r} needs a binary task with that label; "
                f"the labels are {names}"
            )
        if isinstance(threshold, str) and threshold != "auto":
            raise InvalidInputError(
                f"threshold must be 'auto', a number or None, got {threshold!r}"
            )
        if isinstance(threshold, (int, float)) and not 0 <= threshold <= 1:
            raise InvalidInputError(f"threshold must be between 0 and 1, got {threshold!r}")
        if short_text_chars is not None and (
            isinstance(short_text_chars, bool) or not isinstance(short_text_chars, int)
            or short_text_chars < 1 or positive_label is None or threshold != "auto"
        ):
            raise InvalidInputError(
                "short_text_chars must be a positive int, for a binary task with a positive "
                f"label and threshold='auto'; got {short_text_chars!r}"
            )
        base = cls._base(base_model) if method != "fasttext" else {}
        modeldir_target = Path(output_dir).expanduser()
        if modeldir_target.exists() and not overwrite and (
            not modeldir_target.is_dir() or any(modeldir_target.iterdir())
        ):
            raise InvalidInputError(
                f"{modeldir_target} already exists and is not empty: pick a new output_dir or "
                "pass overwrite=True"
            )
        require({"fasttext": ("fasttext",),
                 "head": ("sklearn", "onnxruntime", "tokenizers", "safetensors"),
                 "static": ("sklearn", "onnxruntime", "tokenizers", "safetensors"),
                 "lora": ("torch", "transformers", "peft", "onnx", "onnxruntime",
                          "safetensors")}[method], "train", f"training with method={method!r}")
        index = {name: i for i, name in enumerate(names)}
        to_part = lambda tl: Part(list(tl[0]), [index[x] for x in tl[1]])  # noqa: E731
        options = dict(options)
        options.setdefault("empty_label", EMPTY_LABELS.get(task, "unknown"))
        return cls(task=task, method=method, output_dir=modeldir_target, labels=names,
                   train=to_part((train_t, train_l)), validation=to_part(val), test=to_part(tst),
                   base_model=base, positive_label=positive_label, threshold=threshold, seed=seed,
                   progress=progress, overwrite=overwrite, options=options,
                   short_text_chars=short_text_chars)

    @staticmethod
    def _base(base_model: str | Path) -> dict[str, str]:
        path = Path(str(base_model)).expanduser()
        if path.exists():
            return {"path": str(path.resolve())}
        from taskzoo.registry import resolve

        card = resolve("embeddings", str(base_model))  # raises with suggestions if unknown
        return {"name": card.name}

    # -- running -------------------------------------------------------------------------------
    def run(self, prefit: Path | None = None) -> Path:
        """Train, calibrate, measure and write the model directory; return its path.

        ``prefit``: a folder holding this method's trained files (e.g. a long LoRA run done by
        :func:`taskzoo.training.lora.train_lora` in the background) to calibrate, measure and
        package instead of training again."""
        start = time.time()
        opts = dict(self.options)
        empty_label = opts.pop("empty_label")
        with modeldir.staging_dir(self.output_dir, overwrite=self.overwrite) as tmp:
            infer = self._copy_prefit(prefit, tmp, opts) if prefit else self._fit(tmp, opts)
            infer["empty_label"] = empty_label
            if self.positive_label:
                infer["positive_label"] = self.positive_label
            backend = self._backend(tmp, {**infer, "temperature": 1.0, "threshold": None})
            val_logits = backend.logits(self._inputs(backend, self.validation.texts))
            temperature = fit_temperature(val_logits, self.validation.y) \
                if len(self.validation.y) else 1.0
            temperature = round(temperature, 4)
            backend.temperature = temperature  # probabilities below are calibrated
            val_p = softmax(val_logits, temperature)
            infer["temperature"] = temperature
            threshold_info = self._thresholds(val_p, infer)
            test_p = backend.predict_proba(self._inputs(backend, self.test.texts))
            metrics = {
                "validation": self._metrics(val_p, self.validation, infer),
                "test": self._metrics(test_p, self.test, infer),
            }
            meta = {
                "task": self.task, "method": self.method, "labels": self.labels,
                "base_model": self.base_model or None, "options": infer, "metrics": metrics,
                "threshold_selection": threshold_info or None,
                "data": {"train": len(self.train.y), "validation": len(self.validation.y),
                         "test": len(self.test.y),
                         "label_counts": {n: self.train.y.count(i)
                                          for i, n in enumerate(self.labels)}},
                "training": {"seed": self.seed, "hyperparameters": _plain(opts),
                             "seconds": round(time.time() - start, 1)},
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            modeldir.write_card(tmp, meta)
        return self.output_dir.resolve()

    def _fit(self, tmp: Path, opts: dict[str, Any]) -> dict[str, Any]:
        if self.method == "fasttext":
            from taskzoo.training import fasttext_method

            names = [self.labels[i] for i in self.train.y]
            return fasttext_method.fit(self.train.texts, names, tmp, opts, self.progress)
        if self.method in ("head", "static"):
            from taskzoo.training import head_method

            return head_method.fit(self.train.texts, self.train.y, self.validation.texts,
                                   self.validation.y, len(self.labels), self.base_model, tmp,
                                   opts, self.progress, static=self.method == "static")
        from taskzoo.training.lora import LoraConfig, train_lora

        precision = opts.pop("precision", "int8")
        config = LoraConfig(seed=self.seed, **opts)
        if not self.progress:
            config.log = lambda _msg: None
        base = self._torch_base()
        train_lora(self.train.texts, self.train.y, self.validation.texts, self.validation.y,
                   len(self.labels), base, tmp, config, progress=self.progress)
        return self._export(tmp, base, config.max_length, precision)

    def _torch_base(self) -> Path:
        """The 🤗 weights folder LoRA trains on (behind the registered ONNX encoder)."""
        from taskzoo.backends.minilm_head import torch_base

        return torch_base(modeldir.base_model_path({"base_model": self.base_model}))

    @staticmethod
    def _export(tmp: Path, base: Path, max_length: int, precision: str) -> dict[str, Any]:
        """Merge the adapter into an ONNX encoder (served without torch); the options to keep."""
        from taskzoo.training.onnx_export import export_lora_dir

        export_lora_dir(tmp, base, max_length=max_length, precision=precision)
        return {"max_length": max_length, "normalize": False}

    def _copy_prefit(self, prefit: Path, tmp: Path, opts: dict[str, Any]) -> dict[str, Any]:
        import shutil

        if self.method == "fasttext":
            shutil.copy2(prefit / "model.ftz", tmp / "model.ftz")
            return {"tokenize": "words"}
        shutil.copy2(prefit / "head.safetensors", tmp / "head.safetensors")
        if self.method == "lora":
            shutil.copytree(prefit / "adapter", tmp / "adapter")
            (tmp / "adapter" / "README.md").unlink(missing_ok=True)
            return self._export(tmp, self._torch_base(), int(opts.get("max_length", 64)),
                                opts.get("precision", "int8"))
        return {"max_length": int(opts.get("max_length", 256)), "normalize": True}

    def _backend(self, tmp: Path, infer: dict[str, Any]) -> Any:
        from taskzoo.registry import ModelCard, import_object
        from taskzoo.weights import LocalPath

        modeldir.write_card(tmp, {"task": self.task, "method": self.method, "labels": self.labels,
                                  "base_model": self.base_model or None, "options": infer},
                            complete=False)
        path = tmp / "model.ftz" if self.method == "fasttext" else tmp
        card = ModelCard(name=str(tmp), task=self.task, backend=BACKENDS[self.method],
                         source=LocalPath(path=str(path)), options=infer)
        backend = import_object(BACKENDS[self.method])(card)
        backend.load()
        if self.method == "fasttext":  # columns of logits in this job's label order
            backend.labels = list(self.labels)
        return backend

    def _inputs(self, backend: Any, texts: list[str]) -> Any:
        if self.method != "fasttext":
            return texts
        from taskzoo.backends.fasttext import fasttext_line

        return [fasttext_line(t, backend.tokenize) for t in texts]

    def _thresholds(self, val_p: np.ndarray, infer: dict[str, Any]) -> dict[str, Any]:
        """Choose the operating threshold(s) on validation, store them in ``infer`` and return
        the selection report. With ``short_text_chars``, texts of at most that many characters
        get their own threshold, chosen on the short validation texts (when both parts hold
        both classes)."""
        if self.positive_label is None or self.threshold is None:
            return {}
        pos = self.labels.index(self.positive_label)
        y = np.asarray(self.validation.y) == pos
        info = self._threshold(val_p[:, pos], y)
        if self.short_text_chars:
            short = np.array([len(t.strip()) <= self.short_text_chars
                              for t in self.validation.texts], dtype=bool)
            if all(part.any() and (~part).any() for part in (y[short], y[~short])):
                info = self._threshold(val_p[~short, pos], y[~short])
                short_info = self._threshold(val_p[short, pos], y[short])
                infer["short_text"] = {"max_chars": self.short_text_chars,
                                       "threshold": short_info["threshold"]}
                info["short_text"] = {"max_chars": self.short_text_chars, **short_info}
        infer["threshold"] = info["threshold"]
        return info

    def _threshold(self, p_pos: np.ndarray, y: np.ndarray) -> dict[str, Any]:
        """The fixed threshold, or ("auto") the one with the best F1 for the positive class,
        with its precision and recall on (``p_pos``, ``y``)."""
        if isinstance(self.threshold, (int, float)):
            best = float(self.threshold)
        else:
            best, best_f1 = 0.5, -1.0
            for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
                pred = p_pos >= t
                tp, fp, fn = (pred & y).sum(), (pred & ~y).sum(), (~pred & y).sum()
                f1 = 2 * tp / max(1, 2 * tp + fp + fn)
                tie = abs(f1 - best_f1) <= 1e-9 and abs(t - 0.5) < abs(best - 0.5)
                if f1 > best_f1 + 1e-9 or tie:
                    best, best_f1 = float(t), float(f1)
        pred = p_pos >= best
        tp, fp, fn = (pred & y).sum(), (pred & ~y).sum(), (~pred & y).sum()
        return {"threshold": best, "positive_label": self.positive_label,
                "validation_precision": round(float(tp / max(1, tp + fp)), 4),
                "validation_recall": round(float(tp / max(1, tp + fn)), 4)}

    def _metrics(self, probs: np.ndarray, part: Part, infer: dict[str, Any]) -> dict[str, Any]:
        """Held-out metrics with the operating threshold(s) the saved model will use."""
        from taskzoo.backends.decision import operating_threshold

        y = part.y
        if not len(y):
            return {"n": 0}
        pred = probs.argmax(1)
        if infer.get("threshold") is not None and self.positive_label is not None:
            pos = self.labels.index(self.positive_label)
            cuts = np.array([operating_threshold(t, None, infer["threshold"],
                                                 infer.get("short_text")) for t in part.texts])
            pred = np.where(probs[:, pos] >= cuts, pos, 1 - pos)
        out: dict[str, Any] = classification_metrics(y, pred, self.labels)
        out["ece"] = round(expected_calibration_error(probs, y), 4)
        out["n"] = len(y)
        return out


def _plain(options: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()
            if not callable(v)}

