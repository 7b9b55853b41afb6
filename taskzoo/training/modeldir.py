"""Writing the directory a trained text classifier lives in, atomically.

The layout and the reading side are :mod:`taskzoo.formats.classifier_dir` (re-exported here
for training code). ``card.json`` lists every file with its sha256. The directory is built
under a temporary name next to the target and renamed into place only when complete, so an
interrupted training never leaves a directory that loads.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError
from taskzoo.formats import cards
from taskzoo.formats.classifier_dir import (  # noqa: F401  (the format, for training code)
    CARD_FILE,
    FORMAT,
    VERSION,
    base_model_path,
    is_model_dir,
    read_card,
    verify_files,
)


def write_card(path: Path, meta: dict[str, Any], complete: bool = True) -> dict[str, Any]:
    """Hash every file under ``path`` into ``meta['files']`` and write ``card.json``.

    ``complete=False`` marks an interim card (used while calibrating): such a directory is not
    recognised as a model by :func:`is_model_dir`, so a killed training never leaves one that
    ``taskzoo.load`` accepts."""
    return cards.write_card(path, FORMAT, VERSION, meta, complete)


def rehash(path: Path) -> dict[str, Any]:
    """Re-hash the files of an existing model directory into its ``card.json`` (after files
    were added or removed, e.g. an exported ``encoder/``); the rest of the card is kept."""
    meta = read_card(path)
    return write_card(path, {k: v for k, v in meta.items()
                             if k not in ("format", "version", "files")})


@contextlib.contextmanager
def staging_dir(target: Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield an empty temporary directory beside ``target``; on success it replaces ``target``.

    On any exception (including KeyboardInterrupt) the temporary directory is removed and
    ``target`` is left as it was.
    """
    target = Path(target).expanduser().resolve()
    if target.exists() and not overwrite and (not target.is_dir() or any(target.iterdir())):
        raise InvalidInputError(
            f"{target} already exists and is not empty: pick a new output_dir or pass "
            "overwrite=True"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _share(tmp)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _share(root: Path) -> None:
    """Give the finished directory the usual permissions (mkdtemp and some writers use 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    for path in (root, *root.rglob("*")):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)
