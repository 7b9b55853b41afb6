"""The HTTP API under hostile requests, fuzzed with hypothesis against a real ``taskzoo serve``:
bodies, content types, multipart, base64, option values, JSON escapes, nesting depth, huge
numbers and wrong field types. The contract: anything that is the client's fault is a JSON 4xx
naming the problem, never a 500, and the server keeps answering correct requests afterwards.
Examples hypothesis found are kept as regular tests at the bottom."""

from __future__ import annotations

import base64
import json
import os

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from serve_support import running_server, sample, task_ready

TEXT, BINARY = "langid", "detect"
pytestmark = pytest.mark.skipif(not (task_ready(TEXT) and task_ready(BINARY)),
                                reason=f"{TEXT} and {BINARY} must be installed")
EXAMPLES = int(os.environ.get("TASKZOO_FUZZ_EXAMPLES", "150")) // 2
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
any_text = st.text(any_char, max_size=50)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(),
              st.floats(allow_nan=False, allow_infinity=False),  # (NaN/inf: raw bodies below)
              any_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(any_text, inner, max_size=3)),
    max_leaves=10,
)
payloads = st.one_of(
    json_values,
    st.fixed_dictionaries({"inputs": json_values}, optional={"options": json_values}),
    st.fixed_dictionaries({"inputs": st.one_of(any_text, st.lists(any_text, max_size=3))},
                          optional={"options": st.dictionaries(any_text, json_values)}),
)
content_types = st.sampled_from([
    "application/json", "application/json; charset=latin-1", "text/plain", "",
    "multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
    "application/vnd.api+json", "image/png",
])


@pytest.fixture(scope="module")
def url() -> str:
    """One small server for this module: a text task and an image task, tight limits."""
    with running_server("--tasks", TEXT, BINARY, "--preload", "--max-inputs", "4",
                        "--max-text-chars", "500", "--max-body-mb", "0.5",
                        "--timeout", "120") as base:
        yield base


def check(answer: httpx.Response) -> None:
    """The contract: a JSON body; an error is 4xx (or 503/504) with a name and a message."""
    assert answer.status_code != 500, answer.text
    body = answer.json()
    if answer.status_code >= 400:
        assert body["status"] == answer.status_code and body["error"] and body["message"]
        assert answer.status_code < 500 or answer.status_code in (503, 504)


def still_serving(url: str) -> None:
    answer = httpx.post(f"{url}/v1/{TEXT}", json={"inputs": "bonjour tout le monde"}, timeout=60)
    assert answer.status_code == 200 and answer.json()["outputs"]["label"] == "fr"


@FUZZ
@given(payload=payloads, task=st.sampled_from([TEXT, BINARY]))
def test_any_json_body_is_answered_in_json(url: str, payload: object, task: str) -> None:
    body = json.dumps(payload).encode()  # ensure_ascii: lone surrogates travel as \\udxxx
    check(httpx.post(f"{url}/v1/{task}", content=body,
                     headers={"content-type": "application/json"}, timeout=60))


@FUZZ
@given(body=st.binary(max_size=400), media=content_types, task=st.sampled_from([TEXT, BINARY]))
def test_any_bytes_with_any_content_type(url: str, body: bytes, media: str, task: str) -> None:
    headers = {"content-type": media} if media else {}
    check(httpx.post(f"{url}/v1/{task}", content=body, headers=headers, timeout=60))


@FUZZ
@given(files=st.lists(st.binary(max_size=300), max_size=5),
       # a text field travels as UTF-8; a lone surrogate goes as the invalid bytes it makes
       options=st.one_of(st.none(), any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                         json_values.map(json.dumps)),
       field=st.sampled_from(["inputs", "file", "other"]))
def test_any_multipart_upload(url: str, files: list[bytes], options: bytes | str | None,
                              field: str) -> None:
    data = {"options": options} if options is not None else {}
    upload = [(field, (f"f{i}.png", content, "image/png")) for i, content in enumerate(files)]
    if not upload and not data:
        data = {"nothing": "here"}
    check(httpx.post(f"{url}/v1/{BINARY}", files=upload or None, data=data, timeout=60))


@FUZZ
@given(raw=st.binary(max_size=300), prefix=st.sampled_from(["", "data:image/png;base64,",
                                                             "data:,", "data:image/png,"]),
       mangle=st.booleans())
def test_any_base64_input(url: str, raw: bytes, prefix: str, mangle: bool) -> None:
    text = base64.b64encode(raw).decode()
    text = prefix + (text[:-1] + "!" if mangle and text else text)
    check(httpx.post(f"{url}/v1/{BINARY}", json={"inputs": text}, timeout=60))


@FUZZ
@given(options=st.dictionaries(st.sampled_from(["k", "threshold", "conf", "iou", "x"]),
                               json_values, min_size=1, max_size=2),
       task=st.sampled_from([TEXT, BINARY]))
def test_any_option_values(url: str, options: dict, task: str) -> None:
    inputs = "hello world" if task == TEXT else base64.b64encode(sample("image")).decode()
    body = json.dumps({"inputs": inputs, "options": options}).encode()  # \\udxxx escapes, as above
    check(httpx.post(f"{url}/v1/{task}", content=body,
                     headers={"content-type": "application/json"}, timeout=120))


def test_the_server_still_answers_after_the_fuzzing(url: str) -> None:
    still_serving(url)


# -- found examples, kept as regular tests -------------------------------------------------------
@pytest.mark.parametrize("body, status", [
    (b'{"inputs": "caf\\ud800"}', 200),                  # a lone surrogate escape: was a 500
    (b'{"inputs": ["\\udfff", "ok"]}', 200),
    (b"[" * 100_000 + b"]" * 100_000, 400),              # nesting depth: was a 500
    (b'{"inputs": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400),
    (b'{"inputs": "x", "options": {"k": ' + b"9" * 5000 + b"}}", 400),  # huge integer: a 500
    (b'{"inputs": "x", "options": {"k": NaN}}', 422),
    (b'{"inputs": "x", "options": {"k": 1e999}}', 422),
    (b'{"inputs": "x", "options": {"k": "3"}}', 422),   # a string where a number goes
    (b'{"inputs": "x", "options": {"k": 10000000000000000000000}}', 422),
    (b'{"inputs": "x", "options": {"\\ud800": 1}}', 422),
    (b'{"inputs": "x", "options": {"k": {"\\ud800": null}}}', 422),  # the test client choked
])
def test_found_hostile_bodies(url: str, body: bytes, status: int) -> None:
    answer = httpx.post(f"{url}/v1/{TEXT}", content=body,
                        headers={"content-type": "application/json"}, timeout=60)
    check(answer)
    assert answer.status_code == status, answer.text
    still_serving(url)
