"""Keys of the image and audio tasks: OCR (tasks/ocr), detection (tasks/detection) and speech
recognition (tasks/asr)."""

from __future__ import annotations

from typing import Any

from docgen.formats import fixed, integer, percent, raw, sig2
from docgen.registry import Number
from docgen.sources import card, card_metric, dig, load

f0, f1, f2, f3 = fixed(0), fixed(1), fixed(2), fixed(3)
pct0, pct1, pct2 = percent(0), percent(1), percent(2)

OCR = "tasks/ocr/results.json"
OCR_PADDLE = "tasks/ocr/results-paddle.json"
DEGRADED = {"noise": "noise", "blur": "blur", "jpeg": "JPEG", "rotate": "rotated",
            "inverted": "inverted"}


def _ocr_numbers(prefix: str, source: str) -> list[Number]:
    """The keys of one OCR results file: ``prefix.{model}...``."""
    def lines(model: str, condition: str) -> dict[str, Any]:
        found: dict[str, Any] = dig(load(source), "models", model, "lines", condition)
        return found

    def worst(model: str) -> str:
        return max(DEGRADED, key=lambda c: lines(model, c)["cer"])

    def page(model: str, kind: str) -> dict[str, Any]:
        found: dict[str, Any] = dig(load(source), "models", model, "pages", kind)
        return found

    return [
        Number(f"{prefix}.{{model}}.wall_ratio",  # wall time over CPU time, across conditions
               lambda model: (lambda r: (min(r), max(r)))(
                   [lines(model, c)["s_per_line"] / lines(model, c)["cpu_s_per_line"]
                    for c in ("clean", *DEGRADED)]), f0, source),
        Number(f"{prefix}.{{model}}.worst.cer",  # the highest CER of the degraded conditions
               lambda model: lines(model, worst(model))["cer"], pct2, source),
        Number(f"{prefix}.{{model}}.worst.name",
               lambda model: DEGRADED[worst(model)], raw, source),
        Number(f"{prefix}.{{model}}.size.{{band}}.cer",  # clean lines by text height
               lambda model, band: dig(load(source), "models", model, "lines", "clean_by_size",
                                       band, "cer"), pct1, source),
        Number(f"{prefix}.{{model}}.page.{{kind}}.cer",  # kind: png, pdf
               lambda model, kind: page(model, kind)["cer"], pct2, source),
        Number(f"{prefix}.{{model}}.page.{{kind}}.cpu_s",
               lambda model, kind: page(model, kind)["cpu_s_per_page"], f2, source),
        Number(f"{prefix}.{{model}}.{{condition}}.cer",
               lambda model, condition: lines(model, condition)["cer"], pct2, source),
        Number(f"{prefix}.{{model}}.{{condition}}.exact",  # share of lines read exactly
               lambda model, condition: lines(model, condition)["exact"], pct0, source),
        Number(f"{prefix}.{{model}}.{{condition}}.exact_n",
               lambda model, condition: round(lines(model, condition)["exact"]
                                              * lines(model, condition)["n"]), integer, source),
        Number(f"{prefix}.{{model}}.{{condition}}.n",
               lambda model, condition: lines(model, condition)["n"], integer, source),
        Number(f"{prefix}.{{model}}.{{condition}}.cpu_s",
               lambda model, condition: lines(model, condition)["cpu_s_per_line"], f3, source),
    ]


def _paddle_cost(model: str, field: str) -> float:
    value: float = dig(load(OCR_PADDLE), "models", model, "cost", field)
    return value


OCR_NUMBERS = [
    Number("ocrcmp.load_ratio",  # PaddleOCR's load time over RapidOCR's
           lambda: _paddle_cost("ppocrv5-mobile-paddle", "load_s")
           / _paddle_cost("ppocrv6-small", "load_s"), f0, OCR_PADDLE),
    Number("ocrcmp.{model}.load_s", lambda model: _paddle_cost(model, "load_s"), f1, OCR_PADDLE),
    Number("ocrcmp.{model}.rss_mb",
           lambda model: _paddle_cost(model, "peak_rss_mb_after_load"), f0, OCR_PADDLE),
    Number("ocrcmp.{model}.install_mb",
           lambda model: _paddle_cost(model, "install_mb"), f0, OCR_PADDLE),
    *_ocr_numbers("ocrcmp", OCR_PADDLE),
    *_ocr_numbers("ocr", OCR),
]

THRESHOLD = "tasks/detection/threshold.json"
#: the timing file of each detection model
DETECTION_METRICS = {"yolo11n-person": "tasks/detection/metrics.json",
                     "yolov8-fall": "tasks/detection/metrics_yolov8_fall.json"}


def _sweep(model: str) -> dict[str, Any]:
    """threshold.json's record of ``model`` (the default, or one it was compared with)."""
    data = load(THRESHOLD)
    for record in [data, *data.get("compared", [])]:
        if record["model"] == model:
            found: dict[str, Any] = record
            return found
    raise LookupError(f"no sweep of {model} in {THRESHOLD}")


def _empty_ok(model: str) -> int:
    """How many no-person pictures got no box at the chosen operating point."""
    record = _sweep(model)
    return round(record["chosen"]["no_person_pictures_without_box"]
                 * (record["pictures"] - record["with_people"]))


PARITY = "tasks/detection/results-ultralytics-parity.json"
DETECTION = [
    Number("detection.parity.boxes", lambda: load(PARITY)["boxes"], integer, PARITY),
    Number("detection.parity.{field}",  # min_iou, max_score_diff, ...
           lambda field: load(PARITY)[field], f3, PARITY),
    Number("detection.{model}.boxes",  # boxes the model drew at the chosen point: tp + fp
           lambda model: _sweep(model)["chosen"]["tp"] + _sweep(model)["chosen"]["fp"], integer,
           THRESHOLD),
    Number("detection.no_person", lambda: load(THRESHOLD)["pictures"]
           - load(THRESHOLD)["with_people"], integer, THRESHOLD),
    Number("detection.{field}",  # pictures, with_people, people
           lambda field: load(THRESHOLD)[field], integer, THRESHOLD),
    Number("detection.{model}.empty_ok", _empty_ok, integer, THRESHOLD),
    Number("detection.{model}.cpu_s",  # CPU s per 640-px image, batch 1
           lambda model: load(DETECTION_METRICS[model])["cpu_s_per_image_batch1"], f2,
           "tasks/detection/metrics*.json"),
    *(Number(f"detection.{{model}}.{name}",  # the chosen operating point
             lambda model, name=name: _sweep(model)["chosen"][name], fmt, THRESHOLD)
      for name, fmt in (("conf", sig2), ("iou", sig2), ("tp", integer), ("fp", integer),
                        ("fn", integer))),
    Number("detection.{model}.{metric}",  # precision, recall, f1
           lambda model, metric: _sweep(model)["chosen"][metric], f3, THRESHOLD),
]

ASR = "tasks/asr/results.json"
BEAMS = "tasks/asr/results-beam-backends.json"
HOTWORDS = "tasks/asr/results-hotwords.json"
LONG = "tasks/asr/results-long-audio.json"
ASR_MODELS = {"tiny": "whisper-tiny.en", "base": "whisper-base"}
ASR_FIELDS = {"clean": "wer clean read speech (LibriVox + Beckett)",
              "espeak": "wer espeak-ng (48 sentences)",
              "rtf1": "rtf 1 thread(s), cpu time", "rtf2": "rtf 2 thread(s), cpu time"}
ASR_FORMATS = {"clean": pct1, "espeak": pct1, "rtf1": f3, "rtf2": f3}
HINTS = {"none": "no hint", "hotwords": "hotwords", "prompt": "initial_prompt"}
HINT_METRICS = {"ter": "term error rate", "wer": "wer"}


def _asr(model: str, field: str, beam: int = 5) -> float:
    source = load(ASR) if beam == 5 else load(BEAMS)
    value: float = dig(source, f"{ASR_MODELS[model]} beam={beam}", ASR_FIELDS[field])
    return value


def _hint(hint: str, metric: str) -> float:
    value: float = dig(load(HOTWORDS), HINTS[hint], HINT_METRICS[metric])
    return value


ASR_NUMBERS = [
    *(Number(f"asr.{{model}}.{field}", lambda model, field=field: _asr(model, field), fmt, ASR)
      for field, fmt in ASR_FORMATS.items()),
    Number("asr.{model}.beam1.espeak", lambda model: _asr(model, "espeak", beam=1), pct1, BEAMS),
    Number("asr.{model}.beam_cost",  # extra CPU of beam 5 over greedy, one thread
           lambda model: (lambda d, name: d[f"{name} beam=5"][ASR_FIELDS["rtf1"]]
                          / d[f"{name} beam=1"][ASR_FIELDS["rtf1"]] - 1)(
               load(BEAMS), ASR_MODELS[model]), pct0, BEAMS),
    Number("asr.{model}.hour_minutes",  # CPU minutes for an hour of audio, two threads
           lambda model: 60 * _asr(model, "rtf2"), f1, ASR),
    Number("asr.{model}.size_mb", lambda model: card("asr", ASR_MODELS[model]).size_mb, f1,
           "taskzoo/catalog"),
    Number("asr.tiny.long_wer",
           lambda: card_metric("asr", "whisper-tiny.en", "WER 34-minute"), pct1,
           "taskzoo/catalog (tasks/asr/long_audio.py)"),
    *(Number(f"asr.long.{field}", lambda field=field: dig(load(LONG), field), pct1, LONG)
      for field in ("wer", "wer_condition_on_previous_text")),
    Number("asr.long.{field}",  # minutes, sizes in MB
           lambda field: dig(load(LONG), field), f0, LONG),
    Number("asr.deps.{field}",  # what pip brings with openai-whisper
           lambda field: dig(load("benchmarks/results/recorded.json"), "openai_whisper_deps",
                             field), f0, "benchmarks/results/recorded.json"),
    Number("asr.hotwords.{field}",  # clips, terms
           lambda field: load(HOTWORDS)[field], integer, HOTWORDS),
    Number("asr.hint.gain",  # term error rate without hints over with hotwords
           lambda: _hint("none", "ter") / _hint("hotwords", "ter"), f1, HOTWORDS),
    Number("asr.hint.{hint}.{metric}", _hint, pct1, HOTWORDS),
]

NUMBERS: list[Number] = [*OCR_NUMBERS, *DETECTION, *ASR_NUMBERS]
