"""File-path inputs shared by every file kind (image, document, audio).

One rule: a ``str`` or ``pathlib.Path`` names a file. It is accepted when it names an existing,
readable regular file; anything else (no such file, a folder, a name longer than the file system
allows, a NUL byte or unencodable character in it, no permission) is refused with
:class:`~taskzoo.errors.InvalidInputError` naming the problem, never a bare ``OSError``.
"""

from __future__ import annotations

import os
from pathlib import Path

from taskzoo.errors import InvalidInputError

#: Longest path shown in an error message; the rest is elided.
SHOWN_CHARS = 120


def shown(path: str | Path) -> str:
    """``path`` quoted for an error message, shortened when very long."""
    text = str(path)
    if len(text) > SHOWN_CHARS:
        text = f"{text[:SHOWN_CHARS // 2]}…{text[-SHOWN_CHARS // 2:]} ({len(text)} characters)"
    return repr(text)


def existing_file(item: str | Path, kind: str, expected: str) -> Path:
    """The regular file that ``item`` names, or InvalidInputError saying why it cannot be read.

    ``kind`` names the input in the message ("image", "audio", ...); ``expected`` lists what the
    task accepts.
    """
    try:
        path = Path(item).expanduser()
        found = path.is_file()
        readable = found and os.access(path, os.R_OK)
    except (OSError, ValueError, RuntimeError) as exc:
        # ENAMETOOLONG, embedded NUL byte, lone surrogates, a '~user' that does not exist, ...
        raise InvalidInputError(
            f"{shown(item)} is not a usable {kind} file path ({_reason(exc)}); expected {expected}"
        ) from exc
    if not found:
        what = "a folder, not a file" if _is_dir(path) else "no such file"
        raise InvalidInputError(f"no {kind} file at {shown(path)} ({what}); expected {expected}")
    if not readable:
        raise InvalidInputError(
            f"the {kind} file {shown(path)} is not readable (permission denied): check its "
            "permissions"
        )
    return path


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    if isinstance(exc, UnicodeError):
        return "it holds characters the file system cannot encode"
    return str(exc) or type(exc).__name__
