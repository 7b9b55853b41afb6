"""Write the tiny hand-built ONNX models the detection tests load (each a few hundred bytes).

Needs the ``onnx`` package (not a taskzoo dependency):
``python tests/data/detection/make_models.py``.
Their outputs are constants (or depend only on image brightness), so the expected boxes are known
exactly:

* ``yolov5_const.onnx`` — YOLOv5 layout [1, anchors, 5 + 2], input 1×3×64×64;
* ``end2end_const.onnx`` — end-to-end layout [1, 4, 6] (NMS inside), metadata end2end=True;
* ``v8_brightness.onnx`` — YOLOv8 layout [batch, 4 + 2, 2] with a dynamic batch: one box whose
  class-0 score is the image's mean brightness (0..1), so each image of a batch gets its own;
* ``not_detector.onnx`` — an image classifier (output [1, 3]);
* ``bad_output.onnx`` — rank-3 output [1, 9, 10] that fits no YOLO layout for its 2 classes;
* ``text_input.onnx`` — a model taking [1, 16] token ids.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).parent
NAMES = "{0: 'person', 1: 'dog'}"
SHAPE3 = numpy_helper.from_array(np.array([-1, 1, 1], np.int64), "shape3")


def _save(graph: onnx.GraphProto, name: str, **meta: str) -> None:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    for key, value in {"names": NAMES, **meta}.items():
        model.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(model)
    onnx.save(model, str(HERE / name))


def _const_model(name: str, values: np.ndarray, batch: int | str = 1, **meta: str) -> None:
    """output = values + 0 * mean(image): a constant that still depends on the input."""
    image = helper.make_tensor_value_info("images", TensorProto.FLOAT, [batch, 3, 64, 64])
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, [batch, *values.shape[1:]])
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["m4"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Reshape", ["m4", "shape3"], ["m"]),  # [batch, 1, 1]
        helper.make_node("Mul", ["m", "zero"], ["z"]),
        helper.make_node("Add", ["const", "z"], ["output0"]),
    ]
    inits = [numpy_helper.from_array(values.astype(np.float32), "const"),
             numpy_helper.from_array(np.zeros(1, np.float32), "zero"), SHAPE3]
    _save(helper.make_graph(nodes, name, [image], [out], inits), name, **meta)


def yolov5() -> None:
    # rows: cx, cy, w, h, objectness, p(person), p(dog)   (network pixels, 64×64 input)
    rows = np.array([
        [32, 32, 20, 40, 0.9, 0.9, 0.1],    # person, score 0.81
        [33, 32, 20, 40, 0.8, 0.9, 0.1],    # duplicate person, 0.72: removed by NMS
        [32, 32, 20, 40, 0.9, 0.1, 0.8],    # dog on the same spot, 0.72: kept (class-aware)
        [10, 10, 4, 4, 0.1, 0.9, 0.1],      # 0.09: under the threshold
    ])
    _const_model("yolov5_const.onnx", rows[None])


def end2end() -> None:
    rows = np.array([
        [8, 8, 24, 40, 0.95, 1],            # dog
        [30, 10, 60, 60, 0.60, 0],          # person
        [0, 0, 0, 0, 0.0, 0],               # padding rows
        [0, 0, 0, 0, 0.0, 0],
    ])
    _const_model("end2end_const.onnx", rows[None], end2end="True")


def v8_brightness() -> None:
    image = helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, 64, 64])
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["batch", 6, 2])
    boxes = np.array([[[32, 10], [32, 10], [40, 4], [40, 4]]], np.float32)  # [1, 4, 2]
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["m4"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Reshape", ["m4", "shape3"], ["m"]),                           # [b,1,1]
        helper.make_node("Mul", ["m", "zero42"], ["z"]),                                # [b,4,2]
        helper.make_node("Add", ["boxes", "z"], ["xywh"]),
        helper.make_node("Mul", ["m", "first"], ["scores"]),                            # [b,2,2]
        helper.make_node("Concat", ["xywh", "scores"], ["output0"], axis=1),
    ]
    inits = [numpy_helper.from_array(boxes, "boxes"), SHAPE3,
             numpy_helper.from_array(np.zeros((1, 4, 2), np.float32), "zero42"),
             # class-0 score of anchor 0 = brightness; everything else 0
             numpy_helper.from_array(np.array([[[1, 0], [0, 0]]], np.float32), "first")]
    _save(helper.make_graph(nodes, "v8", [image], [out], inits), "v8_brightness.onnx")


def not_detector() -> None:
    image = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 64, 64])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 3])
    nodes = [helper.make_node("ReduceMean", ["images"], ["logits"], axes=[2, 3], keepdims=0)]
    _save(helper.make_graph(nodes, "cls", [image], [out]), "not_detector.onnx")


def bad_output() -> None:
    _const_model("bad_output.onnx", np.zeros((1, 9, 10)))


def text_input() -> None:
    ids = helper.make_tensor_value_info("ids", TensorProto.FLOAT, [1, 16])
    out = helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 16])
    nodes = [helper.make_node("Identity", ["ids"], ["out"])]
    _save(helper.make_graph(nodes, "text", [ids], [out]), "text_input.onnx")


if __name__ == "__main__":
    for make in (yolov5, end2end, v8_brightness, not_detector, bad_output, text_input):
        make()
    print(sorted(p.name for p in HERE.glob("*.onnx")))
