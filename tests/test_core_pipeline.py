"""Pipeline behaviour with real models: one-or-many, stream, pickling, threads, loading errors."""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from pathlib import Path

import numpy as np
import pytest

import taskzoo as tz
from taskzoo.backends.fasttext import FastTextClassifier
from taskzoo.errors import InvalidInputError, MissingDependencyError, ModelLoadError
from taskzoo.registry import resolve
from taskzoo.weights import ASSETS_DIR, Asset, LocalPath

TEXTS = [f"sentence number {i} about {w}" for i, w in enumerate(
    ["cats", "the weather", "la cuisine française", "der Bahnhof", "el fútbol", "music"] * 12)]


def test_one_input_gives_one_result_and_a_list_gives_a_list(lid: tz.Pipeline) -> None:
    one = lid("guten Morgen, wie geht es dir?")
    many = lid(["guten Morgen, wie geht es dir?", "good morning, how are you?"])
    assert isinstance(one, tz.Label) and one.label == "de"
    assert [r.label for r in many] == ["de", "en"]
    assert lid(("a tuple works", "too")) and lid([]) == []


@pytest.mark.parametrize("batch_size", [1, 7, 64])
def test_stream_gives_the_same_results_at_any_batch_size(
        embedder: tz.Pipeline, lid: tz.Pipeline, batch_size: int) -> None:
    reference = np.stack(embedder(TEXTS))
    streamed = np.stack(list(embedder.stream(iter(TEXTS), batch_size=batch_size)))
    np.testing.assert_allclose(streamed, reference, atol=1e-5)
    assert list(lid.stream(TEXTS, batch_size=batch_size)) == lid(TEXTS)


def test_stream_with_a_progress_bar(lid: tz.Pipeline, capsys: pytest.CaptureFixture[str]) -> None:
    results = list(lid.stream((t for t in TEXTS), batch_size=10, progress=True))
    assert len(results) == len(TEXTS)
    assert "72item" in capsys.readouterr().err.replace(" ", "")


def test_bad_batch_size_and_unknown_options_are_refused(lid: tz.Pipeline) -> None:
    with pytest.raises(InvalidInputError, match="batch_size"):
        list(lid.stream(TEXTS, batch_size=0))
    with pytest.raises(InvalidInputError, match=r"unknown option.*colour.*accepted options:.*k"):
        lid("hello", colour="red")


def _run_in_child(payload: bytes, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    pipe = pickle.loads(payload)
    queue.put((pipe.loaded, pipe("ceci est une phrase en français").label, pipe.loaded))


def test_a_pickled_pipeline_loads_and_runs_in_a_child_process(lid: tz.Pipeline) -> None:
    assert lid.loaded
    payload = pickle.dumps(lid)
    assert len(payload) < 10_000  # the model itself is not pickled
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_run_in_child, args=(payload, queue))
    child.start()
    result = queue.get(timeout=120)
    child.join(timeout=60)
    assert result == (False, "fr", True)
    assert child.exitcode == 0


def test_sixteen_threads_on_a_fresh_pipeline_load_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = []
    original = FastTextClassifier.load

    def counting_load(self: FastTextClassifier) -> None:
        loads.append(threading.get_ident())
        original(self)

    monkeypatch.setattr(FastTextClassifier, "load", counting_load)
    pipe = tz.load("langid")
    barrier = threading.Barrier(16)
    results: list[str] = []

    def worker(i: int) -> None:
        barrier.wait()
        results.append(pipe(["bonjour", "hello world", "hola amigo"][i % 3]).label)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(loads) == 1 and pipe.load_count == 1
    assert len(results) == 16 and set(results) <= {"fr", "en", "es"}


def test_missing_extra_names_the_pip_line() -> None:
    card = resolve("langid").with_options()
    import dataclasses

    missing = dataclasses.replace(card, name="needs-ocr", requires=("no_such_module_xyz",),
                                  extra="ocr")
    pipe = tz.Pipeline("langid", missing)
    with pytest.raises(MissingDependencyError) as info:
        pipe("hello")
    assert 'pip install "taskzoo[ocr]"' in str(info.value)
    assert isinstance(info.value, ImportError)


def test_a_corrupt_asset_raises_model_load_error_naming_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = resolve("langid")
    assert isinstance(card.source, Asset)
    broken = tmp_path / "lid.176.ftz"
    data = bytearray((ASSETS_DIR / "lid.176.ftz").read_bytes())
    data[1000:1010] = b"0123456789"
    broken.write_bytes(bytes(data))
    monkeypatch.setattr("taskzoo.weights.ASSETS_DIR", tmp_path)
    with pytest.raises(ModelLoadError, match=r"lid\.176\.ftz is corrupt: sha256"):
        tz.load("langid")("hello")


def test_a_missing_local_model_raises_model_load_error(tmp_path: Path) -> None:
    import dataclasses

    card = dataclasses.replace(resolve("langid"), source=LocalPath(path=str(tmp_path / "gone.ftz")))
    with pytest.raises(ModelLoadError, match=r"gone\.ftz"):
        tz.Pipeline("langid", card)("hello")


def test_run_reuses_one_pipeline_per_model() -> None:
    from taskzoo.api import pipeline_for

    assert pipeline_for("langid") is pipeline_for("language-id")
    assert pipeline_for("langid") is not pipeline_for("langid", k_unused=None)
