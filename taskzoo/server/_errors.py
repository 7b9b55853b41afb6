"""Error responses: JSON ``{"error": <class name>, "message", "status"}``, never a trace."""

from __future__ import annotations

from typing import Any

from taskzoo.errors import (
    InvalidInputError,
    MissingDependencyError,
    ModelLoadError,
    UnknownModelError,
    UnknownTaskError,
)

#: HTTP status for each TaskZooError class (the most specific base class found wins).
STATUS_OF: dict[type[BaseException], int] = {
    InvalidInputError: 422,
    UnknownTaskError: 404,
    UnknownModelError: 404,
    MissingDependencyError: 503,
    ModelLoadError: 503,
}

#: Names used for errors raised by the HTTP layer rather than by taskzoo.
HTTP_ERROR_NAMES: dict[int, str] = {
    400: "BadRequest",
    404: "NotFound",
    405: "MethodNotAllowed",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    422: "InvalidInputError",
    500: "InternalError",
    503: "ServiceUnavailable",
    504: "RequestTimeout",
}


class RequestError(Exception):
    """A request the server refuses before any model runs: carries the status and error name."""

    def __init__(self, status: int, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.name = name or HTTP_ERROR_NAMES.get(status, "Error")

    def payload(self) -> dict[str, Any]:
        """The JSON body for this error."""
        return error_payload(self.name, str(self), self.status)


def error_payload(name: str, message: str, status: int) -> dict[str, Any]:
    """The JSON body every error response has."""
    return {"error": name, "message": message, "status": status}


def status_for(exc: BaseException) -> int:
    """The HTTP status for an exception raised while running a model."""
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 500


def describe(exc: BaseException) -> dict[str, Any]:
    """The JSON error body for an exception from a model: its class name and message.

    Exceptions that are not taskzoo's own are reported without their text (it may hold paths
    or internals): the server log has the details.
    """
    from taskzoo.errors import TaskZooError

    status = status_for(exc)
    if isinstance(exc, TaskZooError):
        return error_payload(type(exc).__name__, str(exc), status)
    return error_payload("InternalError", "the model failed on this request; see the server log",
                         status)
