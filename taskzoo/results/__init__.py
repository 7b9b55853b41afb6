"""Typed, frozen results returned by every task. Each has ``to_dict()`` for JSON."""

from taskzoo.results.base import Result
from taskzoo.results.detection import Box, Detections
from taskzoo.results.ocr import OCRResult, TextLine
from taskzoo.results.speech import Segment, Transcript, Word
from taskzoo.results.text import Entity, Label

__all__ = [
    "Box",
    "Detections",
    "Entity",
    "Label",
    "OCRResult",
    "Result",
    "Segment",
    "TextLine",
    "Transcript",
    "Word",
]
