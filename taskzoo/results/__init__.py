"""Typed, frozen results returned by every task. Each has ``to_dict()`` for JSON."""

from taskzoo.results.base import Result
from taskzoo.results.text import Entity, Label

__all__ = ["Entity", "Label", "Result"]
