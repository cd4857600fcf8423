"""What a submitted file may be, decided from its content, never from its name.

Allowed are PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) and PNG, JPEG, GIF and WebP
images. ``filetype`` names the content from its first bytes; Office files are then opened as zip
archives (a main part of the right kind, no macros) and images are opened with Pillow (the file
verifies, and has no more pixels than ``Image.MAX_IMAGE_PIXELS``). A file whose content is not
what its name says is refused, so that an executable renamed ``.pdf`` never gets through.
"""

import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from larlabb.core.errors import Refused

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB

KINDS: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}

# What the file is called in "it is not ...", with its article.
_LABELS = {
    "pdf": gettext_lazy("a PDF"),
    "docx": gettext_lazy("a Word document"),
    "xlsx": gettext_lazy("an Excel workbook"),
    "pptx": gettext_lazy("a PowerPoint presentation"),
    "png": gettext_lazy("a PNG image"),
    "jpg": gettext_lazy("a JPEG image"),
    "gif": gettext_lazy("a GIF image"),
    "webp": gettext_lazy("a WebP image"),
}

# A name's extension (lower case) -> the kind it claims.
_EXTENSIONS = {kind: kind for kind in KINDS} | {"jpeg": "jpg", "jpe": "jpg"}

# filetype's MIME type -> kind. An animated PNG is still a PNG.
_DETECTED = {mime: kind for kind, mime in KINDS.items()} | {"image/apng": "png"}

# Legacy (pre-2007) Office formats as filetype names them: refused with a hint to save anew.
_LEGACY_OFFICE = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}

# kind -> (main part, content type the main part must be declared with).
_OFFICE_PARTS = {
    "docx": (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
_CONTENT_TYPES = "[Content_Types].xml"
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# Lower-cased markers of macros: the macro-enabled main content types
# (application/vnd.ms-word.document.macroEnabled.main+xml, ...) and the VBA project.
_MACRO_MARKERS = (b"macroenabled", b"vbaproject")

_PILLOW_FORMATS = {"png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WEBP"}

_HEAD_BYTES = 8192  # as much as filetype looks at
_CHUNK_BYTES = 64 * 1024
_MAX_NAME = 150
_EXTENSION = re.compile(r"[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*")
_MAX_EXTENSION = 8


class UploadRefused(Refused):
    """A refused file, with a message for the person in their language."""


@dataclass(frozen=True)
class CheckedFile:
    """An accepted file: its kind (a key of ``KINDS``), MIME type, size in bytes and a safe
    display name ending in the kind's extension."""

    kind: str
    mime: str
    size: int
    name: str


def check_upload(
    name: str, stream: IO[bytes], size: int | None = None, *, max_bytes: int = MAX_BYTES
) -> CheckedFile:
    """Check the file ``stream`` uploaded under ``name`` and return what it is, or raise
    UploadRefused. The stream is read from its start, at most ``max_bytes`` + 1 bytes when
    counting, and left at position 0. ``size``, when known, refuses a too large file unread."""
    try:
        if size is not None and size > max_bytes:
            raise UploadRefused(_too_large(max_bytes))
        actual_size, head = _measure(stream, max_bytes)
        if actual_size == 0:
            raise UploadRefused(_("The file is empty."))
        if actual_size > max_bytes:
            raise UploadRefused(_too_large(max_bytes))
        base, claimed = _split_name(name)
        kind = _detect(stream, head, claimed)
        if claimed is not None and claimed != kind:
            raise UploadRefused(_not_what_name_says(claimed))
        if kind in _PILLOW_FORMATS:
            _verify_image(stream, kind)
        return CheckedFile(
            kind=kind, mime=KINDS[kind], size=actual_size, name=_display_name(base, kind)
        )
    finally:
        stream.seek(0)


def _measure(stream: IO[bytes], max_bytes: int) -> tuple[int, bytes]:
    """The stream's size, counted up to ``max_bytes`` + 1, and its first bytes."""
    stream.seek(0)
    head = b""
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(_CHUNK_BYTES, max_bytes + 1 - total))
        if not chunk:
            break
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        total += len(chunk)
    return total, head


def _detect(stream: IO[bytes], head: bytes, claimed: str | None) -> str:
    """The allowed kind of the content, or UploadRefused naming what is wrong."""
    detected = filetype.guess(head)
    mime = detected.mime if detected is not None else None
    kind = _DETECTED.get(mime) if mime is not None else None
    if kind == "pdf" and not head.startswith(b"%PDF-"):
        kind = None
    if kind in _OFFICE_PARTS or mime == "application/zip":
        # filetype only peeked at the first entries: the archive itself decides. A zip that
        # does not open is damaged if it looked like, or is named as, an Office document.
        unreadable_is_damaged = kind is not None or claimed in _OFFICE_PARTS
        kind = _office_kind(stream, damaged_if_unreadable=unreadable_is_damaged)
    if kind is not None:
        return kind
    if mime in _LEGACY_OFFICE:
        raise UploadRefused(
            _(
                "The file is in an old Office format (.doc, .xls or .ppt). "
                "Save it as .docx, .xlsx or .pptx and try again."
            )
        )
    if claimed is not None:
        raise UploadRefused(_not_what_name_says(claimed))
    raise UploadRefused(
        _(
            "Only PDF, Word, Excel, PowerPoint and image files (PNG, JPEG, GIF, WebP) "
            "can be submitted."
        )
    )


def _office_kind(stream: IO[bytes], *, damaged_if_unreadable: bool) -> str | None:
    """The kind of the Office document in the zip ``stream``; None for a zip that is not one
    (or, unless ``damaged_if_unreadable``, not a readable zip). Macros are refused."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            info = archive.getinfo(_CONTENT_TYPES) if _CONTENT_TYPES in names else None
            if info is not None and info.file_size <= _MAX_CONTENT_TYPES_BYTES:
                content_types = archive.read(info).lower()
            else:
                content_types = None
    except Exception:  # a hostile archive may fail in any way: it is simply not readable
        if damaged_if_unreadable:
            raise UploadRefused(_damaged()) from None
        return None
    lower_names = {name.lower() for name in names}
    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in lower_names) or (
        content_types is not None and any(m in content_types for m in _MACRO_MARKERS)
    ):
        raise UploadRefused(
            _(
                "Office files with macros cannot be submitted. "
                "Save the file without macros (as .docx, .xlsx or .pptx) and try again."
            )
        )
    if content_types is None:
        return None
    for kind, (part, content_type) in _OFFICE_PARTS.items():
        if part in names and content_type in content_types:
            return kind
    return None


def _verify_image(stream: IO[bytes], kind: str) -> None:
    """Refuse an image Pillow cannot open and verify, or one with too many pixels."""
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream, formats=[_PILLOW_FORMATS[kind]]) as image:
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(
            _("The image has too many pixels. Make it smaller and try again.")
        ) from None
    except Exception:  # a broken image may fail in any way
        raise UploadRefused(_damaged()) from None


def _split_name(name: str) -> tuple[str, str | None]:
    """The cleaned base name without its extension, and the kind the extension claims (None
    when it has none, or one that is not ours: it is replaced by the detected kind's)."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if unicodedata.category(char)[0] != "C")
    base = " ".join(base.split())
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension) > _MAX_EXTENSION or not _EXTENSION.fullmatch(extension):
        return base, None
    return stem, _EXTENSIONS.get(extension.lower())


def _display_name(base: str, kind: str) -> str:
    suffix = "." + kind
    stem = base.strip(" .")[: _MAX_NAME - len(suffix)].rstrip(" .")
    return (stem or _("file")) + suffix


def _not_what_name_says(claimed: str) -> str:
    return _("The file's content is not what its name says (it is not %(expected)s).") % {
        "expected": _LABELS[claimed]
    }


def _damaged() -> str:
    return _("The file cannot be opened; it may be damaged or incomplete.")


def _too_large(max_bytes: int) -> str:
    if max_bytes >= 1024 * 1024:
        return _("The file is larger than %(limit)s MB.") % {"limit": _number(max_bytes, 2)}
    return _("The file is larger than %(limit)s kB.") % {"limit": _number(max_bytes, 1)}


def _number(max_bytes: int, power: int) -> str:
    """``max_bytes`` in kibibytes (power 1) or mebibytes (2), localised, one decimal at most."""
    value = max_bytes / 1024**power
    return number_format(value, decimal_pos=0 if value.is_integer() else 1)
