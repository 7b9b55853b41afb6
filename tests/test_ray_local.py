"""The batch engine's pieces that need no Ray runtime: result columns per task, the map_batches
callable on every batch format, the in-process engine, sources and the ``taskzoo batch`` CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import taskzoo as tz
from taskzoo.cli import main
from taskzoo.engines.columns import ResultLayout
from taskzoo.engines.ray import TaskPredictor, unwrap_ray_error
from taskzoo.registry import REGISTRY

pytestmark = pytest.mark.ray

TEXTS = ["bonjour tout le monde", "hello there my friend", None, "hola, ¿qué tal?", ""]


def _layout(task: str) -> list[str]:
    return [*ResultLayout(REGISTRY.task(task)).names(), "error"]


@pytest.mark.parametrize(
    ("task", "columns"),
    [
        ("langid", ["label", "score", "scores", "error"]),
        ("ner", ["entities", "error"]),
        ("embeddings", ["embedding", "error"]),
        ("ocr", ["text", "lines", "width", "height", "page", "error"]),
        ("detection", ["boxes", "width", "height", "error"]),
        ("asr", ["text", "language", "duration", "segments", "error"]),
    ],
)
def test_result_columns_come_from_the_result_types(task: str, columns: list[str]) -> None:
    assert _layout(task) == columns


def test_taken_names_get_the_task_prefix() -> None:
    layout = ResultLayout(REGISTRY.task("ocr"), taken={"text", "path"})
    assert layout.names()[:2] == ["ocr_text", "lines"]
    assert ResultLayout(REGISTRY.task("langid"), prefix="lang_").names()[0] == "lang_label"


@pytest.mark.parametrize("fmt", ["pyarrow", "pandas", "numpy"])
def test_predictor_handles_every_batch_format(fmt: str) -> None:
    table = pa.table({"id": list(range(len(TEXTS))), "text": TEXTS})
    batch = {"pyarrow": table, "pandas": table.to_pandas(),
             "numpy": {k: np.asarray(v.to_pylist(), dtype=object) for k, v in
                       zip(table.column_names, table.columns, strict=True)}}[fmt]
    out = TaskPredictor("langid")(batch)
    frame = out.to_pandas() if fmt == "pyarrow" else pd.DataFrame(out)
    assert list(frame["id"]) == list(range(len(TEXTS)))
    assert list(frame["label"][:2]) == ["fr", "en"]
    assert frame["label"][4] == "und"  # blank text is a result, not an error
    assert pd.isna(frame["label"][2]) and frame["error"][2].startswith("InvalidInputError")
    assert frame["error"].notna().sum() == 1


def test_local_engine_from_dataframe_list_and_cli(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": TEXTS})
    report = tz.batch("langid", frame, engine="local", batch_size=2)
    assert (report.rows, report.errors, report.engine) == (5, 1, "local")
    out = report.to_pandas()
    assert list(out["row"]) == list(range(5)) and list(out["label"][:2]) == ["fr", "en"]

    listed = tz.batch("ner", ["Tim Cook visited Paris in May."], engine="local").to_pandas()
    entities = json.loads(listed["entities"][0])
    assert {(e["text"], e["label"]) for e in entities} >= {("Tim Cook", "PERSON"),
                                                           ("Paris", "GPE")}

    csv = tmp_path / "texts.csv"
    csv.write_text("id,body\n7,bonjour tout le monde\n8,guten Tag zusammen\n")
    result = tmp_path / "out.parquet"
    code = main(["batch", "langid", "--input", str(csv), "--output", str(result),
                 "--engine", "local", "--column", "body", "--id-column", "id"])
    assert code == 0
    written = pq.read_table(result).to_pandas()
    assert list(written["id"]) == [7, 8] and list(written["label"]) == ["fr", "de"]
    assert "row" not in written.columns


def test_clear_errors(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["x"], "b": ["y"]})
    with pytest.raises(tz.InvalidInputError, match="which column"):
        tz.batch("langid", frame, engine="local")
    with pytest.raises(tz.InvalidInputError, match="no column 'nope'"):
        tz.batch("langid", frame, engine="local", column="nope")
    with pytest.raises(tz.InvalidInputError, match="engine"):
        tz.batch("langid", frame, engine="spark")  # type: ignore[arg-type]
    with pytest.raises(tz.InvalidInputError, match="missing"):
        tz.batch("langid", pd.DataFrame({"text": ["ok", None]}), engine="local",
                 on_error="raise")
    (tmp_path / "notes.xlsx").write_text("x")
    with pytest.raises(tz.InvalidInputError, match=r"expected \.parquet"):
        tz.batch("langid", tmp_path / "notes.xlsx", engine="local")
    assert main(["batch", "langid", "--input", str(tmp_path / "none.csv"),
                 "--output", str(tmp_path / "o.parquet"), "--engine", "local"]) == 2


def test_unwrap_ray_error_rebuilds_the_taskzoo_error() -> None:
    text = ("ray::MapWorker failed\nTraceback...\n"
            "taskzoo.errors.ModelLoadError: could not load model 'x': bad file\n")
    error = unwrap_ray_error(RuntimeError(text))
    assert isinstance(error, tz.ModelLoadError) and "bad file" in str(error)
    plain = ValueError("nothing of ours")
    assert unwrap_ray_error(plain) is plain


def test_predictor_reads_ray_tensor_columns() -> None:
    """What ``ray.data.read_images`` gives: pixel arrays in a tensor column, dropped from the
    output once read."""
    from PIL import Image, ImageDraw, ImageFont
    from ray.data.extensions import ArrowTensorArray

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 36)
    pixels = []
    for word in ("harbour 12", "window 77"):
        image = Image.new("RGB", (360, 64), "white")
        ImageDraw.Draw(image).text((12, 10), word, fill="black", font=font)
        pixels.append(np.asarray(image))
    table = pa.table({"image": ArrowTensorArray.from_numpy(np.stack(pixels)), "id": [1, 2]})
    out = TaskPredictor("ocr", "ppocrv6-small-line")(table)
    assert out.column_names == ["id", "text", "lines", "width", "height", "page", "error"]
    assert out.column("text").to_pylist() == ["harbour 12", "window 77"]
    assert out.column("width").to_pylist() == [360, 360]


def test_a_pdf_row_keeps_its_text() -> None:
    """OCR on a PDF gives an OCRDocument, not the declared OCRResult: its text still lands."""
    from taskzoo.engines.runner import RowError
    from taskzoo.results.ocr import OCRDocument, OCRResult, TextLine

    def page(text: str, number: int) -> OCRResult:
        box = ((0.0, 0.0), (9.0, 0.0), (9.0, 9.0), (0.0, 9.0))
        return OCRResult.from_lines([TextLine(text, box, 0.9)], 10, 10, number)

    arrays = ResultLayout(REGISTRY.task("ocr")).arrays(
        [page("one", 0), OCRDocument(pages=[page("two", 0), page("three", 1)]), RowError("x")]
    )
    texts = arrays["text"].to_pylist()
    assert texts[0] == "one" and "two" in texts[1] and "three" in texts[1] and texts[2] is None
    assert arrays["error"].to_pylist() == [None, None, "x"]
