"""Checking request bodies before they reach a model, in the HTTP process.

Every request to ``POST /v1/{task}`` is turned into one normalised JSON payload,
``{"inputs": [...], "single": bool, "options": {...}}``, that the model worker can trust:
texts are ``str`` within the length limit; images, audio and any other binary kind are base64
strings of the uploaded bytes. A string is never taken as a path on the server's disk.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from typing import Any

from taskzoo.inputs.text import clean_text
from taskzoo.server._config import TEXT_KIND, ServerConfig
from taskzoo.server._errors import RequestError

FIELDS = ("inputs", "options")


@dataclass(frozen=True)
class Limits:
    """The per-request limits of one server."""

    max_text_chars: int
    max_inputs: int

    @classmethod
    def of(cls, config: ServerConfig) -> Limits:
        """The limits a :class:`ServerConfig` sets."""
        return cls(max_text_chars=config.max_text_chars, max_inputs=config.max_inputs)


def from_json(body: bytes, kind: str, limits: Limits) -> dict[str, Any]:
    """The normalised payload of a JSON body ``{"inputs": ..., "options": {...}}``."""
    try:
        data = json.loads(body)
    except RecursionError as exc:
        raise RequestError(400, "the JSON body is nested too deeply to parse; send "
                                '{"inputs": ...} with at most a list of inputs inside') from exc
    except ValueError as exc:  # bad UTF-8, bad JSON, an integer of more than 4300 digits
        raise RequestError(400, f"the request body is not valid JSON ({_short(exc)}); send "
                                '{"inputs": ...} with Content-Type: application/json') from exc
    if not isinstance(data, dict):
        raise RequestError(422, f'expected a JSON object {{"inputs": ...}}, got {_kind_of(data)}')
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise RequestError(422, f"unknown field(s) {', '.join(unknown)}; "
                                f"the fields are {', '.join(FIELDS)}")
    if "inputs" not in data:
        raise RequestError(422, 'missing field "inputs": send {"inputs": <one input or a list>}')
    raw = data["inputs"]
    single = not isinstance(raw, list)
    items = [raw] if single else raw
    _check_count(items, limits)
    checked = [_check_item(item, i, kind, limits) for i, item in enumerate(items)]
    return {"inputs": checked, "single": single, "options": check_options(data.get("options"))}


def from_uploads(
    files: list[bytes], options: str | None, kind: str, limits: Limits
) -> dict[str, Any]:
    """The normalised payload of a multipart upload: each file's bytes, options as JSON text."""
    if kind == TEXT_KIND:
        raise RequestError(415, 'text tasks take JSON: {"inputs": "your text"}')
    if not files:
        raise RequestError(422, "the multipart form has no file: upload one in a field "
                                "named 'inputs' (or 'file')")
    _check_count(files, limits)
    for i, data in enumerate(files):
        if not data:
            raise RequestError(422, f"uploaded file {i} is empty")
    parsed: Any = None
    if options:
        try:
            parsed = json.loads(options)
        except json.JSONDecodeError as exc:
            raise RequestError(422, f"the 'options' form field is not valid JSON: {exc}") from exc
    encoded = [base64.b64encode(data).decode("ascii") for data in files]
    return {"inputs": encoded, "single": len(files) == 1, "options": check_options(parsed)}


def check_options(options: Any) -> dict[str, Any]:
    """Per-call model options: a JSON object with plain values (checked again by the model)."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise RequestError(422, f'"options" must be a JSON object, got {_kind_of(options)}')
    cleaned: dict[str, Any] = {}
    for key, value in options.items():
        key = clean_text(key)
        if isinstance(value, (dict, list)) and not _plain(value):
            raise RequestError(422, f"option {key!r} must be a number, string, bool or a list "
                                    "of them")
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, float) and not math.isfinite(v) for v in values):
            raise RequestError(422, f"option {key!r} must be a finite number, got {value!r}")
        cleaned[key] = ([_clean(v) for v in value] if isinstance(value, list) else _clean(value))
    return cleaned


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def decode_binary(text: str) -> bytes:
    """Bytes of a base64 string or ``data:...;base64,`` URL (no other form is accepted)."""
    if text.startswith("data:"):
        head, sep, text = text.partition(",")
        if not sep or not head.endswith(";base64"):
            raise RequestError(422, "a data: URL must be base64-encoded (data:<type>;base64,...)")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise RequestError(422, "binary inputs are sent as base64 strings (or data: URLs) or as "
                                "multipart file uploads; a file path is never read on the "
                                f"server ({exc})") from exc


def _check_count(items: list[Any], limits: Limits) -> None:
    if len(items) > limits.max_inputs:
        raise RequestError(422, f"{len(items)} inputs in one request, over this server's limit "
                                f"of {limits.max_inputs}: split the batch into smaller requests")


def _check_item(item: Any, index: int, kind: str, limits: Limits) -> str:
    where = f"input {index}"
    if kind == TEXT_KIND:
        if not isinstance(item, str):
            raise RequestError(422, f"{where}: expected text as a JSON string, got "
                                    f"{_kind_of(item)}")
        if len(item) > limits.max_text_chars:
            raise RequestError(422, f"{where} is {len(item):,} characters, over this server's "
                                    f"limit of {limits.max_text_chars:,}: split the text")
        return clean_text(item)  # a lone-surrogate escape such as "\ud800" becomes U+FFFD
    if not isinstance(item, str):
        raise RequestError(422, f"{where}: expected a base64 string for this {kind} task, got "
                                f"{_kind_of(item)}")
    try:
        data = decode_binary(item)
    except RequestError as exc:
        raise RequestError(422, f"{where}: {exc}") from exc
    if not data:
        raise RequestError(422, f"{where}: the {kind} is empty")
    return item


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"


def _plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, (str, int, float, bool)) or v is None for v in value)
    return False


def _kind_of(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
