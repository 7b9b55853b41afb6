"""`taskzoo run TASK --input DATA --output OUT` runs over a dataset through the batch engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskzoo.cli import main


def test_run_over_a_csv_writes_one_row_per_input(tmp_path: Path) -> None:
    import pandas as pd

    data = tmp_path / "texts.csv"
    data.write_text("text\nbonjour tout le monde\nhello my friends\nel tren llega tarde otra vez\n")
    out = tmp_path / "out.parquet"
    assert main(["run", "langid", "--input", str(data), "--output", str(out),
                 "--engine", "local"]) == 0
    frame = pd.read_parquet(out)
    assert list(frame["label"]) == ["fr", "en", "es"] and frame["error"].isna().all()


@pytest.mark.parametrize("argv", [
    ["run", "langid"],
    ["run", "langid", "some text", "--input", "x.csv", "--output", "y.parquet"],
    ["run", "langid", "--input", "x.csv"],
])
def test_run_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "InvalidInputError" in capsys.readouterr().err
