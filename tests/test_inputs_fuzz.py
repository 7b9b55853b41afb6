"""Property-based fuzzing of the input layer (``taskzoo.inputs``): every input kind, fed any
Python value hypothesis can make, either yields the documented result or raises a typed
``InvalidInputError``; never another exception (see docs/inputs.md).

Examples hypothesis found are kept below as regular tests. The fuzz budget is small (a few
seconds per property) so CI stays fast; raise ``TASKZOO_FUZZ_EXAMPLES`` to dig deeper.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from taskzoo.errors import InvalidInputError
from taskzoo.inputs import prepare
from taskzoo.inputs.audio import Audio
from taskzoo.inputs.document import PdfPages
from taskzoo.inputs.text import REPLACEMENT, clean_text

EXAMPLES = int(os.environ.get("TASKZOO_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Any code point, lone surrogates (category Cs) included.
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
any_text = st.text(any_char, max_size=300)
#: Paths: short names, very long names, deep folders, odd characters.
any_path = st.one_of(
    any_text,
    st.text(any_char, min_size=250, max_size=5000),
    st.lists(st.text("ab/.~ \x00", max_size=40), max_size=300).map("/".join),
    st.builds(Path, st.text(st.characters(exclude_characters="\x00"), max_size=200)),
)
dtypes = st.one_of(hnp.scalar_dtypes(), hnp.byte_string_dtypes(), hnp.unicode_string_dtypes())
any_array = st.one_of(
    hnp.arrays(dtypes, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=12)),
    hnp.arrays(dtypes, st.sampled_from([(), (0,), (0, 0), (1, 1), (0, 50_000), (1, 1, 1, 1, 1)])),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.complex_numbers())
anything = st.recursive(
    st.one_of(scalars, any_text, st.binary(max_size=200), any_array),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner),
                            st.dictionaries(any_text, inner, max_size=3)),
    max_leaves=8,
)


def coerce(kind: str, item: object) -> object:
    """prepare(kind, item), or None when it raised the documented InvalidInputError."""
    try:
        return prepare(kind, item)
    except InvalidInputError as exc:
        assert str(exc), "the error must say what is wrong"
        return None


# -- text ----------------------------------------------------------------------------------------
@FUZZ
@given(any_text)
def test_any_str_is_text_that_encodes(text: str) -> None:
    out = prepare("text", text)
    assert type(out) is str and len(out) == len(text)
    out.encode("utf-8")  # never a lone surrogate left
    for before, after in zip(text, out, strict=True):
        assert after == before or (0xD800 <= ord(before) <= 0xDFFF and after == REPLACEMENT)


@FUZZ
@given(anything)
def test_anything_else_is_refused_as_text(item: object) -> None:
    out = coerce("text", item)
    assert (out is None) != isinstance(item, str)


def test_json_surrogate_escapes_become_replacement_characters() -> None:
    assert prepare("text", json.loads('"a\\ud800b\\udfff"')) == f"a{REPLACEMENT}b{REPLACEMENT}"
    raw = b"caf\xe9 \xff".decode("utf-8", errors="surrogateescape")
    assert prepare("text", raw) == f"caf{REPLACEMENT} {REPLACEMENT}"
    assert prepare("text", "\U0001F600 ok") == "\U0001F600 ok"  # astral characters kept


def test_str_subclass_becomes_plain_str() -> None:
    class Tagged(str):
        pass

    out = clean_text(Tagged("x\ud800"))
    assert type(out) is str and out == f"x{REPLACEMENT}"


# -- files: image, document, audio ---------------------------------------------------------------
@FUZZ
@pytest.mark.parametrize("kind", ["image", "document", "audio"])
@given(path=any_path)
def test_any_path_is_a_file_or_invalid_input(kind: str, path: str | Path) -> None:
    out = coerce(kind, path)
    assert out is None or isinstance(out, (Image.Image, PdfPages, Audio))


@FUZZ
@pytest.mark.parametrize("kind", ["image", "document", "audio"])
@given(data=st.binary(max_size=2000))
def test_any_bytes_decode_or_invalid_input(kind: str, data: bytes) -> None:
    out = coerce(kind, data)
    assert out is None or isinstance(out, (Image.Image, PdfPages, Audio))


@FUZZ
@pytest.mark.parametrize("kind", ["image", "document", "audio"])
@given(item=st.one_of(any_array, anything))
def test_any_array_or_value_is_coerced_or_refused(kind: str, item: object) -> None:
    out = coerce(kind, item)
    if isinstance(out, Image.Image):
        assert out.mode == "RGB" and min(out.size) > 0
    elif isinstance(out, Audio):
        samples = out.to_numpy()
        assert samples.dtype == np.float32 and samples.ndim == 1 and np.isfinite(samples).all()
    else:
        assert out is None


@FUZZ
@given(rate=st.one_of(scalars, any_text), n=st.integers(0, 3000))
def test_any_sampling_rate_resamples_or_is_refused(rate: object, n: int) -> None:
    out = coerce("audio", {"array": np.zeros(n, dtype=np.float32), "sampling_rate": rate})
    assert out is None or (isinstance(out, Audio) and out.to_numpy().ndim == 1)


# -- found examples, kept as regular tests -------------------------------------------------------
@pytest.mark.parametrize("kind", ["image", "document", "audio"])
@pytest.mark.parametrize("path", [
    "a" * 5000,                       # ENAMETOOLONG: was a bare OSError
    "/tmp/" + "d/" * 3000 + "x.png",  # a path longer than PATH_MAX
    "a\x00b",                         # an embedded NUL byte
    "\ud800.png",                     # a name the file system cannot encode
    "~no-such-user-here/x.png",       # an unknown home directory
    "/",                              # a folder
])
def test_unusable_paths_are_invalid_input(kind: str, path: str) -> None:
    with pytest.raises(InvalidInputError, match="file"):
        prepare(kind, path)


@pytest.mark.parametrize("kind", ["image", "document", "audio"])
def test_huge_array_is_refused_without_allocating(kind: str) -> None:
    huge = np.broadcast_to(np.uint8(0), (200_000, 200_000, 3))
    with pytest.raises(InvalidInputError):
        prepare(kind, huge if kind != "audio" else huge[:, :, 0])


@pytest.mark.parametrize("rate, n", [
    (1000, 1),       # resamples to zero samples: was a numpy ValueError
    (1e9, 3000),     # an absurd rate: was a ValueError from the resampler
    (1e15, 1),       # was an OverflowError
    (float("nan"), 10),
])
def test_unusable_sampling_rates_are_invalid_input(rate: float, n: int) -> None:
    with pytest.raises(InvalidInputError):
        prepare("audio", {"array": np.zeros(n, dtype=np.float32), "sampling_rate": rate})


def test_ragged_audio_list_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError, match="not an array"):
        prepare("audio", {"array": [[0.0], [0.0, 1.0]], "sampling_rate": 16000})


def test_numpy_sampling_rate_is_a_number() -> None:
    audio = prepare("audio", {"array": np.zeros(8000, np.float32), "sampling_rate": np.int64(8000)})
    assert abs(audio.duration - 1.0) < 0.01
