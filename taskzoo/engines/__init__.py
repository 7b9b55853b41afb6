"""Running tasks over whole datasets: in-process, or on Ray Data actors (``taskzoo[ray]``).

:func:`taskzoo.batch` is the entry point; :class:`taskzoo.engines.ray.TaskPredictor` is the
``map_batches`` step for users who build their own Ray Data pipelines. Importing this package
imports neither Ray nor any model library.
"""

from __future__ import annotations

from taskzoo.engines.batch import BatchReport, batch

__all__ = ["BatchReport", "batch"]
