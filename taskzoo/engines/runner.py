"""Run a pipeline over a column of values with one outcome per value: a result or an error.

Both engines (in-process and Ray) go through :class:`RowRunner`, so their outputs match row for
row. Inputs are prepared one at a time (a corrupt image fails alone, not its whole batch); the
valid ones run through :meth:`Pipeline.stream`; if the model itself fails on a batch, that batch
is re-run one row at a time to find the rows responsible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from taskzoo.errors import InvalidInputError, TaskZooError
from taskzoo.inputs import prepare
from taskzoo.pipeline import Pipeline

OnError = Literal["record", "raise"]
ON_ERROR_CHOICES = ("record", "raise")


@dataclass(frozen=True)
class RowError:
    """Why one row produced no result: ``"<ExceptionType>: <message>"``."""

    message: str

    @classmethod
    def from_exception(cls, exc: BaseException) -> RowError:
        """The error of a row whose input or prediction raised ``exc``."""
        return cls(f"{type(exc).__name__}: {exc}")


class RowRunner:
    """Runs ``pipeline`` on lists of values, returning a result or a :class:`RowError` per value.

    ``on_error="raise"`` re-raises the first failure instead (fail fast). ``call_options`` are
    passed to every call of the model (e.g. ``k=3`` for langid).
    """

    def __init__(
        self,
        pipeline: Pipeline,
        on_error: OnError = "record",
        batch_size: int | None = None,
        call_options: dict[str, Any] | None = None,
    ) -> None:
        if on_error not in ON_ERROR_CHOICES:
            raise InvalidInputError(
                f"on_error must be 'record' or 'raise', got {on_error!r}"
            )
        self.pipeline = pipeline
        self.on_error = on_error
        self.batch_size = batch_size
        self.call_options = dict(call_options or {})

    def run(self, values: Sequence[Any]) -> list[Any]:
        """One outcome per value, in order: the task's result, or a RowError."""
        outcomes: list[Any] = [None] * len(values)
        ready: list[tuple[int, Any]] = []
        for i, value in enumerate(values):
            try:
                ready.append((i, self._prepare(value)))
            except Exception as exc:
                outcomes[i] = self._failed(exc)
        if ready:
            results = self._predict([item for _, item in ready])
            for (i, _), outcome in zip(ready, results, strict=True):
                outcomes[i] = outcome
        return outcomes

    def _prepare(self, value: Any) -> Any:
        if value is None:
            raise InvalidInputError("the input is missing (null)")
        if self.pipeline.spec.input_kind == "text" and isinstance(value, (bytes, bytearray)):
            value = _decode(value)
        return prepare(self.pipeline.spec.input_kind, value)

    def _predict(self, items: list[Any]) -> list[Any]:
        try:
            return list(self.pipeline.stream(items, batch_size=self.batch_size,
                                             **self.call_options))
        except Exception as exc:  # a row the model chokes on must not sink the whole job
            if self.on_error == "raise" or len(items) == 1:
                return [self._failed(exc)] * len(items)
        return [self._predict([item])[0] for item in items]  # isolate the failing rows

    def _failed(self, exc: Exception) -> RowError:
        if self.on_error == "raise":
            raise exc
        if isinstance(exc, TaskZooError) and not isinstance(exc, InvalidInputError):
            # model missing, not loadable, ...: every row would fail the same way
            raise exc
        return RowError.from_exception(exc)


def _decode(data: bytes | bytearray) -> str:
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"the text is not valid UTF-8: {exc}") from exc
