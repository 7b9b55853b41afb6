"""Catalog entries for classify tasks (filled in by its issue)."""

from __future__ import annotations

from taskzoo.registry import TaskSpec

TASKS: tuple[TaskSpec, ...] = ()
