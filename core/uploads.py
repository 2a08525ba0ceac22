"""Checks for files people send us: what a file *is* comes from its content, never its name.

A `.txt` renamed `.mp3` is refused. Files are stored with the default (private) storage under
MEDIA_ROOT, which is never served directly: only views that ask `can(...)` hand them out.
"""

import filetype
from django.core.exceptions import ValidationError

MAX_RECORDING_BYTES = 20 * 1024 * 1024  # 20 MB: a few minutes of phone audio or short video

# What phones and laptops record. Keyed by the MIME type `filetype` finds in the content.
RECORDING_TYPES = {
    "audio/mpeg": "MP3 audio",
    "audio/mp4": "M4A audio",
    "audio/aac": "AAC audio",
    "audio/ogg": "OGG audio",
    "audio/x-wav": "WAV audio",
    "audio/amr": "AMR audio",
    "audio/x-flac": "FLAC audio",
    "video/mp4": "MP4 video",
    "video/webm": "WebM video",
    "video/quicktime": "MOV video",
    "video/3gpp": "3GP video",
    "video/x-m4v": "M4V video",
}
RECORDING_ACCEPT = "audio/*,video/*"
RECORDING_KINDS_IN_WORDS = "MP3, M4A, OGG, WAV, MP4, MOV or WebM"


def sniff(uploaded):
    """The MIME type read from the first bytes of an uploaded file, or ''."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def check_file(uploaded, *, types, max_bytes, empty, too_big, wrong_type):
    """The one size and type policy for every upload: refuse an empty file, one over
    `max_bytes` (the message `too_big` may use {megabytes}, the file's size), and one whose content
    is not one of `types` (MIME types read from the content). Returns the real MIME type."""
    if uploaded.size == 0:
        raise ValidationError(empty, code="empty")
    if uploaded.size > max_bytes:
        raise ValidationError(
            too_big.format(megabytes=f"{uploaded.size / (1024 * 1024):.0f}"),
            code="too_big",
        )
    mime = sniff(uploaded)
    if mime not in types:
        raise ValidationError(wrong_type, code="wrong_type")
    return mime


def check_recording(uploaded):
    """Return the file's real MIME type if it is a recording we accept; else ValidationError."""
    return check_file(
        uploaded,
        types=RECORDING_TYPES,
        max_bytes=MAX_RECORDING_BYTES,
        empty="The file is empty. Choose a sound or video file.",
        too_big="The file is too big ({megabytes} MB). It must be 20 MB or less. "
        "Try a shorter recording.",
        wrong_type=f"This file is not a sound or video file we can use. Send an "
        f"{RECORDING_KINDS_IN_WORDS} file.",
    )
