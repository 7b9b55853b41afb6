"""Method ``lora``: fine-tune a transformer encoder with a peft LoRA adapter and a linear head.

The encoder's own weights stay frozen; only the low-rank adapter (``r`` × hidden per targeted
layer) and the head train, so the saved model is a few MB. Mean pooling matches
sentence-transformers, and :class:`taskzoo.backends.minilm_head.EncoderClassifier` serves the
result on the shared, unmodified encoder.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from taskzoo.backends.torch_encoder import mean_pool
from taskzoo.formats.classifier_dir import ADAPTER_DIR, HEAD_FILE

TARGETS = ("query", "key", "value", "dense")


@dataclass
class LoraConfig:
    """Hyper-parameters of a LoRA run (defaults: the shipped sentiment recipe)."""

    r: int = 16
    alpha: int = 32
    dropout: float = 0.1
    targets: tuple[str, ...] = TARGETS
    epochs: int = 3
    lr: float = 1e-3
    batch_size: int = 32
    max_length: int = 64
    warmup: float = 0.06
    seed: int = 0
    threads: int | None = None
    save_every: int = 0  # also write adapter/head every N steps to <out>/checkpoint (0: never)
    init: str | None = None  # a folder with adapter/ and head.safetensors to continue training
    log: Callable[[str], None] = field(default=print, repr=False)


def train_lora(
    texts: Sequence[str], y: Sequence[int], val_texts: Sequence[str], val_y: Sequence[int],
    n_labels: int, base: Path, out: Path, config: LoraConfig, progress: bool = True,
) -> dict[str, Any]:
    """Train, keep the epoch with the best validation accuracy, and write ``adapter/`` and
    ``head.safetensors`` into ``out``. Returns validation logits of the kept epoch and a log."""
    import torch
    from peft import LoraConfig as PeftConfig
    from peft import get_peft_model
    from tqdm.auto import tqdm
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    if config.threads:
        torch.set_num_threads(config.threads)
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    encoder = AutoModel.from_pretrained(str(base), local_files_only=True)
    present = {name.rsplit(".", 1)[-1] for name, _ in encoder.named_modules()}
    targets = [t for t in config.targets if t in present]
    hidden = encoder.config.hidden_size
    head = torch.nn.Linear(hidden, n_labels)
    if config.init:  # continue from a trained adapter + head (its own r, alpha and targets)
        from peft import PeftModel
        from safetensors.torch import load_file

        model = PeftModel.from_pretrained(encoder, str(Path(config.init) / ADAPTER_DIR),
                                          is_trainable=True)
        head.load_state_dict(load_file(str(Path(config.init) / HEAD_FILE)))
    else:
        peft_cfg = PeftConfig(r=config.r, lora_alpha=config.alpha, lora_dropout=config.dropout,
                              target_modules=targets, bias="none")
        model = get_peft_model(encoder, peft_cfg)
    drop = torch.nn.Dropout(0.1)
    params = [p for p in model.parameters() if p.requires_grad] + list(head.parameters())
    optim = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.01)
    batches_per_epoch = (len(texts) + config.batch_size - 1) // config.batch_size
    total = batches_per_epoch * config.epochs
    warm = max(1, int(total * config.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    y_t = torch.tensor(list(y))

    def forward(batch_texts: list[str]) -> torch.Tensor:
        enc = tokenizer(batch_texts, padding=True, truncation=True,
                        max_length=config.max_length, return_tensors="pt")
        out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
        return mean_pool(out.last_hidden_state, enc["attention_mask"])

    def evaluate() -> np.ndarray:
        model.eval()
        chunks = []
        with torch.inference_mode():
            for i in range(0, len(val_texts), 128):
                chunks.append(head(forward(list(val_texts[i:i + 128]))).numpy())
        model.train()
        return np.concatenate(chunks) if chunks else np.zeros((0, n_labels))

    best_acc, best_logits, history = -1.0, None, []
    lengths = [len(t) for t in texts]
    model.train()
    for epoch in range(1, config.epochs + 1):
        start = time.time()
        order = _length_bucketed(lengths, config.batch_size, config.seed + epoch)
        bar = tqdm(order, desc=f"lora epoch {epoch}/{config.epochs}", unit="batch",
                   disable=not progress)
        running = 0.0
        for step, idx in enumerate(bar, 1):
            logits = head(drop(forward([texts[i] for i in idx])))
            loss = torch.nn.functional.cross_entropy(logits, y_t[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            running += loss.item()
            if step % 20 == 0:
                bar.set_postfix(loss=f"{running / step:.3f}")
            if config.save_every and step % config.save_every == 0:
                _save(model, head, out / "checkpoint")
                config.log(json.dumps({"epoch": epoch, "step": step, "checkpoint": True,
                                       "train_loss": round(running / step, 4)}))
        val_logits = evaluate()
        acc = float((val_logits.argmax(1) == np.asarray(val_y)).mean()) if len(val_y) else 0.0
        entry = {"epoch": epoch, "train_loss": round(running / max(1, len(order)), 4),
                 "val_accuracy": round(acc, 4), "seconds": round(time.time() - start, 1)}
        history.append(entry)
        config.log(json.dumps(entry))
        if acc > best_acc:
            best_acc, best_logits = acc, val_logits
            _save(model, head, out)
    if config.save_every:
        shutil.rmtree(out / "checkpoint", ignore_errors=True)
    return {"val_logits": best_logits, "history": history}


def _save(model: Any, head: Any, out: Path) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out / ADAPTER_DIR))
    save_file({"weight": head.weight.detach().contiguous(),
               "bias": head.bias.detach().contiguous()}, str(out / HEAD_FILE))
    _scrub_adapter_config(out / ADAPTER_DIR)
    (out / ADAPTER_DIR / "README.md").unlink(missing_ok=True)  # peft's empty template


def _length_bucketed(lengths: Sequence[int], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffled batches of similar-length texts (less padding, same randomness per epoch)."""
    rng = random.Random(seed)
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    pool = batch_size * 50
    batches = []
    for start in range(0, len(idx), pool):
        chunk = sorted(idx[start:start + pool], key=lengths.__getitem__)
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _scrub_adapter_config(adapter: Path) -> None:
    # peft records the absolute local path of the base model; a shipped adapter should not.
    path = adapter / "adapter_config.json"
    if path.exists():
        config = json.loads(path.read_text())
        config["base_model_name_or_path"] = None
        path.write_text(json.dumps(config, indent=2, sort_keys=True))
