"""Checks for files people send us: what a file *is* comes from its content, never its name.

A `.txt` renamed `.mp3` is refused. Files are stored with the default (private) storage under
MEDIA_ROOT, which is never served directly: only views that ask `can(...)` hand them out.
"""

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

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


# MPEG audio frames (MP3 and MP2), read from their headers: every version (MPEG-1, MPEG-2 and
# MPEG-2.5, which phones and voice recorders use for 8 kHz speech) and layers II and III.
_MPEG_VERSIONS = {0b11: 1, 0b10: 2, 0b00: 25}  # 0b01 is reserved
_MPEG_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 25: (11025, 12000, 8000)}
_MPEG_BITRATES = {  # kbit/s by bitrate index 1–14, for (version 1 or not, layer)
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}


def _mpeg_frame_length(head, at):
    """The length of the MPEG audio frame whose header starts at `at`, or 0 if none does."""
    if at + 4 > len(head) or head[at] != 0xFF or head[at + 1] & 0xE0 != 0xE0:
        return 0
    version = _MPEG_VERSIONS.get((head[at + 1] >> 3) & 0b11)
    layer = {0b01: 3, 0b10: 2}.get((head[at + 1] >> 1) & 0b11)
    bitrate_index = head[at + 2] >> 4
    rate_index = (head[at + 2] >> 2) & 0b11
    if version is None or layer is None or not 1 <= bitrate_index <= 14 or rate_index == 3:
        return 0
    bitrate = _MPEG_BITRATES[(version == 1, layer)][bitrate_index - 1] * 1000
    rate = _MPEG_RATES[version][rate_index]
    padding = (head[at + 2] >> 1) & 1
    per_frame = 144 if layer == 2 or version == 1 else 72
    return per_frame * bitrate // rate + padding


def _is_mpeg_audio(head):
    """True when the bytes start with MPEG audio frames: a valid header, and the next frame's
    header exactly where the first frame ends (when there are enough bytes to see it)."""
    length = _mpeg_frame_length(head, 0)
    if not length:
        return False
    if length + 4 > len(head):
        return True
    return bool(_mpeg_frame_length(head, length))


def sniff(uploaded):
    """The MIME type read from the first bytes of an uploaded file, or ''."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    if _is_mpeg_audio(head):
        return "audio/mpeg"
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def check_file(uploaded, *, types, max_bytes, empty, too_big, wrong_type):
    """The one size and type policy for every upload: refuse an empty file, one over
    `max_bytes` (the message `too_big` may use %(megabytes)s, or {megabytes}, for the file's
    size), and one whose content is not one of `types` (MIME types read from the content).
    Returns the real MIME type."""
    if uploaded.size == 0:
        raise ValidationError(empty, code="empty")
    if uploaded.size > max_bytes:
        size, text = f"{uploaded.size / (1024 * 1024):.0f}", str(too_big)
        raise ValidationError(
            text % {"megabytes": size} if "%(megabytes)" in text else text.format(megabytes=size),
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
        empty=gettext("The file is empty. Choose a sound or video file."),
        too_big=gettext(
            "The file is too big (%(megabytes)s MB). It must be 20 MB or less. "
            "Try a shorter recording."
        ),
        wrong_type=gettext(
            "This file is not a sound or video file we can use. Send an %(kinds)s file."
        )
        % {"kinds": RECORDING_KINDS_IN_WORDS},
    )
