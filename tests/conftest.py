"""Shared fixtures: one pipeline per text model for the whole session."""

from __future__ import annotations

import pytest

import taskzoo as tz


@pytest.fixture(scope="session")
def embedder() -> tz.Pipeline:
    """The default embeddings pipeline, loaded once."""
    pipe = tz.load("embeddings")
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def lid() -> tz.Pipeline:
    """The default language-id pipeline, loaded once."""
    pipe = tz.load("langid")
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def ner_pipe() -> tz.Pipeline:
    """The default NER pipeline, loaded once."""
    pipe = tz.load("ner")
    pipe.load()
    return pipe


@pytest.fixture(scope="session")
def small() -> tz.Pipeline:
    """The small member of the cascade/ensemble tests: a weak fastText sentiment model."""
    from distill_support import weak

    return weak()


@pytest.fixture(scope="session")
def large() -> tz.Pipeline:
    """The large member of the cascade/ensemble tests: a stronger fastText sentiment model."""
    from distill_support import strong

    return strong()
