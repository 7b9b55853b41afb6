"""The real server, started once on a loopback port: every installed task, batching, limits,
and a matrix of malformed requests."""

from __future__ import annotations

import base64
import concurrent.futures as cf
import json
import math

import httpx
import pytest
from serve_support import (
    kind_of,
    ready_tasks,
    running_server,
    sample,
    shared_server,
    task_names,
    task_ready,
)

import taskzoo as tz
from taskzoo.registry import REGISTRY
from taskzoo.serialize import to_jsonable

pytest.importorskip("litserve")

MAX_INPUTS = 8
MAX_TEXT = 2000
MAX_BODY_MB = 1


@pytest.fixture(scope="module")
def url(request: pytest.FixtureRequest) -> str:
    return shared_server(request.config)  # started with SHARED_ARGS: the limits above


def post(url: str, task: str, **kwargs: object) -> httpx.Response:
    return httpx.post(f"{url}/v1/{task}", timeout=120, **kwargs)  # type: ignore[arg-type]


def first_task(kind_is_text: bool) -> str:
    for task in ready_tasks():
        if (kind_of(task) == "text") == kind_is_text and sample(kind_of(task)) is not None:
            return task
    pytest.skip("no such task installed")


def close(a: object, b: object, tol: float = 2e-3) -> bool:
    """Structural equality with a float tolerance (batch padding can move the last digits)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(
            a, b, rel_tol=tol, abs_tol=tol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], tol) for k in a)
    return a == b


def assert_error(resp: httpx.Response, status: int, name: str | None = None) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error", "message", "status"} and body["status"] == status
    assert "Traceback" not in resp.text
    if name:
        assert body["error"] == name, body
    return body


# -- every task ---------------------------------------------------------------------------------
@pytest.mark.parametrize("task", task_names())
def test_task_matches_in_process(url: str, task: str) -> None:
    if not task_ready(task):
        pytest.skip(f"{task}: extra not installed")
    data = sample(kind_of(task))
    if data is None:
        pytest.skip(f"no sample input for kind {kind_of(task)!r}")
    if isinstance(data, str):
        resp = post(url, task, json={"inputs": data})
    else:
        resp = post(url, task, json={"inputs": base64.b64encode(data).decode()})
    assert resp.status_code == 200, resp.text  # every installed default model must load
    expected = to_jsonable(tz.run(task, data))
    body = resp.json()
    assert body["task"] == task and body["model"] == tz.load(task).card.name
    assert close(body["outputs"], expected), (body["outputs"], expected)


@pytest.mark.parametrize("task", task_names())
def test_task_batch_shape_and_upload(url: str, task: str) -> None:
    if not task_ready(task):
        pytest.skip(f"{task}: extra not installed")
    data = sample(kind_of(task))
    if data is None:
        pytest.skip(f"no sample input for kind {kind_of(task)!r}")
    if isinstance(data, str):
        resp = post(url, task, json={"inputs": [data, "Another short text."]})
        assert resp.status_code == 200, resp.text
        assert isinstance(resp.json()["outputs"], list) and len(resp.json()["outputs"]) == 2
        return
    as_json = post(url, task, json={"inputs": [base64.b64encode(data).decode()]})
    upload = post(url, task, files={"inputs": ("sample.bin", data)})
    assert as_json.status_code == upload.status_code == 200, (as_json.text, upload.text)
    assert close(as_json.json()["outputs"][0], upload.json()["outputs"])


def test_alias_route(url: str) -> None:
    task = first_task(kind_is_text=True)
    spec = REGISTRY.task(task)
    alias = spec.aliases[0] if spec.aliases else task
    resp = post(url, alias, json={"inputs": "hello"})
    assert resp.status_code == 200 and resp.json()["task"] == task


# -- service endpoints ----------------------------------------------------------------------------
def test_tasks_listing_and_openapi(url: str) -> None:
    listing = httpx.get(f"{url}/v1/tasks", timeout=30).json()
    served = {t["task"]: t for t in listing["tasks"]}
    assert set(served) == set(ready_tasks())
    for task, entry in served.items():
        assert entry["input_kind"] == kind_of(task) and entry["path"] == f"/v1/{task}"
    assert listing["limits"]["max_inputs"] == MAX_INPUTS
    if "langid" in served:
        assert "k" in served["langid"]["options"]
    schema = httpx.get(f"{url}/openapi.json", timeout=30).json()
    for task in served:
        op = schema["paths"][f"/v1/{task}"]["post"]
        assert "application/json" in op["requestBody"]["content"]
        assert "422" in op["responses"]


def test_health_reports_loaded_models(url: str) -> None:
    resp = httpx.get(f"{url}/health", timeout=30)
    assert resp.status_code == 200
    body = resp.json()
    assert body["preload"] is True
    assert set(body["tasks"]) == set(ready_tasks())
    for task, entry in body["tasks"].items():  # preloaded: every default model loaded
        assert entry["ready"] and entry["loaded"] and not entry["failed"], (task, entry)
        assert "error" not in entry and entry["pid"] > 0
    assert body["status"] == "ok"


def test_playground_page_served(url: str) -> None:
    resp = httpx.get(url + "/", timeout=30)
    assert resp.status_code == 200 and "<html" in resp.text.lower()


# -- batching -------------------------------------------------------------------------------------
def test_concurrent_requests_share_model_calls(url: str) -> None:
    task = "langid" if task_ready("langid") else first_task(kind_is_text=True)
    texts = ["bonjour tout le monde, comment allez-vous", "guten Morgen, wie geht es dir heute",
             "buenos días, ¿cómo estás hoy?", "good morning, how are you today"] * 4
    before = httpx.get(f"{url}/health", timeout=30).json()["tasks"][task]
    with cf.ThreadPoolExecutor(len(texts)) as pool:
        responses = list(pool.map(lambda t: post(url, task, json={"inputs": t}), texts))
    after = httpx.get(f"{url}/health", timeout=30).json()["tasks"][task]
    assert all(r.status_code == 200 for r in responses)
    expected = [to_jsonable(r) for r in tz.run(task, texts)]
    for resp, want in zip(responses, expected, strict=True):  # each request got its own answer
        assert close(resp.json()["outputs"], want)
    # how many requests share a batch depends on timing; that they can is tested without a
    # clock by test_requests_of_one_batch_share_one_model_call
    assert after["requests"] - before["requests"] == len(texts)
    assert after["items"] - before["items"] == len(texts)
    assert 1 <= after["model_calls"] - before["model_calls"] <= len(texts)


def test_requests_of_one_batch_share_one_model_call() -> None:
    from taskzoo.server._api import TaskAPI, _Request

    task = "langid" if task_ready("langid") else first_task(kind_is_text=True)
    api = TaskAPI(task, None, "text", preload=True, max_batch_size=8, batch_timeout=0.1)
    api.setup("cpu")
    texts = ["bonjour tout le monde", "guten Morgen", "buenos días", "good morning"]
    requests = [_Request(inputs=[t], single=True, options={}) for t in texts]
    requests.append(_Request(inputs=["ciao", "hallo"], single=False, options={"k": 2}))
    outcomes = api.predict(requests)
    counts = api.counters.snapshot()
    # the four requests without options share one call; the one with k=2 gets its own
    assert counts["model_calls"] == 2 and counts["requests"] == 5 and counts["items"] == 6
    assert [o.results[0] for o in outcomes[:4]] == tz.run(task, texts)
    assert len(outcomes[4].results) == 2 and len(outcomes[4].results[0]) == 2


def test_bad_request_does_not_spoil_its_batch(url: str) -> None:
    task = first_task(kind_is_text=False)
    good = base64.b64encode(sample(kind_of(task))).decode()  # type: ignore[arg-type]
    bad = base64.b64encode(b"\x89PNG\r\n\x1a\n this is not really a picture").decode()
    bodies = [{"inputs": good}, {"inputs": bad}, {"inputs": good}, {"inputs": bad}]
    with cf.ThreadPoolExecutor(len(bodies)) as pool:
        responses = list(pool.map(lambda b: post(url, task, json=b), bodies))
    assert [r.status_code for r in responses] == [200, 422, 200, 422], [r.text for r in responses]
    assert_error(responses[1], 422, "InvalidInputError")


# -- limits and malformed requests ---------------------------------------------------------------
def test_limits(url: str) -> None:
    task = first_task(kind_is_text=True)
    assert_error(post(url, task, json={"inputs": "x" * (MAX_TEXT + 1)}), 422, "InvalidInputError")
    assert_error(post(url, task, json={"inputs": ["a"] * (MAX_INPUTS + 1)}), 422)
    big = b'{"inputs": "' + b"a" * (MAX_BODY_MB * 2**20 + 10) + b'"}'
    body = assert_error(post(url, task, content=big,
                             headers={"content-type": "application/json"}), 413)
    assert "limit" in body["message"]
    assert post(url, task, json={"inputs": "x" * MAX_TEXT}).status_code == 200


TEXT_MATRIX = {
    "bad json": (dict(content=b'{"inputs": "x', headers={"content-type": "application/json"}),
                 400),
    "not an object": (dict(json=["a", "b"]), 422),
    "missing inputs": (dict(json={"text": "a"}), 422),
    "number input": (dict(json={"inputs": 3}), 422),
    "nested list": (dict(json={"inputs": [["a"]]}), 422),
    "null in list": (dict(json={"inputs": ["a", None]}), 422),
    "options not object": (dict(json={"inputs": "a", "options": [1]}), 422),
    "unknown option": (dict(json={"inputs": "a", "options": {"no_such_option": 1}}), 422),
    "text/plain": (dict(content=b"hello", headers={"content-type": "text/plain"}), 415),
    "no content type": (dict(content=b'{"inputs": "a"}'), 415),
    "multipart to text task": (dict(files={"inputs": ("a.txt", b"hello")}), 415),
}


@pytest.mark.parametrize("case", sorted(TEXT_MATRIX))
def test_malformed_text_requests(url: str, case: str) -> None:
    kwargs, status = TEXT_MATRIX[case]
    assert_error(post(url, first_task(kind_is_text=True), **kwargs), status)


BINARY_MATRIX = {
    "server path as string": (dict(json={"inputs": "/etc/hostname"}), 422),
    "base64 of a server path": (dict(json={"inputs": base64.b64encode(b"/etc/hostname").decode()}),
                                422),
    "number": (dict(json={"inputs": 12}), 422),
    "empty upload": (dict(files={"inputs": ("empty.png", b"")}), 422),
    "corrupt upload": (dict(files={"inputs": ("x.png", b"\x89PNG\r\n\x1a\nbroken")}), 422),
    "truncated multipart": (dict(content=b'--XyZ\r\nContent-Disposition: form-data; name="inputs";'
                                 b' filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
                                 headers={"content-type": "multipart/form-data; boundary=XyZ"}),
                            (400, 422)),
    "multipart without boundary": (dict(content=b"abc",
                                        headers={"content-type": "multipart/form-data"}), 400),
    "stray form field": (dict(data={"note": "hi"}, files={"inputs": ("a.png", b"123")}), 422),
    "text/plain": (dict(content=b"abc", headers={"content-type": "text/plain"}), 415),
}


@pytest.mark.parametrize("case", sorted(BINARY_MATRIX))
def test_malformed_binary_requests(url: str, case: str) -> None:
    kwargs, status = BINARY_MATRIX[case]
    resp = post(url, first_task(kind_is_text=False), **kwargs)
    statuses = status if isinstance(status, tuple) else (status,)
    assert resp.status_code in statuses, resp.text
    assert_error(resp, resp.status_code)


def test_routing_errors(url: str) -> None:
    task = first_task(kind_is_text=True)
    assert_error(httpx.get(f"{url}/v1/{task}", timeout=30), 405)
    body = assert_error(post(url, task[:-1] + task[-1] * 2 + "x", json={"inputs": "a"}), 404,
                        "UnknownTaskError")
    assert "Known tasks" in body["message"]
    assert_error(httpx.get(f"{url}/no/such/page", timeout=30), 404)
    json.dumps(body)


def test_binds_loopback_only_by_default(url: str) -> None:
    psutil = pytest.importorskip("psutil")
    port = int(url.rsplit(":", 1)[1])
    listening = [c.laddr.ip for c in psutil.net_connections(kind="inet")
                 if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN]
    assert listening and set(listening) == {"127.0.0.1"}


@pytest.mark.parametrize("method,path", [("POST", "/v1/tasks"), ("POST", "/health"),
                                         ("DELETE", "/"), ("GET", "/v1/TASK"),
                                         ("PUT", "/v1/TASK")])
def test_every_405_says_what_to_use(url: str, method: str, path: str) -> None:
    path = path.replace("TASK", first_task(kind_is_text=True))
    body = assert_error(httpx.request(method, f"{url}{path}", timeout=30), 405,
                        "MethodNotAllowed")
    assert "use" in body["message"] and "/v1/" in body["message"], body


def test_every_error_is_compact_json(url: str) -> None:
    """Gateway errors (415, 413), routing errors (404, 405) and model errors (422) alike."""
    task = first_task(kind_is_text=True)
    responses = [
        post(url, task, content=b"hello", headers={"content-type": "text/plain"}),
        post(url, task, json={"inputs": "x" * (MAX_TEXT + 1)}),
        httpx.get(f"{url}/no/such/page", timeout=30),
        httpx.post(f"{url}/v1/tasks", timeout=30),
        post(url, task, json={"inputs": "a", "options": {"no_such_option": 1}}),
    ]
    for resp in responses:
        assert resp.status_code >= 400
        assert resp.text == json.dumps(resp.json(), ensure_ascii=False, separators=(",", ":"))


def test_one_corrupt_upload_fails_alone(url: str) -> None:
    """A multi-file upload with one corrupt file: the others get results, the corrupt one an
    error object in its place, and ``failed`` lists its index (as the CLI reports per input)."""
    task = first_task(kind_is_text=False)
    good = sample(kind_of(task))
    bad = b"\x89PNG\r\n\x1a\n this is not really a picture"
    files = [("inputs", ("a.bin", good)), ("inputs", ("b.bin", bad)), ("inputs", ("c.bin", good))]
    resp = post(url, task, files=files)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["failed"] == [1]
    outputs = body["outputs"]
    assert set(outputs[1]) == {"error", "message", "status"}
    assert outputs[1]["error"] == "InvalidInputError" and outputs[1]["status"] == 422
    assert "error" not in outputs[0] and close(outputs[0], outputs[2])
    resp = post(url, task, files=[("inputs", ("b.bin", bad)), ("inputs", ("d.bin", bad))])
    assert_error(resp, 422, "InvalidInputError")  # nothing to return: the request fails


def test_a_corrupt_upload_first_fails_alone_before_any_load() -> None:
    """Without --preload, inputs are checked before the model loads: a corrupt file in the
    first request must still fail alone (per input), not take its neighbours down."""
    task = first_task(kind_is_text=False)
    good = sample(kind_of(task))
    bad = b"\x89PNG\r\n\x1a\n this is not really a picture"
    with running_server("--tasks", task) as url:
        resp = post(url, task, files=[("inputs", ("a.bin", good)), ("inputs", ("b.bin", bad))])
        assert resp.status_code == 200, resp.text
        assert resp.json()["failed"] == [1]
        bodies = [{"inputs": base64.b64encode(b).decode()} for b in (good, bad, good)]
        with cf.ThreadPoolExecutor(len(bodies)) as pool:
            statuses = [r.status_code for r in pool.map(lambda b: post(url, task, json=b),
                                                        bodies)]
        assert statuses == [200, 422, 200]
