"""Method ``minilm`` of NER training: a token classifier on the shared MiniLM encoder.

``taskzoo.train("ner", data, method="minilm", output_dir=...)`` (checks, splits, card and test
metrics are :func:`taskzoo.training.ner.train_ner`'s, shared with the spaCy method). Here:

1. the text is cut into words and wordpieces by the encoder's own tokenizer (the file the
   ONNX encoder serves with); each word's first wordpiece gets its BIO tag from the gold spans
   (:func:`taskzoo.backends.token_tags.word_targets`); texts over 254 wordpieces are cut into
   the same overlapping windows inference uses;
2. torch trains a linear tag layer on the encoder's token vectors, with the encoder frozen
   (``mode="head"``), with a LoRA adapter (``"lora"``, r=16 on query/key/value/dense), or fully
   fine-tuned (``"full"``); the validation part picks the epoch (exact-span micro F1 on the
   user's labels, patience 3);
3. the encoder (modes ``lora``/``full``: with the adapter merged) is exported to ONNX; the int8
   file is kept when its validation F1 is within ``int8_tolerance`` of the fp32 file's
   (``precision="auto"``), else the fp32 one; on the same part, the served tagger's entity
   scores give the ``threshold`` below which a new-type entity is dropped (best F1; a tagger
   that also knows 18 base types spreads its probability over 37 tags, and unknown rare words,
   foreign names above all, come out as low-scoring DRUGs). Mode ``head`` writes no encoder:
   it is served on the shared base encoder of the embeddings task (fp32, the same vectors
   torch computes).

With ``keep_base_labels`` (default) the base spaCy model runs beside the tagger for the old
types, as for the spaCy method, and the tagger also learns the base model's own entities on
every training text and on ``rehearsal_texts`` (all labelled by the base model, as the spaCy
method's pseudo-rehearsal gold): without them it learns "a capitalised brand-like name is a
drug" and tags companies as drugs (a model trained on 120 template sentences alone called
*Deloitte* a DRUG). A tenth of the rehearsal texts joins the validation part, where any new-type
entity found is a false positive. Only the new labels of the tagger are served.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from taskzoo import deps
from taskzoo.backends.decision import softmax
from taskzoo.backends.onnx_encoder import CONFIG_FILE, TOKENIZER_FILE, windows
from taskzoo.backends.token_tags import Words, decode, tag_set, word_targets, words_of
from taskzoo.errors import InvalidInputError
from taskzoo.formats import ner_dir
from taskzoo.training.ner_data import Example, check_base_options

MODES = ("head", "lora", "full")
PRECISIONS = ("auto", "int8", "fp32")
#: the options of the method and their defaults (``lr=None``: the mode's own, see MODE_LR)
DEFAULTS: dict[str, Any] = {
    "mode": "full", "max_epochs": 15, "patience": 3, "batch_size": 16, "lr": None,
    "dropout": 0.1, "r": 16, "precision": "auto", "int8_tolerance": 0.01,
    "encoder": "all-minilm-l6-v2", "threads": None,
}
MODE_LR = {"head": 5e-3, "lora": 1e-3, "full": 1e-4}
HEAD_LR = 1e-3  # the tag layer's learning rate when the encoder trains too
OVERLAP = 64  # wordpieces shared by consecutive windows of a long text
IGNORE = -100


def settings(options: dict[str, Any], keep: Any, rehearsal: Any) -> dict[str, Any]:
    """The checked options (InvalidInputError naming the bad one)."""
    unknown = sorted(set(options) - set(DEFAULTS))
    if unknown:
        raise InvalidInputError(
            f"unknown NER training option(s) {', '.join(unknown)} for method 'minilm': use "
            f"{', '.join(DEFAULTS)}"
        )
    out = {**DEFAULTS, **options}
    for name in ("max_epochs", "patience", "batch_size", "r"):
        value = out[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"{name} must be a positive int, got {value!r}")
    if out["mode"] not in MODES:
        raise InvalidInputError(f"mode must be one of {', '.join(MODES)}, got {out['mode']!r}")
    if out["precision"] not in PRECISIONS:
        raise InvalidInputError(f"precision must be one of {', '.join(PRECISIONS)}, got "
                                f"{out['precision']!r}")
    for name, low, high in (("dropout", 0, 1), ("int8_tolerance", 0, 1)):
        value = out[name]
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not low <= value < high:
            raise InvalidInputError(f"{name} must be a number in [{low}, {high}), got {value!r}")
    lr = out["lr"]
    if lr is not None and (isinstance(lr, bool) or not isinstance(lr, (int, float)) or lr <= 0):
        raise InvalidInputError(f"lr must be a positive number, got {lr!r}")
    out["lr"] = float(lr or MODE_LR[out["mode"]])
    check_base_options(keep, rehearsal)
    return out


def require(options: dict[str, Any]) -> None:
    """MissingDependencyError (with the pip line) unless the training libraries import."""
    needed = ["torch", "transformers", "onnx", "onnxruntime", "safetensors"]
    if options["mode"] == "lora":
        needed.append("peft")
    deps.require(needed, "train", "NER training with method 'minilm'")


# -- data ---------------------------------------------------------------------------------------
def _rows(words: list[Words], targets: list[list[int]] | None, room: int, cls_id: int,
          sep_id: int) -> list[tuple[list[int], list[int]]]:
    """Model inputs ``[CLS] window [SEP]`` with a target per position (IGNORE but at the first
    wordpiece of each word), one row per window of each text."""
    rows = []
    for k, w in enumerate(words):
        labels = [IGNORE] * len(w.ids)
        if targets is not None:
            for first, tag in zip(w.first, targets[k], strict=True):
                labels[first] = tag
        for a, b, _, _ in windows(len(w.ids), room, OVERLAP):
            rows.append(([cls_id, *w.ids[a:b], sep_id], [IGNORE, *labels[a:b], IGNORE]))
    return rows


def train(tmp: Path, train_part: list[Example], valid_part: list[Example],
          new_labels: list[str], options: dict[str, Any], seed: int,
          progress: bool) -> dict[str, Any]:
    """Train on ``train_part``, pick the epoch on ``valid_part`` (F1 on ``new_labels``), write
    ``head.safetensors`` (and ``encoder/``) into ``tmp``; return the card's method-specific
    part. The gold may hold other labels too (the base model's own entities, as rehearsal):
    they are learnt as tags, and scored only by the validation loss."""
    import torch
    from tokenizers import Tokenizer

    from taskzoo.backends.minilm_head import torch_base
    from taskzoo.backends.onnx_encoder import default_threads, read_config
    from taskzoo.formats.classifier_dir import base_model_path
    from taskzoo.registry import resolve

    start = time.time()
    torch.set_num_threads(int(options["threads"] or default_threads()))
    torch.manual_seed(seed)
    encoder_card = resolve("embeddings", options["encoder"])
    base_onnx = base_model_path({"base_model": {"name": encoder_card.name}})
    config = read_config(base_onnx)
    tokenizer = Tokenizer.from_file(str(base_onnx / TOKENIZER_FILE))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    room = int(config["max_length"]) - 2
    tags = tag_set(sorted({label for _, spans in train_part for _, _, label in spans}
                          | set(new_labels)))
    train_words = words_of(tokenizer, [t for t, _ in train_part])
    targets, misaligned = [], 0
    for w, (_, spans) in zip(train_words, train_part, strict=True):
        t, m = word_targets(w, spans, tags)
        targets.append(t)
        misaligned += m
    rows = _rows(train_words, targets, room, cls_id, sep_id)
    valid_texts = [t for t, _ in valid_part]
    valid_gold = [s for _, s in valid_part]
    valid_words = words_of(tokenizer, valid_texts)

    model = _TorchTagger(torch_base(base_onnx), len(tags), options)
    fit = _fit(model, rows, valid_words, valid_gold, tags, new_labels, options, seed, progress,
               (cls_id, sep_id, room))
    weight = model.head.weight.detach().numpy().astype(np.float32)
    bias = model.head.bias.detach().numpy().astype(np.float32)
    from safetensors.numpy import save_file

    save_file({"weight": weight, "bias": bias}, str(tmp / ner_dir.HEAD_FILE))
    exported = _export(model, base_onnx, tmp, weight, bias, tags, valid_texts, valid_gold,
                       new_labels, options)
    return {
        "mode": options["mode"], "tags": tags, "threshold": exported["threshold"],
        "encoder": {"name": encoder_card.name}, "precision": exported["precision"],
        "metrics": {"validation": {"f1": exported["f1"], "epoch": fit["best_epoch"],
                                   "f1 (torch, before export)": fit["best_f1"],
                                   "loss (torch)": fit["best_loss"],
                                   **exported["by_precision"]}},
        "data": {"spans_off_word_boundaries": misaligned, "windows": len(rows)},
        "training": {"epochs_run": fit["epochs"], "history": fit["history"],
                     "train_seconds": round(fit["seconds"], 1),
                     "export_seconds": round(time.time() - start - fit["seconds"], 1),
                     "torch": torch.__version__},
    }


class _TorchTagger:
    """The 🤗 encoder (frozen, with LoRA, or trainable) + dropout + a linear tag layer."""

    def __init__(self, hf_folder: Path, n_tags: int, options: dict[str, Any]) -> None:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        bars_were_off = hf_logging.is_progress_bar_enabled() is False
        hf_logging.disable_progress_bar()  # "Loading weights" bars; our own log says enough
        try:
            encoder = AutoModel.from_pretrained(str(hf_folder), local_files_only=True)
        finally:
            if not bars_were_off:
                hf_logging.enable_progress_bar()
        self.mode = options["mode"]
        if self.mode == "lora":
            from peft import LoraConfig, get_peft_model

            present = {name.rsplit(".", 1)[-1] for name, _ in encoder.named_modules()}
            targets = [t for t in ("query", "key", "value", "dense") if t in present]
            encoder = get_peft_model(encoder, LoraConfig(r=options["r"],
                                                         lora_alpha=2 * options["r"],
                                                         lora_dropout=0.1, bias="none",
                                                         target_modules=targets))
        elif self.mode == "head":
            for p in encoder.parameters():
                p.requires_grad_(False)
        self.encoder = encoder
        self.head = torch.nn.Linear(encoder.config.hidden_size, n_tags)
        self.drop = torch.nn.Dropout(options["dropout"])
        self.cache: dict[int, Any] = {}

    def train(self, on: bool) -> None:
        self.encoder.train(on and self.mode != "head")
        self.head.train(on)
        self.drop.train(on)

    def hidden(self, ids: Any, mask: Any) -> Any:
        """Token vectors of a padded batch."""
        return self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state

    def batch_logits(self, batch: list[int], rows: list[list[int]]) -> Any:
        """Tag logits of the rows ``batch`` (indexes into ``rows``), padded. A frozen encoder
        (mode ``head``) computes each row's vectors once and reuses them every epoch."""
        import torch

        if self.mode != "head":
            return self.head(self.drop(self.hidden(*_pad([rows[i] for i in batch]))))
        missing = [i for i in batch if i not in self.cache]
        if missing:
            with torch.no_grad():
                out = self.hidden(*_pad([rows[i] for i in missing]))
            for k, i in enumerate(missing):
                self.cache[i] = out[k, :len(rows[i])]
        width = max(len(rows[i]) for i in batch)
        states = torch.zeros((len(batch), width, self.head.in_features))
        for k, i in enumerate(batch):
            states[k, :len(rows[i])] = self.cache[i]
        return self.head(self.drop(states))

    def encoder_for_export(self) -> Any:
        if self.mode == "lora":
            return self.encoder.merge_and_unload()
        return self.encoder


def _pad(rows: list[list[int]], pad: int = 0) -> tuple[Any, Any]:
    import torch

    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        mask[i, :len(r)] = 1
    return ids, mask


def _fit(model: _TorchTagger, rows: list[tuple[list[int], list[int]]], valid_words: list[Words],
         valid_gold: list[list[Any]], tags: list[str], new_labels: list[str],
         options: dict[str, Any], seed: int, progress: bool,
         special: tuple[int, int, int]) -> dict[str, Any]:
    """Train epoch by epoch; keep the weights of the epoch with the best validation F1."""
    import copy

    import torch

    from taskzoo.training.lora import _length_bucketed

    encoder_params = [p for p in model.encoder.parameters() if p.requires_grad]
    groups = [{"params": list(model.head.parameters()),
               "lr": options["lr"] if model.mode == "head" else max(options["lr"], HEAD_LR)}]
    if encoder_params:
        groups.append({"params": encoder_params, "lr": options["lr"]})
    optim = torch.optim.AdamW(groups, weight_decay=0.01)
    per_epoch = (len(rows) + options["batch_size"] - 1) // options["batch_size"]
    total = per_epoch * options["max_epochs"]
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    trainable = [p for g in groups for p in g["params"]]
    best: dict[str, Any] = {"best_f1": -1.0, "best_loss": float("inf"), "best_epoch": 0,
                            "epochs": 0, "history": []}
    best_state = None
    started = time.time()
    inputs = [r[0] for r in rows]
    for epoch in range(1, options["max_epochs"] + 1):
        model.train(True)
        running = 0.0
        for batch in _length_bucketed([len(r[0]) for r in rows], options["batch_size"],
                                      seed + epoch):
            labels, _ = _pad([rows[i][1] for i in batch], IGNORE)
            logits = model.batch_logits(batch, inputs)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                                     labels.reshape(-1), ignore_index=IGNORE)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            running += float(loss.item())
        f1, valid_loss = _validate(model, valid_words, valid_gold, tags, new_labels, special)
        best["epochs"] = epoch
        best["history"].append({"epoch": epoch, "loss": round(running / max(1, per_epoch), 4),
                                "validation f1": round(f1, 4),
                                "validation loss": round(valid_loss, 4)})
        if progress:
            print(f"  epoch {epoch}: loss {running / max(1, per_epoch):.3f}, "
                  f"validation F1 {f1:.3f}, validation loss {valid_loss:.4f}")
        if (f1, -valid_loss) > (best["best_f1"], -best["best_loss"]):
            best.update(best_f1=round(f1, 4), best_epoch=epoch, best_loss=round(valid_loss, 4))
            best_state = ({k: v.detach().clone() for k, v in model.encoder.state_dict().items()}
                          if encoder_params else None, copy.deepcopy(model.head.state_dict()))
        elif epoch - best["best_epoch"] >= options["patience"]:
            break
    if best_state is not None:
        if best_state[0] is not None:
            model.encoder.load_state_dict(best_state[0])
        model.head.load_state_dict(best_state[1])
    model.train(False)
    best["seconds"] = time.time() - started
    return best


def _validate(model: _TorchTagger, words: list[Words], gold: list[list[Any]],
              tags: list[str], new_labels: list[str],
              special: tuple[int, int, int]) -> tuple[float, float]:
    """Exact-span micro F1 of the torch model on the validation texts, and the mean
    cross-entropy of the gold word tags (which still separates models whose F1 is equal)."""
    import torch

    from taskzoo.training.ner import score

    cls_id, sep_id, room = special
    model.train(False)
    predicted, losses = [], []
    with torch.inference_mode():
        for w, spans in zip(words, gold, strict=True):
            if not w.ids:
                predicted.append([])
                continue
            vectors = np.zeros((len(w.ids), len(tags)), dtype=np.float32)
            for a, b, core_a, core_b in windows(len(w.ids), room, OVERLAP):
                ids, mask = _pad([[cls_id, *w.ids[a:b], sep_id]])
                out = model.head(model.hidden(ids, mask))[0].numpy()
                vectors[core_a:core_b] = out[1 + core_a - a:1 + core_b - a]
            probs = softmax(vectors[w.first])
            targets, _ = word_targets(w, spans, tags)
            losses += [-float(np.log(max(probs[k, t], 1e-12))) for k, t in enumerate(targets)]
            predicted.append([(s, e, label) for s, e, label, _ in decode(w, probs, tags)])
    f1 = float(score(predicted, gold, set(new_labels))["f1"])
    return f1, float(np.mean(losses)) if losses else 0.0


def _export(model: _TorchTagger, base_onnx: Path, tmp: Path, weight: np.ndarray,
            bias: np.ndarray, tags: list[str], valid_texts: list[str],
            valid_gold: list[list[Any]], new_labels: list[str],
            options: dict[str, Any]) -> dict[str, Any]:
    """Write the encoder the folder is served with and measure it on the validation part."""
    from taskzoo.backends.onnx_encoder import OnnxEncoder, read_config
    from taskzoo.backends.onnx_tagger import TokenTagger

    def f1_of(encoder: OnnxEncoder) -> tuple[float, float]:
        """Validation F1 of the served tagger and the entity-score threshold giving it."""
        tagger = TokenTagger(encoder, weight, bias, tags)
        found = tagger.entities(valid_texts)
        return pick_threshold(found, valid_gold, set(new_labels))

    if model.mode == "head":
        from taskzoo.backends.onnx_encoder import load_encoder

        f1, threshold = f1_of(load_encoder(base_onnx))
        return {"precision": str(read_config(base_onnx).get("precision", "fp32")), "f1": f1,
                "threshold": threshold,
                "by_precision": {"f1 (served on the shared base encoder)": f1}}
    from taskzoo.training.onnx_export import export_encoder, quantize_int8

    max_length = int(read_config(base_onnx)["max_length"])
    with tempfile.TemporaryDirectory(dir=tmp.parent) as scratch, _quiet():
        fp32 = export_encoder(model.encoder_for_export().eval(), base_onnx / TOKENIZER_FILE,
                              Path(scratch) / "fp32", max_length=max_length, precision="fp32",
                              source=f"{options['encoder']} fine-tuned for NER "
                                     f"(mode {model.mode})")
        int8 = Path(scratch) / "int8"
        shutil.copytree(fp32, int8)
        (int8 / "model.onnx").unlink()
        quantize_int8(fp32 / "model.onnx", int8 / "model.int8.onnx")
        config = json.loads((fp32 / CONFIG_FILE).read_text(encoding="utf-8"))
        (int8 / CONFIG_FILE).write_text(json.dumps({**config, "model": "model.int8.onnx",
                                                    "precision": "int8"}, indent=2) + "\n",
                                        encoding="utf-8")
        scores = {"fp32": f1_of(OnnxEncoder(fp32)), "int8": f1_of(OnnxEncoder(int8))}
        chosen = options["precision"]
        if chosen == "auto":
            chosen = ("int8" if scores["int8"][0] >= scores["fp32"][0] - options["int8_tolerance"]
                      else "fp32")
        shutil.copytree(fp32 if chosen == "fp32" else int8, tmp / ner_dir.ENCODER_DIR)
    return {"precision": chosen, "f1": scores[chosen][0], "threshold": scores[chosen][1],
            "by_precision": {f"f1 ({p} ONNX)": round(v[0], 4) for p, v in scores.items()}}


THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def pick_threshold(found: list[list[tuple[int, int, str, float]]], gold: list[list[Any]],
                   labels: set[str]) -> tuple[float, float]:
    """The entity-score threshold (new-type entities scoring less are dropped) with the best
    validation F1 on ``labels``, and that F1. Ties (common when the validation part is easy):
    the median of the tied thresholds, away from both edges of the plateau."""
    from taskzoo.training.ner import score

    results = [(float(score([[(s, e, lab) for s, e, lab, p in spans if p >= t]
                             for spans in found], gold, labels)["f1"]), t) for t in THRESHOLDS]
    best = max(f1 for f1, _ in results)
    tied = [t for f1, t in results if f1 == best]
    return round(best, 4), tied[(len(tied) - 1) // 2]


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporter's and the quantiser's advice (warnings, root-logger lines)."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)
