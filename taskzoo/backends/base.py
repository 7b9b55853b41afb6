"""The contract every backend adapter fulfils.

A backend wraps one library for one kind of model. It is constructed cheaply from a
:class:`~taskzoo.registry.ModelCard`, imports its library and loads weights in :meth:`load`
(called once, under the pipeline's lock), and serves :meth:`predict_batch` on inputs that the
pipeline has already validated and prepared. Batching, laziness, threading and input checks live
in :class:`~taskzoo.pipeline.Pipeline`, not here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

from taskzoo.errors import ModelLoadError
from taskzoo.registry import ModelCard


class Backend(ABC):
    """Base class of backend adapters.

    ``call_options`` names the keyword arguments a call may pass (``pipe(x, k=3)``); anything
    else is refused with a clear error before the model runs.
    """

    call_options: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, card: ModelCard) -> None:
        self.card = card
        self.options: dict[str, Any] = dict(card.options)

    @abstractmethod
    def load(self) -> None:
        """Import the library and load the weights. Called once per pipeline."""

    @abstractmethod
    def predict_batch(self, items: list[Any], **kwargs: Any) -> list[Any]:
        """Run the model on prepared inputs; return one result per input, in order."""

    @classmethod
    def accepts(cls, path: Path) -> bool:
        """True if this backend can load a user's local model at ``path``."""
        return False

    @classmethod
    def fetch_weights(cls, path: Path) -> None:
        """Fetch anything besides ``path`` that the weights there need (``taskzoo download``);
        most backends need nothing more."""
        return None

    def weights_path(self) -> Path:
        """The verified local path of this card's weights."""
        if self.card.source is None:
            raise ModelLoadError(f"model {self.card.name!r} declares no weights source")
        return self.card.source.locate()
