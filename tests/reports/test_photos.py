"""Photos: type checked from the content, size-limited, re-encoded without location or camera
details, stored privately and only shown to people allowed to see the report."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reports.photos import MAX_PHOTO_BYTES, clean_photo

from .factories import jpeg_bytes, upload


def test_the_test_photo_really_has_gps_and_camera_details():
    exif = Image.open(io.BytesIO(jpeg_bytes())).getexif()
    assert exif.get(0x010F) == "SpyCam Ltd"
    assert exif.get_ifd(0x8825)  # GPS


def test_gps_and_camera_details_are_removed():
    cleaned, width, height = clean_photo(upload())
    data = cleaned.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert (width, height) == (64, 48)
    exif = image.getexif()
    assert len(exif) == 0
    assert not exif.get_ifd(0x8825)
    assert b"SpyCam" not in data and b"Exif" not in data


def test_png_with_transparency_becomes_a_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    cleaned, *_ = clean_photo(upload(out.getvalue(), "x.png", "image/png"))
    assert Image.open(io.BytesIO(cleaned.read())).format == "JPEG"


def _photo_with_camera_details(format_name):
    """A photo in `format_name` (as an iPhone saves HEIC) carrying GPS and camera EXIF."""
    exif = Image.open(io.BytesIO(jpeg_bytes())).getexif()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(out, format=format_name, exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize(
    "format_name,name,content_type",
    [("HEIF", "IMG_0042.HEIC", "image/heic"), ("AVIF", "photo.avif", "image/avif")],
)
def test_iphone_heic_and_avif_photos_become_plain_jpegs(format_name, name, content_type):
    data = _photo_with_camera_details(format_name)
    assert b"SpyCam" in data  # the test photo really carries the camera details
    cleaned, width, height = clean_photo(upload(data, name, content_type))
    out = cleaned.read()
    image = Image.open(io.BytesIO(out))
    assert image.format == "JPEG" and (width, height) == (64, 48)
    assert len(image.getexif()) == 0
    assert b"SpyCam" not in out and b"Exif" not in out


def test_a_big_photo_is_made_smaller():
    _cleaned, width, height = clean_photo(upload(jpeg_bytes(gps=False, size=(4000, 3000))))
    assert max(width, height) == 1600


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "empty.jpg", "empty"),
        (b"just some text pretending to be a photo", "notes.jpg", "not a photo"),
        (b"%PDF-1.7\n" + b"x" * 100, "scan.jpg", "not a photo"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "broken.jpg", "could not open"),
    ],
)
def test_files_that_are_not_usable_photos_are_refused(data, name, message):
    with pytest.raises(ValidationError, match=message):
        clean_photo(SimpleUploadedFile(name, data, "image/jpeg"))


def test_a_photo_over_the_size_limit_is_refused():
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (MAX_PHOTO_BYTES + 1))
    with pytest.raises(ValidationError, match="too big"):
        clean_photo(big)
