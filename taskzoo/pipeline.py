"""Pipeline: a lazy, thread-safe, picklable handle on one model of one task.

Creating a pipeline resolves the model card and nothing else. The first call imports the backend,
checks its optional dependencies, and loads the weights exactly once even when many threads call
at the same time. Calls take one input (returning one result) or a list (returning a list), and
:meth:`Pipeline.stream` batches any iterable lazily. Pickling drops the loaded model, so a
pipeline can be shipped to another process (multiprocessing, Ray, Dask) and loads there on use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from taskzoo.backends.base import Backend
from taskzoo.errors import InvalidInputError, MissingDependencyError, ModelLoadError, TaskZooError
from taskzoo.inputs import INPUT_OPTIONS, is_batch, prepare
from taskzoo.registry import REGISTRY, ModelCard, TaskSpec, import_object

DEFAULT_BATCH_SIZE = 32


class Pipeline:
    """A model ready to run a task; see :func:`taskzoo.load`."""

    def __init__(
        self,
        task: str,
        model: str | Path | ModelCard | None = None,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        **options: Any,
    ) -> None:
        card = REGISTRY.resolve(task, model)
        self.spec: TaskSpec = REGISTRY.task(card.task or task)
        self.card: ModelCard = card.with_options(**options) if options else card
        self.batch_size = _positive_int(batch_size, "batch_size")
        self.load_count = 0
        self._backend: Backend | None = None
        self._lock = threading.Lock()

    # -- identity -------------------------------------------------------------------------------
    @property
    def task(self) -> str:
        """The canonical task name."""
        return self.spec.name

    @property
    def loaded(self) -> bool:
        """True once the model's weights are in memory."""
        return self._backend is not None

    def __repr__(self) -> str:
        state = "loaded" if self.loaded else "not loaded"
        return f"Pipeline(task={self.task!r}, model={self.card.name!r}, {state})"

    # -- loading --------------------------------------------------------------------------------
    def load(self) -> Backend:
        """Load the model now (it otherwise loads on first call); return the backend."""
        backend = self._backend
        if backend is not None:
            return backend
        with self._lock:
            if self._backend is None:
                self._backend = self._create_backend()
                self.load_count += 1
            return self._backend

    def _create_backend(self) -> Backend:
        card = self.card
        self._check_requirements()
        try:
            backend_cls = import_object(card.backend)
        except ImportError as exc:
            raise self._missing(exc.name or str(exc)) from exc
        backend: Backend = backend_cls(card)
        try:
            backend.load()
        except TaskZooError:
            raise
        except ImportError as exc:
            raise self._missing(exc.name or str(exc)) from exc
        except Exception as exc:
            raise ModelLoadError(f"could not load model {card.name!r}: {exc}") from exc
        return backend

    def _check_requirements(self) -> None:
        missing = self.card.missing_modules()
        if missing:
            raise self._missing(missing[0])

    def _missing(self, module: str) -> MissingDependencyError:
        extra = self.card.extra
        how = f'pip install "taskzoo[{extra}]"' if extra else f"pip install {module}"
        return MissingDependencyError(
            f"the {self.task} model {self.card.name!r} needs {module!r}, which is not "
            f"installed: {how}"
        )

    # -- running --------------------------------------------------------------------------------
    def __call__(self, inputs: Any, **kwargs: Any) -> Any:
        """Run on one input (returns one result) or a batch (returns a list, in order).

        A batch is a list, tuple, generator or pandas Series, and for text tasks also a numpy
        array of str or any other iterable of str (see :func:`taskzoo.inputs.is_batch`). Inputs
        of a sized batch are checked before the model loads.
        """
        if is_batch(inputs, self.spec.input_kind):
            if hasattr(inputs, "__len__") and not isinstance(inputs, (list, tuple)):
                inputs = list(inputs)  # a Series / array: plain items, checked up front below
            return list(self.stream(inputs, **kwargs))
        return self.predict_batch([inputs], **kwargs)[0]

    def predict_batch(self, items: list[Any], **kwargs: Any) -> list[Any]:
        """Validate, prepare and run one batch of inputs; one result per input, in order.

        Inputs are checked (and prepared) before the model is loaded, so a wrong input fails
        at once, not after the load."""
        input_options = {k: kwargs.pop(k) for k in INPUT_OPTIONS.get(self.spec.input_kind, ())
                          if k in kwargs}
        prepared = [self._prepare(item, i, input_options) for i, item in enumerate(items)]
        backend = self.load()
        unknown = set(kwargs) - backend.call_options
        if unknown:
            accepted = ", ".join(sorted(backend.call_options)) or "none"
            raise InvalidInputError(
                f"unknown option(s) {', '.join(sorted(unknown))} for {self.task} model "
                f"{self.card.name!r}; accepted options: {accepted}"
            )
        try:
            results = backend.predict_batch(prepared, **kwargs)
        except (TypeError, ValueError, OverflowError) as exc:
            if not kwargs or isinstance(exc, TaskZooError):
                raise
            # the inputs were valid, so an option value of the wrong type or range is to blame
            raise InvalidInputError(
                f"the {self.task} model {self.card.name!r} refused the option value(s) "
                f"{_options_shown(kwargs)}: {exc}"
            ) from exc
        if len(results) != len(prepared):
            raise TaskZooError(
                f"backend {self.card.backend} returned {len(results)} results for "
                f"{len(prepared)} inputs"
            )
        return results

    def _prepare(self, item: Any, index: int, options: dict[str, Any]) -> Any:
        try:
            return prepare(self.spec.input_kind, item, **options)
        except InvalidInputError as exc:
            raise InvalidInputError(f"input {index}: {exc}") from exc

    def stream(
        self,
        inputs: Iterable[Any],
        batch_size: int | None = None,
        progress: bool = False,
        **kwargs: Any,
    ) -> Iterator[Any]:
        """Yield one result per input, running the model ``batch_size`` items at a time.

        ``inputs`` may be any iterable (a generator over a huge file is fine: it is read one
        batch at a time). ``progress=True`` shows a tqdm bar on stderr.
        """
        size = _positive_int(self.batch_size if batch_size is None else batch_size, "batch_size")
        if isinstance(inputs, (str, bytes)):
            raise InvalidInputError("stream() takes an iterable of inputs, not a single input")
        bar = None
        if progress:
            from tqdm.auto import tqdm

            total = len(inputs) if hasattr(inputs, "__len__") else None
            bar = tqdm(total=total, desc=f"{self.task} ({self.card.name})", unit=" items")
        iterator = iter(inputs)
        try:
            while batch := list(islice(iterator, size)):
                yield from self.predict_batch(batch, **kwargs)
                if bar is not None:
                    bar.update(len(batch))
        finally:
            if bar is not None:
                bar.close()

    # -- pickling -------------------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_backend"] = None
        state["_lock"] = None
        state["load_count"] = 0
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()


def _options_shown(options: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value!r:.40}" for key, value in sorted(options.items()))


def _positive_int(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidInputError(f"{name} must be a positive int, got {value!r}")
    return value
