"""Image inputs: paths, bytes, PIL images and numpy arrays become one RGB ``PIL.Image``.

EXIF orientation is honoured, transparency is flattened onto white, 16-bit and float images are
scaled to 8 bits, and images larger than :data:`MAX_PIXELS` are refused before they are decoded.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskzoo.errors import InvalidInputError
from taskzoo.inputs import refuse_url
from taskzoo.inputs.paths import existing_file

if TYPE_CHECKING:
    from PIL import Image

#: Largest image accepted, in pixels (override with TASKZOO_MAX_PIXELS). 20,000 × 20,000 is refused.
MAX_PIXELS = int(os.environ.get("TASKZOO_MAX_PIXELS", 80_000_000))

EXPECTED = "an image as a file path, pathlib.Path, bytes, PIL.Image or numpy HxWxC uint8 array"


def prepare_image(item: Any) -> Image.Image:
    """Return ``item`` as an RGB PIL image, or raise InvalidInputError saying what went wrong."""
    from PIL import Image

    if isinstance(item, Image.Image):
        return _to_rgb(_checked(item, "the PIL image"))
    if isinstance(item, (str, Path)):
        refuse_url(item)
        path = existing_file(item, "image", EXPECTED)
        return _open(path, name=str(path))
    if isinstance(item, (bytes, bytearray, memoryview)):
        if len(item) == 0:
            raise InvalidInputError("the image bytes are empty")
        return _open(io.BytesIO(bytes(item)), name="the image bytes")
    if type(item).__module__ == "numpy" and hasattr(item, "shape"):
        return from_array(item)
    raise InvalidInputError(f"expected {EXPECTED}, got {type(item).__name__}")


def _open(source: Any, name: str) -> Image.Image:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(source) as img:
            _checked(img, name)
            img.load()
            return _to_rgb(ImageOps.exif_transpose(img) or img)
    except UnidentifiedImageError as exc:
        raise InvalidInputError(
            f"{name} is not a readable image (unknown format or not an image at all)"
        ) from exc
    except Image.DecompressionBombError as exc:
        raise InvalidInputError(f"{name} is too large to decode safely: {exc}") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InvalidInputError(f"{name} is corrupt or truncated: {exc}") from exc


def _checked(img: Image.Image, name: str) -> Image.Image:
    width, height = img.size
    if width == 0 or height == 0:
        raise InvalidInputError(f"{name} has zero size ({width}×{height})")
    if width * height > MAX_PIXELS:
        raise InvalidInputError(
            f"{name} is {width}×{height} ({width * height / 1e6:.0f} MP), over the "
            f"{MAX_PIXELS / 1e6:.0f} MP limit: downscale it first (or raise TASKZOO_MAX_PIXELS)"
        )
    return img


def _to_rgb(img: Image.Image) -> Image.Image:
    from PIL import Image

    if img.mode == "RGB":
        return img
    if img.mode in {"I;16", "I;16B", "I;16L", "I", "F"}:
        return from_array(_pil_array(img))
    if img.mode in {"RGBA", "LA", "PA"} or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return img.convert("RGB")


def _pil_array(img: Image.Image) -> Any:
    import numpy as np

    return np.asarray(img)


def from_array(array: Any) -> Image.Image:
    """A numpy image (HxW, HxWx1, HxWx3 or HxWx4; uint8, uint16, bool or float in [0, 1]) as RGB."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(array)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise InvalidInputError(
            f"expected an image array of shape HxW, HxWx3 or HxWx4, got shape {arr.shape}"
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InvalidInputError(f"the image array has zero size (shape {arr.shape})")
    if arr.shape[0] * arr.shape[1] > MAX_PIXELS:
        raise InvalidInputError(
            f"the image array is {arr.shape[1]}×{arr.shape[0]}, over the "
            f"{MAX_PIXELS / 1e6:.0f} MP limit: downscale it first"
        )
    arr = _to_uint8(arr)
    if arr.ndim == 2:
        return Image.fromarray(arr, "L").convert("RGB")
    return _to_rgb(Image.fromarray(arr, "RGBA" if arr.shape[2] == 4 else "RGB"))


def _to_uint8(arr: Any) -> Any:
    import numpy as np

    if arr.dtype == np.uint8:
        return np.ascontiguousarray(arr)
    if arr.dtype == bool:
        return arr.astype(np.uint8) * 255
    if np.issubdtype(arr.dtype, np.floating):
        if not np.isfinite(arr).all():
            raise InvalidInputError("the image array contains NaN or infinite values")
        scale = 255.0 if arr.max(initial=0) <= 1.0 else 1.0
        return np.clip(arr * scale, 0, 255).round().astype(np.uint8)
    if np.issubdtype(arr.dtype, np.integer):
        top = 65535 if arr.max(initial=0) > 255 else 255
        return (np.clip(arr, 0, top).astype(np.float64) * (255 / top)).round().astype(np.uint8)
    raise InvalidInputError(f"unsupported image array dtype {arr.dtype}; use uint8")
