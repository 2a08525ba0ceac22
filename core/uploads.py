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


def check_recording(uploaded):
    """Return the file's real MIME type if it is a recording we accept; else ValidationError."""
    if uploaded.size == 0:
        raise ValidationError("The file is empty. Choose a sound or video file.", code="empty")
    if uploaded.size > MAX_RECORDING_BYTES:
        megabytes = uploaded.size / (1024 * 1024)
        raise ValidationError(
            f"The file is too big ({megabytes:.0f} MB). It must be 20 MB or less. "
            "Try a shorter recording.",
            code="too_big",
        )
    mime = sniff(uploaded)
    if mime not in RECORDING_TYPES:
        raise ValidationError(
            f"This file is not a sound or video file we can use. Send an "
            f"{RECORDING_KINDS_IN_WORDS} file.",
            code="wrong_type",
        )
    return mime
