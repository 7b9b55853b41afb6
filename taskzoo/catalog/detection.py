"""Catalog entries for detection tasks (filled in by its issue)."""

from __future__ import annotations

from taskzoo.registry import TaskSpec

TASKS: tuple[TaskSpec, ...] = ()
