"""Photos sent with reports: checked, cleaned and kept private.

- What a file *is* comes from its content (`filetype`, then Pillow opening it), never its name.
- iPhones save photos as HEIC: `pillow-heif` lets Pillow open them (and AVIF), so a group can
  send the photo straight from their phone.
- Size-limited (bytes and pixels), so a huge or booby-trapped image is refused.
- Re-encoded with Pillow as a fresh JPEG: turned the right way up first, then saved without any
  metadata, so the location (GPS), camera make and model and any other EXIF are gone.
- Stored with the default (private) storage under MEDIA_ROOT, which is never served directly:
  `reports.views.group.report_photo` hands a photo only to people allowed to see the report.
"""

import io

import pillow_heif
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.uploads import check_file

pillow_heif.register_heif_opener()

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # 10 MB: a full-size phone photo fits
# Checked from the file's header, before any pixel is decoded, so a worker's memory stays
# bounded (under 200 MB more than at rest; tests/hardening/test_uploads.py measures it). Pillow
# keeps 4 bytes a pixel, so 25 million pixels decode to 100 MB: a 24-megapixel phone photo fits.
# A JPEG is decoded at reduced size (`draft`), so bigger phone JPEGs fit too. An image with
# transparency or a palette costs about twice as much to shrink, so half as many pixels.
MAX_PHOTO_PIXELS = 25_000_000
COSTLY_MODES = {"1", "P", "PA", "LA", "La", "RGBA", "RGBa"}
LONGEST_SIDE = 1600  # big enough for a board report, small enough to store
MAX_PHOTOS_PER_REPORT = 5
PHOTO_TYPES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIF",
    "image/heif": "HEIF",
    "image/avif": "AVIF",
    "image/webp": "WebP",
    "image/gif": "GIF",
}
PHOTO_ACCEPT = "image/jpeg,image/png,image/heic,image/heif,image/avif,image/webp,image/gif"
PHOTO_KINDS_IN_WORDS = _("JPEG, PNG, HEIC (iPhone), WebP or GIF")


def check_photo(uploaded):
    """Return the photo's real MIME type if we accept it; else raise ValidationError."""
    return check_file(
        uploaded,
        types=PHOTO_TYPES,
        max_bytes=MAX_PHOTO_BYTES,
        empty=gettext("The file is empty. Choose a photo."),
        # Translators: keep {megabytes} as it is: the file's size goes there.
        too_big=gettext("The photo is too big ({megabytes} MB). It must be 10 MB or less."),
        wrong_type=gettext("This file is not a photo we can use. Send a %(kinds)s photo.")
        % {"kinds": PHOTO_KINDS_IN_WORDS},
    )


EXIF_ORIENTATION = 0x0112


def _refuse_too_many_pixels(image):
    width, height = image.size
    limit = MAX_PHOTO_PIXELS // 2 if image.mode in COSTLY_MODES else MAX_PHOTO_PIXELS
    if width * height > limit:
        raise ValidationError(
            gettext("This photo has too many pixels. Send a smaller copy."), code="too_many_pixels"
        )


def clean_photo(uploaded) -> tuple[ContentFile, int, int]:
    """Check and re-encode an uploaded photo. Returns (JPEG file, width, height) with no
    metadata at all. Raises ValidationError with a plain message if it cannot be used."""
    check_photo(uploaded)
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as probe:  # reads the header only: no pixels yet
            if probe.format != "JPEG":  # a JPEG is checked at the size it will be decoded
                _refuse_too_many_pixels(probe)
            probe.verify()
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            if image.format == "JPEG":
                # Decode at a reduced scale (1/2, 1/4, 1/8) that still covers what we keep.
                image.draft("RGB", (LONGEST_SIDE, LONGEST_SIDE))
            _refuse_too_many_pixels(image)
            if image.mode in ("1", "P"):
                image = image.convert("RGBA")  # so shrinking blends colours
            else:
                image.load()
            # Shrink first (in place), so turning and converting work on the small copy and
            # the full-size pixels are let go at once.
            orientation = image.getexif().get(EXIF_ORIENTATION)
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            if orientation:
                image.getexif()[EXIF_ORIENTATION] = orientation
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            else:
                image = image.convert("RGB")
            # A brand-new image holds only the pixels: no EXIF, no XMP, no ICC, no comments.
            clean = Image.new("RGB", image.size)
            clean.paste(image)
            out = io.BytesIO()
            clean.save(out, format="JPEG", quality=85, optimize=True)
            size = clean.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            gettext("We could not open this photo. Send a %(kinds)s photo.")
            % {"kinds": PHOTO_KINDS_IN_WORDS},
            code="unreadable",
        ) from None
    return ContentFile(out.getvalue(), name="photo.jpg"), size[0], size[1]
