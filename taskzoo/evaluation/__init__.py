"""Evaluation of task models: held-out data, quality metrics, speed, memory, cost and reports.

The public entry point is :func:`taskzoo.evaluate` (defined in :mod:`taskzoo.evaluation.core`).
"""

from taskzoo.evaluation.core import (
    DEFAULT_PRICE_PER_CORE_HOUR,
    ModelReport,
    TaskReport,
    evaluable_tasks,
    evaluate,
)
from taskzoo.evaluation.data import EvaluationDataError, Example

__all__ = [
    "DEFAULT_PRICE_PER_CORE_HOUR",
    "EvaluationDataError",
    "Example",
    "ModelReport",
    "TaskReport",
    "evaluable_tasks",
    "evaluate",
]
