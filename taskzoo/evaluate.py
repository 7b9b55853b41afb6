"""``taskzoo.evaluate(task, models=None, data=None, limit=None, ...)``; see
:mod:`taskzoo.evaluation` for the implementation.

This module is itself callable, so ``taskzoo.evaluate(...)`` works even when
``import taskzoo.evaluate`` ran first (which makes the attribute the module).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from taskzoo.evaluation import TaskReport, evaluate

__all__ = ["TaskReport", "evaluate"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> TaskReport:
        return evaluate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
