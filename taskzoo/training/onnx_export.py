"""Export a BERT-style encoder (optionally with a LoRA adapter merged in) to an ONNX encoder
folder that :mod:`taskzoo.backends.onnx_encoder` serves without torch.

Needs the ``[train]`` extra (torch, transformers, onnx). Steps:

1. wrap the 🤗 model so it is called with keyword arguments (a positional call of a
   transformers 5 ``BertModel`` fails to export), export ``last_hidden_state`` at opset 17 with
   dynamic batch and sequence axes;
2. optionally quantise to int8 with ONNX Runtime's *dynamic* quantisation, per output channel,
   weights only (``MatMulConstBOnly``: the attention score MatMuls stay fp32 — quantising them
   too drops the mean cosine to the fp32 vectors from 0.99 to 0.95);
3. write ``encoder.json`` (hidden size, max length, precision, measured fidelity) and the
   tokenizer beside the model.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from taskzoo.backends.onnx_encoder import CONFIG_FILE, FORMAT, TOKENIZER_FILE, load_encoder

OPSET = 17
PRECISIONS = ("int8", "fp32")


def model_file(precision: str) -> str:
    """The file name of an encoder of ``precision`` inside its folder."""
    return "model.onnx" if precision == "fp32" else f"model.{precision}.onnx"


def export_encoder(encoder: Any, tokenizer_json: Path, out: Path, *, max_length: int,
                   precision: str = "int8", source: str = "") -> Path:
    """Write ``encoder`` (a 🤗 BERT-style ``PreTrainedModel``) as an ONNX encoder folder ``out``
    holding the file of ``precision`` ("int8" or "fp32"); returns ``out``."""
    import torch

    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    out.mkdir(parents=True, exist_ok=True)

    class Wrapper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.encoder(input_ids=input_ids,
                                attention_mask=attention_mask).last_hidden_state

    example = (torch.ones((2, 8), dtype=torch.int64), torch.ones((2, 8), dtype=torch.int64))
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        with torch.inference_mode():
            torch.onnx.export(
                Wrapper().eval(), example, str(fp32), input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"], opset_version=OPSET, dynamo=False,
                dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                              "attention_mask": {0: "batch", 1: "sequence"},
                              "last_hidden_state": {0: "batch", 1: "sequence"}},
            )
        target = out / model_file(precision)
        if precision == "fp32":
            shutil.copyfile(fp32, target)
        else:
            quantize_int8(fp32, target)
    shutil.copyfile(tokenizer_json, out / TOKENIZER_FILE)
    config = {
        "format": FORMAT, "model": target.name, "precision": precision,
        "hidden_size": int(encoder.config.hidden_size), "max_length": int(max_length),
        "pad_token_id": int(getattr(encoder.config, "pad_token_id", 0) or 0),
        "pooling": "mean", "opset": OPSET, "source": source,
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return out


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation, per channel, of the weight MatMuls only."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), per_channel=True, weight_type=QuantType.QInt8,
                     extra_options={"MatMulConstBOnly": True})


def merged_lora_encoder(base: Path, adapter_dir: Path) -> Any:
    """The 🤗 encoder at ``base`` with the peft LoRA adapter in ``adapter_dir`` merged into its
    weights (a new model; nothing shared is changed)."""
    from peft import PeftModel
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base), local_files_only=True)
    return PeftModel.from_pretrained(encoder, str(adapter_dir)).merge_and_unload().eval()


def torch_features(encoder: Any, tokenizer: Any, texts: Sequence[str], *, max_length: int,
                   normalize: bool) -> np.ndarray:
    """Mean-pooled features of the torch ``encoder`` (the reference the ONNX file must match)."""
    from taskzoo.backends.torch_encoder import encode_features

    return encode_features(tokenizer, encoder, list(texts), max_length=max_length,
                           normalize=normalize)


def fidelity(reference: np.ndarray, candidate: np.ndarray) -> dict[str, float]:
    """How close ``candidate`` vectors are to ``reference`` ones: mean and minimum cosine, and
    the share of texts whose nearest neighbour (among the others) is the same."""
    def unit(x: np.ndarray) -> np.ndarray:
        return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)

    a, b = unit(reference), unit(candidate)
    cos = (a * b).sum(1)
    sims_a, sims_b = a @ a.T, b @ b.T
    np.fill_diagonal(sims_a, -np.inf)
    np.fill_diagonal(sims_b, -np.inf)
    agree = float((sims_a.argmax(1) == sims_b.argmax(1)).mean()) if len(a) > 1 else 1.0
    return {"mean_cosine": round(float(cos.mean()), 4), "min_cosine": round(float(cos.min()), 4),
            "nn_agreement": round(agree, 4), "n": len(a)}


def measure_and_record(folder: Path, encoder: Any, tokenizer: Any, texts: Sequence[str],
                       *, max_length: int, normalize: bool = True) -> dict[str, float]:
    """Compare the exported folder's vectors with the torch encoder's on ``texts`` and store
    the result under ``fidelity`` in its ``encoder.json``."""
    reference = torch_features(encoder, tokenizer, texts, max_length=max_length,
                               normalize=normalize)
    onnx = load_encoder(folder).encode(list(texts), max_length=max_length, normalize=normalize)
    result = fidelity(reference, onnx)
    config_path = folder / CONFIG_FILE
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["fidelity"] = {**result, "max_length": max_length}
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return result


def link_external_weights(model_path: Path, weights: Path, out: Path,
                          location: str = "model.safetensors") -> dict[str, int]:
    """Rewrite the fp32 ONNX file at ``model_path`` so that every weight it shares with the
    safetensors file ``weights`` is read from that file at load time instead of being stored in
    the graph: the result (``out``) is a few hundred KB, and the weights come from the package
    that ships them (``location`` is the name the graph gives the file).

    Weights the exporter stored transposed (``MatMul`` takes ``Wᵀ``) are read as stored: their
    ``MatMul`` becomes ONNX Runtime's ``FusedMatMul`` with ``transB=1`` (no transposed copy in
    memory), or, for any other consumer, a ``Transpose`` node that is folded once at load.
    Returns counts of linked, transposed and inline initializers."""
    import hashlib

    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from safetensors.numpy import load_file

    with open(weights, "rb") as handle:  # the header only: tensor names → byte offsets
        header_len = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(header_len))
    tensors = load_file(str(weights))

    def key(arr: np.ndarray) -> str:
        return f"{arr.dtype.str}{arr.shape}" + hashlib.sha1(np.ascontiguousarray(arr)).hexdigest()

    index: dict[str, tuple[str, bool]] = {}
    for name, arr in tensors.items():
        if arr.dtype != np.float32:
            continue
        index.setdefault(key(arr), (name, False))
        if arr.ndim == 2:
            index.setdefault(key(arr.T), (name, True))
    model = onnx.load(str(model_path))
    transposes = []
    counts = {"linked": 0, "transposed": 0, "inline": 0}
    for init in model.graph.initializer:
        arr = numpy_helper.to_array(init)
        match = index.get(key(arr)) if arr.dtype == np.float32 and arr.size >= 256 else None
        if match is None:
            counts["inline"] += 1
            continue
        name, transposed = match
        start, end = header[name]["data_offsets"]
        if transposed:
            stored = f"{init.name}__stored"
            users = [n for n in model.graph.node if init.name in n.input]
            if users and all(n.op_type == "MatMul" and list(n.input).index(init.name) == 1
                             for n in users):
                for node in users:  # A @ Wᵀ straight from the stored W
                    node.op_type, node.domain = "FusedMatMul", "com.microsoft"
                    node.input[1] = stored
                    node.attribute.extend([helper.make_attribute("transB", 1)])
            else:
                transposes.append(helper.make_node("Transpose", [stored], [init.name],
                                                   perm=[1, 0]))
            init.name = stored
            del init.dims[:]
            init.dims.extend(header[name]["shape"])
            counts["transposed"] += 1
        init.ClearField("raw_data")
        init.ClearField("float_data")
        init.data_location = TensorProto.EXTERNAL
        del init.external_data[:]
        for k, v in (("location", location), ("offset", str(8 + header_len + start)),
                     ("length", str(end - start))):
            entry = init.external_data.add()
            entry.key, entry.value = k, v
        counts["linked"] += 1
    if not any(op.domain == "com.microsoft" for op in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    nodes = list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend([*transposes, *nodes])
    out.write_bytes(model.SerializeToString())
    return counts


ENCODER_DIR = "encoder"


def export_lora_dir(model_dir: Path, base: Path, *, max_length: int,
                    precision: str = "int8") -> Path:
    """Merge the LoRA adapter of a trained ``lora`` folder into its base encoder (the 🤗 folder
    ``base``) and write the result as ``<model_dir>/encoder/`` so the classifier serves without
    torch. Returns the encoder folder."""
    encoder = merged_lora_encoder(base, model_dir / "adapter")
    return export_encoder(encoder, base / TOKENIZER_FILE, model_dir / ENCODER_DIR,
                          max_length=max_length, precision=precision,
                          source=f"LoRA adapter merged into {base.name}")


def export_model_dir(model_dir: Path, precision: str = "int8") -> Path:
    """Give an older ``lora`` model folder (trained before taskzoo exported encoders) its ONNX
    encoder, so it serves without torch; the card's file list is updated. Returns the folder."""
    from taskzoo.backends.minilm_head import torch_base
    from taskzoo.errors import InvalidInputError
    from taskzoo.formats.classifier_dir import base_model_path, verify_files
    from taskzoo.training.modeldir import rehash

    meta = verify_files(model_dir)
    if meta.get("method") != "lora":
        raise InvalidInputError(f"{model_dir} is a {meta.get('method')!r} model: only 'lora' "
                                "folders carry their own encoder (the others already run on "
                                "the shared ONNX encoder)")
    if (model_dir / ENCODER_DIR).exists():
        raise InvalidInputError(f"{model_dir / ENCODER_DIR} exists already: nothing to export")
    max_length = int(meta.get("options", {}).get("max_length", 64))
    export_lora_dir(model_dir, torch_base(base_model_path(meta)), max_length=max_length,
                    precision=precision)
    rehash(model_dir)
    return model_dir
