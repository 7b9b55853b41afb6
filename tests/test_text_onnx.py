"""The MiniLM-family models on ONNX Runtime: equal to their torch versions within the stated
tolerance, order kept under length sorting, one shared session, damaged files refused, and
trained models that serve with torch hidden from the import system."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import taskzoo
from taskzoo import sharing
from taskzoo.backends import onnx_encoder
from taskzoo.backends.decision import softmax
from taskzoo.backends.onnx_encoder import OnnxEncoder, load_encoder
from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.weights import ASSETS_DIR

DATA = Path(__file__).parent / "data" / "classify"
REPO = Path(__file__).resolve().parents[1]


def texts_of(name: str, n: int) -> list[str]:
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle][:n]


# real review, other-domain and SMS texts, plus edge shapes (one word, very long, non-Latin)
TEXTS = (texts_of("rt_sample.jsonl", 40) + texts_of("sentiment_ood.jsonl", 40)
         + texts_of("sms_sample.jsonl", 40)
         + ["ok", "Ünïcödé, émojis 🎬 and 日本語のテキスト", "word " * 400])


@pytest.fixture(scope="session")
def st_model():
    from taskzoo.backends.sentence_transformers import load_sentence_transformer
    from taskzoo.catalog.text import MINILM

    return load_sentence_transformer(MINILM.locate())


def test_embeddings_equal_sentence_transformers(embedder: taskzoo.Pipeline, st_model) -> None:
    ours = np.stack(embedder(TEXTS))
    reference = st_model.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    cosine = (ours * reference).sum(1)
    assert ours.dtype == np.float32 and ours.shape == (len(TEXTS), 384)
    assert cosine.min() > 0.9999  # fp32 export, same truncation at 256 tokens (last text)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)


def test_length_sorted_batches_keep_input_order(embedder: taskzoo.Pipeline) -> None:
    mixed = ["a", "word " * 300, "a somewhat longer sentence about films", "", "b c",
             "x" * 2000, "short"]
    together = np.stack(embedder(mixed))
    alone = np.stack([embedder(t) for t in mixed])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    encoder = embedder.load().encoder
    shuffled = encoder.encode(mixed[::-1], batch_size=2)
    np.testing.assert_allclose(shuffled[::-1], together, atol=1e-5)


def test_lora_sentiment_int8_matches_torch_within_its_stated_fidelity() -> None:
    """The shipped sentiment LoRA, merged and quantised to int8, against base + adapter on
    torch: its card states mean cosine 0.991 and equal test accuracy (0.8369)."""
    from taskzoo.backends.torch_encoder import TorchFeatures
    from taskzoo.catalog.text import MINILM

    backend = taskzoo.load("sentiment", model="minilm-lora-rt").load()
    assert isinstance(backend.encoder, OnnxEncoder)
    assert backend.encoder.config["precision"] == "int8"
    texts = TEXTS[:120]
    onnx_p = backend.predict_proba(texts)
    reference = TorchFeatures(MINILM.locate(), ASSETS_DIR / "sentiment-minilm-lora" / "adapter")
    feats = reference.encode(texts, max_length=backend.max_length, normalize=False)
    torch_p = softmax(feats @ backend.weight.T + backend.bias, backend.temperature)
    agreement = float((onnx_p.argmax(1) == torch_p.argmax(1)).mean())
    assert agreement >= 0.95, agreement
    assert float(np.abs(onnx_p - torch_p)[:, 1].mean()) < 0.03
    fidelity = backend.encoder.config["fidelity"]
    assert fidelity["mean_cosine"] >= 0.99


def test_spam_head_equals_its_torch_version() -> None:
    """The head reads the shared fp32 ONNX encoder: the same probabilities as on torch."""
    from taskzoo.backends.torch_encoder import TorchFeatures
    from taskzoo.catalog.text import MINILM

    backend = taskzoo.load("spam", model="minilm-head").load()
    embeddings = taskzoo.load("embeddings").load()
    assert backend.encoder is embeddings.encoder  # one session behind both tasks
    texts = TEXTS[80:]
    feats = TorchFeatures(MINILM.locate()).encode(texts, max_length=backend.max_length,
                                                  normalize=True)
    torch_p = softmax(feats @ backend.weight.T + backend.bias, backend.temperature)
    np.testing.assert_allclose(backend.predict_proba(texts), torch_p, atol=1e-4)


def test_sixteen_threads_share_one_session(monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    original = OnnxEncoder.__init__

    def counting(self: OnnxEncoder, *args: object, **kwargs: object) -> None:
        built.append(1)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(OnnxEncoder, "__init__", counting)
    folder = ASSETS_DIR / "minilm-l6-onnx"
    sharing.clear()
    results: list[np.ndarray] = []
    barrier = threading.Barrier(16)

    def work() -> None:
        barrier.wait()
        results.append(load_encoder(folder).encode(["the same text"])[0])

    threads = [threading.Thread(target=work) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sharing.clear()
    assert len(built) == 1 and len(results) == 16
    np.testing.assert_allclose(np.stack(results), np.stack(results[:1] * 16), atol=1e-6)


@pytest.fixture
def encoder_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "enc"
    shutil.copytree(ASSETS_DIR / "minilm-l6-onnx", folder)
    return folder


def test_damaged_onnx_file_is_a_model_load_error_naming_it(encoder_copy: Path) -> None:
    model = encoder_copy / "model.onnx"
    model.write_bytes(model.read_bytes()[:5000])
    with pytest.raises(ModelLoadError, match=r"model\.onnx"):
        taskzoo.load("embeddings", model=str(encoder_copy))("hello")


def test_wrong_hidden_size_is_refused_with_the_reason(encoder_copy: Path) -> None:
    config = json.loads((encoder_copy / "encoder.json").read_text())
    config["hidden_size"] = 768
    (encoder_copy / "encoder.json").write_text(json.dumps(config))
    with pytest.raises(ModelLoadError, match=r"384-d.*768"):
        OnnxEncoder(encoder_copy)


def test_onnx_file_with_other_inputs_is_refused(encoder_copy: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("pixels", TensorProto.FLOAT, [1, 384])
    y = helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 384])
    graph = helper.make_graph([helper.make_node("Identity", ["pixels"], ["out"])], "g", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(encoder_copy / "model.onnx"))
    with pytest.raises(ModelLoadError, match=r"takes inputs.*pixels"):
        OnnxEncoder(encoder_copy)


def test_missing_tokenizer_is_refused(encoder_copy: Path) -> None:
    (encoder_copy / "tokenizer.json").write_text("{not json")
    with pytest.raises(ModelLoadError, match="tokenizer"):
        OnnxEncoder(encoder_copy)


@pytest.mark.parametrize("value", ["two", "0"])
def test_bad_thread_setting_says_what_to_set(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TASKZOO_THREADS", value)
    with pytest.raises(InvalidInputError, match="TASKZOO_THREADS"):
        onnx_encoder.default_threads()
    monkeypatch.setenv("TASKZOO_THREADS", "1")
    assert onnx_encoder.default_threads() == 1


# -- without torch ------------------------------------------------------------------------------
HIDE_TORCH = """
import importlib.abc, importlib.util, sys
HIDDEN = {"torch", "transformers", "sentence_transformers", "peft"}
class Hide(importlib.abc.MetaPathFinder):  # as if they were not installed
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Hide())
real_find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, package=None: (
    None if name.split(".")[0] in HIDDEN else real_find_spec(name, package))
"""


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, cwd=REPO, check=False)


def test_eight_one_liners_import_no_torch_and_no_training_code(tmp_path: Path) -> None:
    code = """
import json, sys
import numpy as np
from PIL import Image, ImageDraw, ImageFont
import taskzoo as tz
img = Image.new("RGB", (400, 80), "white")
ImageDraw.Draw(img).text((10, 20), "taskzoo", fill="black",
                         font=ImageFont.truetype("DejaVuSans.ttf", 36))
t = np.arange(16000, dtype=np.float32) / 16000
out = [tz.sentiment("what a great film"), tz.spam("WIN a FREE cruise, reply YES"),
       tz.ner("Tim Cook visited Paris"), tz.embed("a cat").shape, tz.langid("bonjour à tous"),
       tz.ocr(img).text, len(tz.detect(img).boxes),
       tz.transcribe((0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)).text]
bad = sorted(m for m in sys.modules if m.split(".")[0] in
             ("torch", "transformers", "sentence_transformers", "peft")
             or m.startswith(("taskzoo.training", "taskzoo.evaluation")))
print(json.dumps({"bad": bad, "out": [repr(o) for o in out]}))
"""
    done = run_python(code)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["bad"] == [], report["bad"]
    assert "positive" in report["out"][0] and "spam" in report["out"][1]
    assert "(384,)" in report["out"][3] and "'fr'" in report["out"][4]


def test_trained_head_and_lora_serve_with_torch_hidden(head_dir: Path, lora_dir: Path) -> None:
    texts = ["FREE entry! txt WIN to 80086 to claim your prize now", "ok see you at home"]
    want = {str(d): [r.to_dict() for r in taskzoo.load("spam", model=str(d))(texts)]
            for d in (head_dir, lora_dir)}
    code = HIDE_TORCH + f"""
import json, taskzoo
got = {{d: [r.to_dict() for r in taskzoo.load("spam", model=d)({texts!r})]
        for d in {[str(head_dir), str(lora_dir)]!r}}}
print(json.dumps(got))
"""
    done = run_python(code)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    for folder, results in want.items():
        assert [r["label"] for r in got[folder]] == [r["label"] for r in results]
        for a, b in zip(got[folder], results, strict=True):
            assert abs(a["score"] - b["score"]) < 1e-4


@pytest.fixture
def old_lora_dir(lora_dir: Path, tmp_path: Path) -> Path:
    """The trained LoRA folder as an older taskzoo wrote it: no encoder/."""
    from taskzoo.training.modeldir import rehash

    old = tmp_path / "old-lora"
    shutil.copytree(lora_dir, old)
    shutil.rmtree(old / "encoder")
    rehash(old)
    return old


def test_older_lora_folder_runs_on_torch_then_exports(old_lora_dir: Path, lora_dir: Path) -> None:
    texts = ["FREE entry! txt WIN to 80086 to claim your prize now", "ok see you at home"]
    new = taskzoo.load("spam", model=str(lora_dir))(texts)
    legacy = taskzoo.load("spam", model=str(old_lora_dir)).load()
    assert not isinstance(legacy.encoder, OnnxEncoder)  # the torch path
    assert [r.label for r in legacy.predict_batch(texts)] == [r.label for r in new]
    hidden = run_python(HIDE_TORCH + f"""
import taskzoo
from taskzoo.errors import MissingDependencyError
try:
    taskzoo.load("spam", model={str(old_lora_dir)!r})("hi")
except MissingDependencyError as exc:
    print("MISSING", exc)
""")
    assert "MISSING" in hidden.stdout and "taskzoo export-onnx" in hidden.stdout
    cli = subprocess.run([sys.executable, "-m", "taskzoo", "export-onnx", str(old_lora_dir),
                          "--precision", "fp32"], capture_output=True, text=True, timeout=600,
                         check=False)
    assert cli.returncode == 0, cli.stderr[-2000:]
    sharing.clear()
    exported = taskzoo.load("spam", model=str(old_lora_dir)).load()
    assert isinstance(exported.encoder, OnnxEncoder)
    assert [r.label for r in exported.predict_batch(texts)] == [r.label for r in new]
    again = subprocess.run([sys.executable, "-m", "taskzoo", "export-onnx", str(old_lora_dir)],
                           capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 2 and "exists already" in again.stderr


def test_missing_torch_for_a_sentence_transformers_base_names_the_extra(tmp_path: Path) -> None:
    done = run_python(HIDE_TORCH + """
import taskzoo
from taskzoo.errors import MissingDependencyError
try:
    taskzoo.load("embeddings", model="all-minilm-l6-v2-torch")("hi")
except MissingDependencyError as exc:
    print("MISSING", exc)
""")
    assert 'pip install "taskzoo[transformers]"' in done.stdout, done.stdout + done.stderr


