"""Which optional libraries are installed, asked without importing them.

Every "is torch here?" question in taskzoo goes through :func:`missing`, and every refusal
through :func:`require`, so the answer and the ``pip install`` line read the same everywhere.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable

from taskzoo.errors import MissingDependencyError


def is_installed(module: str) -> bool:
    """True when ``module`` can be imported; nothing is imported (a broken parent package or
    an odd name counts as not installed instead of raising)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing(modules: Iterable[str]) -> list[str]:
    """The modules of ``modules`` that are not installed, in the order given."""
    return [module for module in modules if not is_installed(module)]


def require(modules: Iterable[str], extra: str, why: str) -> None:
    """Raise :class:`MissingDependencyError` naming every missing module of ``modules``.

    The message reads ``'{why}: that needs torch, peft, which are not installed: pip install
    "taskzoo[{extra}]"'``, so a user can copy the last part.
    """
    absent = missing(modules)
    if absent:
        verb = "is" if len(absent) == 1 else "are"
        raise MissingDependencyError(f"{why}: that needs {', '.join(absent)}, which {verb} not "
                                     f'installed: pip install "taskzoo[{extra}]"')
