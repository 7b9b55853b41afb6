"""Batch inference on a real local Ray (``ray.init(num_cpus=2)``), checked row by row against the
in-process engine. One Ray runtime for the whole module; run alone with ``pytest -m ray``."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import taskzoo as tz

ray = pytest.importorskip("ray", reason="the Ray tests need taskzoo[ray]")

pytestmark = [pytest.mark.ray, pytest.mark.slow]

N_TEXT = 2_000
N_EMBED = 1_000
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture(scope="module")
def text_task() -> tuple[str, str | None]:
    """(task, model) for the big text run: sentiment with its fastText model. The torch path
    inside Ray actors (MiniLM) is covered by the embeddings and killed-actor tests; running
    LoRA-MiniLM over 2,000 rows twice (Ray and local) would triple this module's time."""
    return "sentiment", "fasttext-rt"


# -- fixtures ----
@pytest.fixture(scope="module", autouse=True)
def ray_cluster(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One local Ray for the module, its session files in a temp dir removed afterwards."""
    temp = tmp_path_factory.mktemp("ray")
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=str(temp), log_to_driver=False,
             logging_level=logging.WARNING)
    try:
        yield temp
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


def _reviews(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    good = ["wonderful", "moving", "brilliant", "funny and warm", "beautifully acted", "a joy"]
    bad = ["boring", "a mess", "painfully dull", "badly acted", "a waste of time", "tedious"]
    things = ["film", "movie", "story", "cast", "script", "ending"]
    rows = []
    for i in range(n):
        words = good if i % 2 == 0 else bad
        rows.append(f"The {rng.choice(things)} was {rng.choice(words)}, "
                    f"and {rng.choice(things)} number {i} was {rng.choice(words)}.")
    return rows


@pytest.fixture(scope="module")
def reviews_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """≥ 2,000 short reviews (half positive) with an id column, as one Parquet file."""
    path = tmp_path_factory.mktemp("text") / "reviews.parquet"
    texts = _reviews(N_TEXT)
    table = pa.table({"review_id": [f"r{i:05d}" for i in range(N_TEXT)], "text": texts,
                      "gold": ["positive" if i % 2 == 0 else "negative" for i in range(N_TEXT)]})
    pq.write_table(table, path, row_group_size=N_TEXT)
    return path


@pytest.fixture(scope="module")
def sentences_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """≥ 1,000 sentences as JSON Lines."""
    path = tmp_path_factory.mktemp("embed") / "sentences.jsonl"
    with path.open("w") as out:
        for i, text in enumerate(_reviews(N_EMBED, seed=1)):
            out.write(json.dumps({"id": i, "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def local_embeddings(sentences_jsonl: Path) -> pd.DataFrame:
    """The in-process engine's embeddings of ``sentences_jsonl`` (the reference)."""
    report = tz.batch("embeddings", sentences_jsonl, engine="local", batch_size=64)
    assert report.rows == N_EMBED and report.errors == 0
    return report.to_pandas()


CORRUPT = {"zz_truncated.png": 0, "zz_empty.png": 1, "zz_not_an_image.jpg": 2}


@pytest.fixture(scope="module")
def word_images(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder of 24 rendered one-line images (word + number) and 3 corrupt image files."""
    from PIL import Image, ImageDraw, ImageFont

    folder = tmp_path_factory.mktemp("scans")
    font = ImageFont.truetype(FONT, 36)
    words = ["harbour", "window", "garden", "yellow", "station", "market", "river", "planet"]
    truth = {}
    for i in range(24):
        text = f"{words[i % len(words)]} {1000 + 37 * i}"
        image = Image.new("RGB", (360, 64), "white")
        ImageDraw.Draw(image).text((12, 10), text, fill="black", font=font)
        name = f"line_{i:02d}.png"
        image.save(folder / name)
        truth[name] = text
    whole = (folder / "line_00.png").read_bytes()
    (folder / "zz_truncated.png").write_bytes(whole[: len(whole) // 3])
    (folder / "zz_empty.png").write_bytes(b"")
    (folder / "zz_not_an_image.jpg").write_bytes(b"this is plain text, not a JPEG")
    return folder, truth


# -- text: a classifier over a Parquet file ----
def test_classifier_over_parquet_matches_local(
    reviews_parquet: Path, tmp_path: Path, text_task: tuple[str, str | None]
) -> None:
    task, model = text_task
    out = tmp_path / "ray.parquet"
    report = tz.batch(task, reviews_parquet, out, engine="ray", model=model, workers=2,
                      batch_size=128, id_column="review_id")
    assert (report.rows, report.errors, report.output) == (N_TEXT, 0, out)
    local = tz.batch(task, reviews_parquet, engine="local", model=model, batch_size=128,
                     id_column="review_id").to_pandas()
    remote = pd.read_parquet(out)
    assert list(remote["review_id"]) == [f"r{i:05d}" for i in range(N_TEXT)]  # input order
    assert list(remote.columns) == list(local.columns)
    assert {"label", "score", "error"} <= set(remote.columns)
    assert (remote["label"] == local["label"]).all()
    np.testing.assert_allclose(remote["score"], local["score"], rtol=1e-5, atol=1e-6)
    assert remote["error"].isna().all()
    assert (remote["label"] == remote["gold"]).mean() > 0.8


# -- embeddings over JSON Lines ----
def test_embeddings_match_local(sentences_jsonl: Path, local_embeddings: pd.DataFrame) -> None:
    report = tz.batch("embeddings", sentences_jsonl, engine="ray", workers=2, batch_size=64,
                      id_column="id")
    assert (report.rows, report.errors) == (N_EMBED, 0)
    remote = report.to_pandas()
    assert list(remote["id"]) == list(range(N_EMBED))
    a = np.stack(remote["embedding"].to_numpy())
    b = np.stack(local_embeddings["embedding"].to_numpy())
    assert a.shape == (N_EMBED, 384) and a.dtype == np.float32
    np.testing.assert_allclose(a, b, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)


# -- a killed actor ----
def _actor_pids(session_dir: Path) -> list[int]:
    """PIDs of the TaskPredictor actors of this module's Ray (their raylet runs in session_dir)."""
    import psutil

    pids = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if "MapBatches(TaskPredictor)" not in cmdline or "MapWorker" not in cmdline:
            continue
        with contextlib.suppress(psutil.Error):
            if any(str(session_dir) in " ".join(p.cmdline()) for p in proc.parents()):
                pids.append(proc.info["pid"])
    return pids


def test_killed_actor_is_retried_with_same_output(
    sentences_jsonl: Path, local_embeddings: pd.DataFrame, ray_cluster: Path
) -> None:
    from taskzoo.engines.ray import map_task, ray_session

    with ray_session():
        data = ray.data.read_json(str(sentences_jsonl), lines=True)
        data = data.repartition(target_num_rows_per_block=25)
        mapped = map_task(data, "embeddings", column="text", workers=2, batch_size=25)
        tables, killed = [], []
        for table in mapped.iter_batches(batch_size=None, batch_format="pyarrow"):
            tables.append(table)
            if not killed:
                pids = _actor_pids(ray_cluster)
                assert pids, "no actor process found to kill"
                os.kill(pids[0], signal.SIGKILL)
                killed.append((pids[0], sum(t.num_rows for t in tables)))
    result = pa.concat_tables(tables).to_pandas()
    assert killed and killed[0][1] < N_EMBED  # the kill happened mid-run
    assert sorted(result["id"]) == list(range(N_EMBED))  # nothing lost, nothing doubled
    result = result.sort_values("id")
    a = np.stack(result["embedding"].to_numpy())
    b = np.stack(local_embeddings["embedding"].to_numpy())
    np.testing.assert_allclose(a, b, atol=1e-5)


# -- corrupt rows and fail-fast ----
def test_bad_rows_are_recorded_not_fatal(tmp_path: Path) -> None:
    texts: list[str | None] = [f"sentence number {i} is plain English" for i in range(200)]
    for i in (3, 50, 199):
        texts[i] = None
    path = tmp_path / "with_nulls.parquet"
    pq.write_table(pa.table({"text": texts}), path)
    report = tz.batch("langid", path, tmp_path / "out.parquet", engine="ray", workers=2,
                      batch_size=32)
    out = report.to_pandas()
    assert (report.rows, report.errors) == (200, 3)
    assert list(out["row"]) == list(range(200))
    failed = out[out["error"].notna()]
    assert list(failed["row"]) == [3, 50, 199]
    assert failed["error"].str.startswith("InvalidInputError").all()
    assert failed["label"].isna().all()
    assert out.loc[out["error"].isna(), "label"].notna().all()
    with pytest.raises(tz.InvalidInputError, match="missing"):
        tz.batch("langid", path, engine="ray", workers=1, on_error="raise")


# -- OCR over a folder of images ----
def test_ocr_over_image_folder(word_images: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, truth = word_images
    out = tmp_path / "ocr.parquet"
    report = tz.batch("ocr", folder, out, engine="ray", model="ppocrv6-small-line", workers=2,
                      batch_size=8)
    assert (report.rows, report.errors) == (len(truth) + len(CORRUPT), len(CORRUPT))
    remote = pd.read_parquet(out)
    assert "bytes" not in remote.columns  # image bytes are not copied into the output
    names = remote["path"].map(lambda p: Path(p).name)
    assert list(names) == sorted(names)
    by_name = dict(zip(names, remote.to_dict("records"), strict=True))
    for name in CORRUPT:
        assert by_name[name]["error"].startswith("InvalidInputError"), by_name[name]
        assert pd.isna(by_name[name]["text"])
    right = sum(by_name[name]["text"] == text for name, text in truth.items())
    assert right >= len(truth) - 2
    assert json.loads(by_name["line_00.png"]["lines"])[0]["text"] == by_name["line_00.png"]["text"]
    local = tz.batch("ocr", folder, engine="local", model="ppocrv6-small-line",
                     batch_size=8).to_pandas()
    assert list(local["path"]) == list(remote["path"])
    assert list(local["text"]) == list(remote["text"])
    assert list(local["error"].isna()) == list(remote["error"].isna())


# -- ASR over generated speech ----
SPOKEN = {
    "a.wav": "please call me back tomorrow morning",
    "b.wav": "we will meet at the train station at noon",
    "c.wav": "the quick brown fox jumps over the lazy dog",
}


def _recall(text: str, heard: str) -> float:
    words = text.split()
    return sum(w in heard for w in words) / len(words)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng (setup.d)")
def test_asr_over_generated_clips(tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    folder.mkdir()
    for name, text in SPOKEN.items():
        subprocess.run(["espeak-ng", "-s", "150", "-w", str(folder / name), text], check=True)
    (folder / "z_broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    out_dir = tmp_path / "transcripts"  # a folder: Ray writes the blocks in parallel
    report = tz.batch("asr", folder, out_dir, engine="ray", workers=2, batch_size=2)
    assert (report.rows, report.errors) == (4, 1)
    assert list(out_dir.glob("*.parquet"))
    out = report.to_pandas()
    rows = {Path(p).name: r for p, r in zip(out["path"], out.to_dict("records"), strict=True)}
    assert rows["z_broken.wav"]["error"].startswith("InvalidInputError")
    for name, text in SPOKEN.items():  # each clip's transcript is on its own row
        heard = rows[name]["text"].lower()
        assert _recall(text, heard) >= 0.6, (name, heard)
        others = [_recall(t, heard) for n, t in SPOKEN.items() if n != name]
        assert _recall(text, heard) > max(others), (name, heard)
        assert rows[name]["duration"] > 1.0
        assert json.loads(rows[name]["segments"])


# -- the command line ----
def test_cli_batch_with_the_ray_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from taskzoo.cli import main

    texts = ["bonjour tout le monde", "guten Morgen zusammen", "good morning everyone",
             "buenos días a todos"] * 5
    data = tmp_path / "texts.jsonl"
    data.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    out = tmp_path / "langid.parquet"
    code = main(["batch", "langid", "--input", str(data), "--output", str(out), "--engine", "ray",
                 "--workers", "1"])
    assert code == 0, capsys.readouterr().err
    remote = pd.read_parquet(out)
    assert list(remote["label"]) == [r.label for r in tz.langid(texts)]
    assert remote["error"].isna().all()
