"""taskzoo.train(method="lora") end to end on a tiny randomly-initialised BERT built here (the
real MiniLM recipe takes CPU-minutes; the code path is the same)."""

from __future__ import annotations

import json
from pathlib import Path

import taskzoo
from taskzoo.results import Label

DATA = Path(__file__).parent / "data" / "classify"


def test_lora_learns_on_a_tiny_base(lora_dir: Path) -> None:
    card = json.loads((lora_dir / "card.json").read_text())
    assert card["method"] == "lora" and card["base_model"]["path"]
    assert {"adapter/adapter_config.json", "adapter/adapter_model.safetensors",
            "head.safetensors"} <= set(card["files"])
    assert card["metrics"]["test"]["accuracy"] >= 0.75  # balanced: chance is 0.5


def test_lora_dir_serves_through_taskzoo_load(lora_dir: Path) -> None:
    clf = taskzoo.load("spam", model=str(lora_dir))
    out = clf(["FREE entry! txt WIN to 80086 to claim your prize now", "ok see you at home",
               " "], scores=True)
    assert out[0].label == "spam" and out[1].label == "ham"
    assert out[2] == Label("ham", 0.0, {})
    assert abs(sum(out[0].scores.values()) - 1) < 1e-3


def test_lora_serves_from_its_onnx_encoder_equal_to_torch(lora_dir: Path, tiny_base: Path) -> None:
    """The adapter is merged into the folder's own ONNX encoder (int8); its probabilities match
    the torch path (base + unmerged adapter) closely, and the shared base is left untouched."""
    import numpy as np

    from taskzoo.backends.onnx_encoder import OnnxEncoder
    from taskzoo.backends.torch_encoder import TorchFeatures

    assert (lora_dir / "encoder" / "encoder.json").is_file()
    backend = taskzoo.load("text-classification", model=str(lora_dir)).load()
    assert isinstance(backend.encoder, OnnxEncoder)
    with open(DATA / "sms_sample.jsonl", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle][:40]
    onnx_p = backend.predict_proba(texts)
    reference = TorchFeatures(tiny_base, lora_dir / "adapter")
    feats = reference.encode(texts, max_length=backend.max_length, normalize=False)
    from taskzoo.backends.decision import softmax

    torch_p = softmax(feats @ backend.weight.T + backend.bias, backend.temperature)
    assert (onnx_p.argmax(1) == torch_p.argmax(1)).mean() >= 0.95
    assert float(np.abs(onnx_p - torch_p).max()) < 1e-3  # fp32 export: the same numbers
    # the torch path wraps a copy: the shared base encoder itself gains no LoRA layers
    assert not any("lora" in name.lower() for name, _ in
                   TorchFeatures(tiny_base).encoder.named_modules())


def test_lora_continues_from_a_trained_folder(lora_dir: Path, tiny_base: Path,
                                              tmp_path: Path) -> None:
    """``init``: training starts from another run's adapter and head (how minilm-lora-broad
    continued minilm-lora-rt); with lr 0 nothing moves, so it answers exactly like its start."""
    import numpy as np
    from conftest import sms_rows
    from safetensors.numpy import load_file

    rows = sms_rows()
    again = taskzoo.train("spam", rows[::5], method="lora", base_model=tiny_base,
                          validation=rows[1::10], test=rows[2::10],
                          output_dir=tmp_path / "again", progress=False, epochs=1, lr=0.0,
                          batch_size=16, max_length=48, threads=2, precision="fp32",
                          init=str(lora_dir))
    for name in ("weight", "bias"):
        assert np.array_equal(load_file(str(again / "head.safetensors"))[name],
                              load_file(str(lora_dir / "head.safetensors"))[name])
    texts = ["FREE entry! txt WIN to 80086 to claim your prize now", "ok see you at home"]
    before = taskzoo.load("spam", model=str(lora_dir)).load().logits(texts)
    after = taskzoo.load("spam", model=str(again)).load().logits(texts)
    assert float(np.abs(before - after).max()) < 1e-4
