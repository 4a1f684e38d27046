"""Photos are re-encoded on arrival: what is stored carries no EXIF (no GPS position, no phone
model, no date), only the pixels, turned upright and bounded in size."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_SIDE = 2000
MAX_PHOTOS = 5


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    width: int
    height: int


def clean_photo(data: bytes) -> CleanPhoto:
    """The photo as a JPEG without metadata; ValidationError for what is not a photo."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("A photo may weigh 15 MB at most."))
    try:
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            upright = ImageOps.exif_transpose(source) or source
            # Only the pixels go on: a new image has no info, EXIF, XMP nor ICC profile.
            pixels = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not a photo we can read (JPEG, PNG, WebP…).")
        ) from exc
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return CleanPhoto(content=out.getvalue(), width=clean.width, height=clean.height)
