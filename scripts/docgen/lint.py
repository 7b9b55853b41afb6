"""Measured-looking numbers typed in a page's prose, outside any marker, so that drift cannot
creep back: decimals (``0.837``), percentages (``28.9 %``), and numbers with a unit of time,
size, speed or ratio (``12 ms``, ``23 MB``, ``25,000 texts/s``, ``0.12 CPU-s``, ``3.6x``).

Not looked at: code blocks and inline code (scripts/docs_snippets.py checks code), HTML comments
(hidden setup code), markers and generated tables or sections, link targets. Not flagged: a
value in parentheses right after inline code (an option's default: ```dropout` (0.2)``), a
number right after a setting's name (``conf 0.35``, ``IoU 0.5``, ``dpi=300``), a version (three
parts, or after a library's name: ``PaddleOCR 3.7``). Whatever else is not a measurement stays
typed only when :data:`ALLOWED` names it, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.markers import MARKER

#: page → {a phrase holding typed numbers that are not measurements: why}
ALLOWED: dict[str, dict[str, str]] = {
    "distillation.md": {
        "at up to 98 %": "a published result (FrugalGPT), cited",
        "within 0.5 points of LoRA": "tz.cascade's default tolerance, a setting"},
    "evaluation.md": {
        "F1 at IoU ≥ 0.5": "how detection is scored, a setting",
        "up to 200 items or 1 s": "the evaluation's sampling limits, settings",
        "each capped at ~20 s": "a setting",
        "$0.045 per core-hour": "a price, an input",
        "lists at $0.08925 per hour, i.e. ~$0.045": "a price, an input",
        "(score 0.0)": "the score given to an unparsed answer, a constant",
        "not 0.90 from 0.91": "an example of a difference, not a measurement"},
    "asr.md": {
        "a 22.05 kHz array": "an example input",
        "at most 300 s (`window_seconds`), each cut at the quietest 100 ms of its last 5 s":
            "how windows are cut, settings",
        "in 60 s windows": "the window length of the measurement, a setting",
        "probability > 0.6 and mean\nlog-probability < -0.5": "whisper's thresholds, settings",
        "so 5 s of silence, low noise, chimes or a 0.1 s clip": "the test inputs",
        "every* 30 s window's": "whisper's window length, a constant"},
    "benchmarks.md": {
        "| ≤ 3× the spam call |": "a target", "| ≥ 2× |": "a target", "| ≥ 1.3× |": "a target",
        "| ≤ 650 MB |": "a target", "| ≤ 600 MB |": "a target", "| ≤ 1.2 GB |": "a target"},
    "detection.md": {
        "(precision ≥ 0.8 at recall ≥ 0.8, no box on ≥ 90 % of": "the issue's targets",
        "to 0.35; at 0.2 one false box\nappears, at 0.4 one": "conf values of the sweep, settings",
        "28 GFLOPs against 6.5": "the models' published sizes, not measured here"},
    "ocr.md": {
        "80 MP (20,000 × 20,000": "the input size limit, a setting",
        "below 1 % as noise": "a reading guide, not a measurement"},
    "ner.md": {
        "10 % + 10 % of the data": "the default split sizes, settings",
        "(0.831 on the first measurement)": "a superseded run, quoted as history; no output kept",
        "within 0.01 of fp32's": "the int8_tolerance option's default",
        "95 %\ninterval": "the confidence level of the interval",
        "the 0.85 target": "the issue's target, not a measurement"},
    "scale-out.md": {
        "(384 × float32)": "the vector's size, not a measurement",
        "(30 % of RAM by default)": "Ray's default",
        "2-core, 24 GB machine": "the machine"},
    "server.md": {
        "grace period (30 s)": "uvicorn's setting",
        "| 0.01 s |": "an option's default", "| 60 s |": "an option's default",
        "(60 s at concurrency 16 per task": "the load test's settings",
        "first 10 %)": "the soak test's warm-up share, a setting",
        "≤ 10 % target": "the issue's target"},
    "training.md": {
        "10 % of the data becomes the\nvalidation part and 10 % the test part":
            "the default split sizes, settings",
        "| ≤ 3 MB |": "an upper bound of the format, not one measurement",
        "+ ~30 s export": "an estimate; tasks/onnx/export.py keeps no timing",
        "exact, 90 MB copy": "the fp32 encoder's size, stated as a property of the format",
        "1.0 or 0.0": "the values a saturated probability takes, not a measurement",
        "round to 1.0": "the same",
        "(~0.3 s to start)": "an interpreter's start-up, an order of magnitude",
        "95 % interval": "the confidence level of the interval"},
    "sentiment.md": {
        "so a 0.8 is\nright about 80 % of the time": "what a calibrated score means, an example",
        "(aim 0.92)": "the issue's target, not a measurement",
        "(aim 0.85)": "the same"},
}

_NUMBER = r"\d+(?:[.,]\d+)*"
_UNITS = (r"ms|MB|GB|KB|MP|texts/s|items/s|rows/s|req/s|sentences/s|CPU-s|CPU-seconds"
          r"|CPU-minutes|CPU-min|CPU s|×|x|\ss|\smin")  # "s" after a space: not "2000s"
MEASURED = re.compile(
    rf"(?<![\w.]){_NUMBER}\s?%"                               # a percentage
    rf"|(?<![\w.]){_NUMBER}(?:–{_NUMBER})?\s?(?:{_UNITS})(?![\w/])"  # a time, size, rate, ratio
    r"|(?<![\w.,-])\d*\.\d+(?![\w.])")                         # a decimal
_HIDDEN = [
    re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M),     # code blocks
    re.compile(r"<!-- generated: (\S+) .*?<!-- end generated: \1 -->", re.S),
    MARKER,
    re.compile(r"<!--.*?-->", re.S),                          # comments, hidden setup code
    re.compile(r"\]\([^)]*\)|<https?://[^>]*>"),              # link targets
]
_CODE = re.compile(r"(`+)[^`]+?\1")
_DEFAULT = re.compile(r"`\s*\((?:[<>≤≥~]\s?)?[-+]?\d[\d,.]*(?:\s?[A-Za-z%/-]+)?\)")
_VERSION = re.compile(r"\b(?:Python|PaddleOCR|paddlepaddle|paddle|torch|torchvision|numpy"
                      r"|Ultralytics|Ray|transformers|spaCy)\s\d+(?:\.\d+)+\+?")
_SETTING = re.compile(r"\b(?:default|conf|IoU|NMS IoU|dpi|opset|threshold|k|r|n|seed|batch"
                      r"|batch size|beam|beam_size|port)\s?[=:]?\s?[-+]?\d[\d,.]*"
                      r"(?:\s?(?:s|px|MB))?\b")


@dataclass(frozen=True)
class Typed:
    """A measured-looking number typed outside any marker."""

    line: int
    number: str
    context: str


def _blank(text: str, span: tuple[int, int]) -> str:
    """``text`` with ``span`` replaced by spaces (line breaks kept, so positions stay)."""
    a, b = span
    return text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]


def prose(text: str) -> str:
    """The page with everything but its prose and hand-made tables blanked out."""
    for pattern in _HIDDEN:
        for m in reversed(list(pattern.finditer(text))):
            text = _blank(text, m.span())
    for m in reversed(list(_CODE.finditer(text))):  # keep one backtick: it marks a default
        text = _blank(text, (m.start(), m.end() - 1))
    for pattern in (_DEFAULT, _SETTING, _VERSION):
        for m in reversed(list(pattern.finditer(text))):
            text = _blank(text, m.span())
    return text


def _allowed_spans(text: str, page: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for phrase in ALLOWED.get(page, {})
            for m in re.finditer(re.escape(phrase), text)]


def untagged(text: str, page: str = "") -> list[Typed]:
    """The measured-looking numbers typed in ``text`` outside markers and :data:`ALLOWED`."""
    allowed = _allowed_spans(text, page)
    visible = prose(text)
    lines = text.splitlines()
    found = []
    for m in MEASURED.finditer(visible):
        if any(a <= m.start() and m.end() <= b for a, b in allowed):
            continue
        line = text.count("\n", 0, m.start()) + 1
        found.append(Typed(line, m.group(), lines[line - 1].strip()[:120]))
    return found


def stale_allowances(texts: dict[str, str]) -> list[str]:
    """Entries of :data:`ALLOWED` whose phrase no longer occurs on their page."""
    return [f"{page}: {phrase!r}" for page, phrases in ALLOWED.items() for phrase in phrases
            if phrase not in texts.get(page, "")]
