"""Photo uploads keep a worker's memory bounded (issue 15, finding 5).

One 7000 x 7000 PNG of under 200 KB took a worker from 333 MB to 930 MB. Now an image's size is
checked from its header before any pixel is decoded (a JPEG is decoded at reduced size), and
shrinking happens before turning and converting. Each case is measured in a fresh process:
its peak memory (`ru_maxrss`) while `clean_photo` handles the file, less its memory at rest.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
MAX_EXTRA_MB = 200

MEASURE = """
import os, resource, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from reports.photos import clean_photo

data = open(sys.argv[1], "rb").read()
upload = SimpleUploadedFile("photo", data)
at_rest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    clean_photo(upload)
    outcome = "kept"
except ValidationError as refused:
    outcome = refused.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(outcome, (peak - at_rest) // 1024)
"""


def _extra_memory(path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603 (our own fixed script, run by this Python)
        [sys.executable, "-W", "ignore", "-c", MEASURE, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome, megabytes = result.stdout.split()[-2:]
    return outcome, int(megabytes)


@pytest.mark.parametrize(
    "name, mode, size, fmt, expected",
    [
        ("the review's 7000 x 7000 PNG", "RGB", (7000, 7000), "PNG", "too_many_pixels"),
        ("the biggest opaque PNG kept", "RGB", (5000, 5000), "PNG", "kept"),
        ("a big transparent PNG", "RGBA", (3500, 3500), "PNG", "kept"),
        ("a transparent PNG too big", "RGBA", (5000, 5000), "PNG", "too_many_pixels"),
        ("a 48-megapixel phone JPEG", "RGB", (8000, 6000), "JPEG", "kept"),
    ],
)
def test_a_photo_takes_less_than_200_mb_more_than_at_rest(
    tmp_path, name, mode, size, fmt, expected
):
    path = tmp_path / f"photo.{fmt.lower()}"
    image = Image.new(mode, size, (20, 120, 40, 200)[: len(mode)])
    image.save(path, format=fmt)
    del image
    outcome, extra = _extra_memory(path)
    assert outcome == expected, name
    assert extra < MAX_EXTRA_MB, f"{name}: {extra} MB more than at rest"
