"""The zoo, as data: every task and its models, one module per family of tasks.

Read each module top to bottom: a :class:`~taskzoo.registry.TaskSpec` per task with its
:class:`~taskzoo.registry.ModelCard` list, default model first. Nothing here imports an ML library.
"""

from __future__ import annotations

from taskzoo.catalog import classify, detection, llm, ocr, speech, text
from taskzoo.registry import TaskSpec

TASKS: tuple[TaskSpec, ...] = (
    *text.TASKS,
    *classify.TASKS,
    *ocr.TASKS,
    *detection.TASKS,
    *speech.TASKS,
)

# The LLM baseline joins the tasks it can do as a non-default model (see catalog/llm.py).
TASKS = llm.with_llm_cards(TASKS)
