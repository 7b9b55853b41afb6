"""The directory a trained text classifier lives in, and how it is written atomically.

Layout::

    <dir>/card.json          format, method, task, labels, base model, options, metrics, files
    <dir>/model.ftz          (method "fasttext")
    <dir>/head.safetensors   (methods "static", "head" and "lora": the linear classifier)
    <dir>/adapter/...        (method "lora": the peft LoRA adapter)

``card.json`` lists every file with its sha256; loading checks them. The directory is built
under a temporary name next to the target and renamed into place only when complete, so an
interrupted training never leaves a directory that loads.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from taskzoo.errors import InvalidInputError, ModelLoadError
from taskzoo.weights import sha256_of

CARD_FILE = "card.json"
FORMAT = "taskzoo-text-classifier"
VERSION = 1


def is_model_dir(path: Path) -> bool:
    """True if ``path`` is a directory holding a *complete* taskzoo text-classifier card."""
    card = path / CARD_FILE
    if not card.is_file():
        return False
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("format") == FORMAT and meta.get("complete", True) is not False


def read_card(path: Path) -> dict[str, Any]:
    """The parsed ``card.json`` of a model directory."""
    try:
        meta: dict[str, Any] = json.loads((path / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{path} has no readable {CARD_FILE}: {exc}") from exc
    if meta.get("format") != FORMAT:
        raise ModelLoadError(f"{path / CARD_FILE} is not a {FORMAT} card")
    return meta


def verify_files(path: Path) -> dict[str, Any]:
    """Read the card and check every listed file's sha256; return the card."""
    meta = read_card(path)
    for name, digest in meta.get("files", {}).items():
        file = path / name
        if not file.is_file():
            raise ModelLoadError(f"{path} is incomplete: {name} is missing. Retrain or re-copy it.")
        if sha256_of(file) != digest:
            raise ModelLoadError(
                f"{file} is corrupt (sha256 does not match {CARD_FILE}). Retrain or re-copy it."
            )
    return meta


def write_card(path: Path, meta: dict[str, Any], complete: bool = True) -> dict[str, Any]:
    """Hash every file under ``path`` into ``meta['files']`` and write ``card.json``.

    ``complete=False`` marks an interim card (used while calibrating): such a directory is not
    recognised as a model by :func:`is_model_dir`, so a killed training never leaves one that
    ``taskzoo.load`` accepts."""
    files = {
        str(f.relative_to(path)): sha256_of(f)
        for f in sorted(path.rglob("*"))
        if f.is_file() and f.name != CARD_FILE
    }
    full = {"format": FORMAT, "version": VERSION, **meta, "files": files}
    if not complete:
        full["complete"] = False
    (path / CARD_FILE).write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    return full


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


def base_model_path(meta: dict[str, Any]) -> Path:
    """Where the card's base encoder is on this machine (a registered embeddings model by name,
    or a local path)."""
    base = meta.get("base_model") or {}
    if base.get("path"):
        path = Path(base["path"]).expanduser()
        if not path.exists():
            raise ModelLoadError(f"the base model {path} of this classifier is not on this machine")
        return path
    if base.get("name"):
        from taskzoo.registry import resolve

        card = resolve("embeddings", base["name"])
        if card.source is None:
            raise ModelLoadError(f"embeddings model {base['name']!r} has no weights source")
        return card.source.locate()
    raise ModelLoadError("this classifier's card names no base model")
