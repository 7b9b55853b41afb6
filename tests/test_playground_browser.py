"""The browser playground in headless Chromium (selenium + Debian's chromium/chromedriver):
pick each installed task, type or upload an input, run it, and check what the page renders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from serve_support import ROOT, SUFFIX, kind_of, sample, shared_server, task_names, task_ready

pytest.importorskip("litserve")
webdriver = pytest.importorskip("selenium.webdriver")

CHROMIUM = os.environ.get("TASKZOO_CHROMIUM", "/usr/bin/chromium")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1280,900"]
#: How each result shape must show on the page (a CSS selector inside #result).
SHOWN = {"label": ".label", "entities": "mark", "vector": "canvas", "boxes": "table",
         "ocr": ".ocr-text", "transcript": ".transcript"}

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
                                reason="needs chromium and chromium-driver (scripts/setup.d)")


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(browser, request: pytest.FixtureRequest):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(shared_server(request.config) + "/")
    WebDriverWait(browser, 30).until(lambda d: d.find_element("tag name", "body")
                                      .get_attribute("data-ready") == "1")
    return browser


def run_task(page, task: str, tmp_path: Path) -> str:
    """Select ``task``, enter its sample input, click Run; return the rendered result kind."""
    from selenium.webdriver.support.ui import Select, WebDriverWait

    page.execute_script("document.getElementById('result').removeAttribute('data-kind')")
    Select(page.find_element("id", "task")).select_by_value(task)
    data = sample(kind_of(task))
    if isinstance(data, str):
        box = page.find_element("id", "text")
        box.clear()
        box.send_keys(data)
    else:
        path = tmp_path / f"sample{SUFFIX.get(kind_of(task), '.bin')}"
        path.write_bytes(data)  # type: ignore[arg-type]
        page.find_element("id", "file").send_keys(str(path))
    page.find_element("id", "run").click()
    WebDriverWait(page, 120).until(
        lambda d: d.find_element("id", "result").get_attribute("data-kind"))
    return page.find_element("id", "result").get_attribute("data-kind")


@pytest.mark.parametrize("task", task_names())
def test_every_task_renders(page, task: str, tmp_path: Path) -> None:
    if not task_ready(task):
        pytest.skip(f"{task}: extra not installed")
    if sample(kind_of(task)) is None:
        pytest.skip(f"no sample for kind {kind_of(task)!r}")
    kind = run_task(page, task, tmp_path)
    error = page.find_element("id", "error")
    assert kind != "error", error.text  # every installed default model must load and render
    assert kind in SHOWN, f"{task} rendered as raw JSON only"
    assert page.find_elements("css selector", f"#result {SHOWN[kind]}")
    if kind in ("boxes", "ocr"):  # the picture is drawn with the boxes on it
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(page, 30).until(
            lambda d: d.find_element("id", "result").get_attribute("data-drawn") == "1")


def test_entities_are_highlighted_in_the_text(page, tmp_path: Path) -> None:
    if not task_ready("ner"):
        pytest.skip("ner not installed")
    assert run_task(page, "ner", tmp_path) == "entities"
    marks = page.find_elements("css selector", "#result mark")
    labels = {m.get_attribute("data-label") for m in marks}
    assert "PERSON" in labels and any(m.text.startswith("Tim Cook") for m in marks)
    if os.environ.get("TASKZOO_SCREENSHOT"):  # refresh the picture in the docs
        page.save_screenshot(str(ROOT / "docs" / "images" / "playground.png"))
    page.save_screenshot(str(tmp_path / "playground.png"))
    assert (tmp_path / "playground.png").stat().st_size > 10_000


def test_options_are_sent(page, tmp_path: Path) -> None:
    if not task_ready("langid"):
        pytest.skip("langid not installed")
    from selenium.webdriver.support.ui import Select, WebDriverWait

    page.execute_script("document.getElementById('result').removeAttribute('data-kind')")
    Select(page.find_element("id", "task")).select_by_value("langid")
    page.execute_script("document.getElementById('text').value = 'hallo welt, wie geht es dir'")
    page.find_element("id", "options").send_keys('{"k": 3}')
    page.find_element("id", "run").click()
    WebDriverWait(page, 60).until(
        lambda d: d.find_element("id", "result").get_attribute("data-kind"))
    rows = page.find_elements("css selector", "#result .row")
    page.find_element("id", "options").clear()
    assert len(rows) == 3  # three languages, each with its score bar


def test_server_error_is_shown(page, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    text_tasks = [t for t in task_names() if task_ready(t) and kind_of(t) == "text"]
    if not text_tasks:
        pytest.skip("no text task installed")
    Select(page.find_element("id", "task")).select_by_value(text_tasks[0])
    page.execute_script("document.getElementById('text').value = 'x'.repeat(5000)")
    page.find_element("id", "run").click()
    WebDriverWait(page, 60).until(
        lambda d: d.find_element("id", "result").get_attribute("data-kind") == "error")
    assert "InvalidInputError" in page.find_element("id", "error").text
