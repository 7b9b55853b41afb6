"""Settings of the HTTP server: which tasks, how requests are batched, and the request limits."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Input kinds sent as text; every other kind (image, audio, ...) travels as bytes.
TEXT_KIND = "text"


@dataclass(frozen=True)
class ServerConfig:
    """Everything ``taskzoo serve`` can be told.

    ``tasks`` empty means every task in the registry whose dependencies are installed;
    ``models`` maps a task to a model name (default model otherwise).
    """

    tasks: tuple[str, ...] = ()
    models: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    port: int = 8000
    preload: bool = False
    max_batch_size: int = 16
    batch_timeout: float = 0.01
    max_body_bytes: int = 20 * 1024 * 1024
    max_text_chars: int = 20_000
    max_inputs: int = 64
    request_timeout: float = 60.0
    api_servers: int = 1
    log_level: str = "warning"

    def __post_init__(self) -> None:
        from taskzoo.errors import InvalidInputError

        checks = {
            "max_batch_size": self.max_batch_size >= 1,
            "batch_timeout": self.batch_timeout >= 0,
            "max_body_bytes": self.max_body_bytes >= 1024,
            "max_text_chars": self.max_text_chars >= 1,
            "max_inputs": self.max_inputs >= 1,
            "request_timeout": self.request_timeout > self.batch_timeout,
            "api_servers": self.api_servers >= 1,
            "port": 0 <= self.port <= 65535,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise InvalidInputError(
                f"invalid server setting(s): {', '.join(f'{b}={getattr(self, b)!r}' for b in bad)}"
                " (batch sizes and limits must be positive; request_timeout > batch_timeout)"
            )
