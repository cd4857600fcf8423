"""check_upload: real PDF, Office and image files are accepted under a safe name; empty, too
large, forbidden, disguised, macro-enabled and broken files are refused with a clear message."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from PIL import Image

from larlabb.outcomes.files import KINDS, MAX_BYTES, CheckedFile, UploadRefused, check_upload

ONLY_ALLOWED = (
    "Only PDF, Word, Excel, PowerPoint and image files (PNG, JPEG, GIF, WebP) can be submitted."
)
DAMAGED = "The file cannot be opened; it may be damaged or incomplete."
MACROS = (
    "Office files with macros cannot be submitted. "
    "Save the file without macros (as .docx, .xlsx or .pptx) and try again."
)
LEGACY = (
    "The file is in an old Office format (.doc, .xls or .ppt). "
    "Save it as .docx, .xlsx or .pptx and try again."
)
TOO_MANY_PIXELS = "The image has too many pixels. Make it smaller and try again."


def not_a(label: str) -> str:
    return f"The file's content is not what its name says (it is not {label})."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# Real files, built the way their programs write them.

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)

RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{target}" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)


def content_types(part: str, content_type: str, *, vba: bool = False) -> str:
    default_bin = (
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        if vba
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{default_bin}"
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )


def zip_of(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Hej</w:t></w:r></w:p></w:body></w:document>"
)


def docx(*, main: str = WORD_MAIN, vba: bool = False) -> bytes:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": content_types("word/document.xml", main, vba=vba),
        "_rels/.rels": RELS.format(target="word/document.xml"),
        "word/document.xml": DOCUMENT_XML,
    }
    if vba:
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a VBA project"
    return zip_of(parts)


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Hej"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pptx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return zip_of(
        {
            "[Content_Types].xml": content_types("ppt/presentation.xml", main),
            "_rels/.rels": RELS.format(target="ppt/presentation.xml"),
            "ppt/presentation.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<p:presentation xmlns:p="http://schemas.openxmlformats.org/'
                'presentationml/2006/main"/>'
            ),
        }
    )


def image(pillow_format: str, size: tuple[int, int] = (8, 8), **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=pillow_format, **options)
    return buffer.getvalue()


def apng() -> bytes:
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (8, 8), color) for color in ("red", "blue")]
    frames[0].save(buffer, format="PNG", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def legacy_doc() -> bytes:
    """The start of a Word 97-2003 file: the OLE header and Word's FIB magic at 512."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\0")
    return (header + b"\xec\xa5\xc1\x00").ljust(4096, b"\0")


def corrupt(data: bytes) -> bytes:
    """``data`` with one byte in the middle flipped (a PNG's chunk checksum then fails)."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def check(name: str, data: bytes, **options) -> CheckedFile:
    return check_upload(name, io.BytesIO(data), **options)


def refusal(name: str, data: bytes, **options) -> str:
    with pytest.raises(UploadRefused) as refused:
        check(name, data, **options)
    return refused.value.message


FILES = {
    "pdf": PDF,
    "docx": docx(),
    "xlsx": xlsx(),
    "pptx": pptx(),
    "png": image("PNG"),
    "jpg": image("JPEG"),
    "gif": image("GIF"),
    "webp": image("WEBP"),
}


# Accepted


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("extension", ["lower", "upper", "none"])
def test_each_allowed_kind_is_accepted_by_its_content(kind, extension):
    name = {"lower": f"inlämning.{kind}", "upper": f"inlämning.{kind.upper()}"}.get(
        extension, "inlämning"
    )

    checked = check(name, FILES[kind])

    assert checked == CheckedFile(
        kind=kind, mime=KINDS[kind], size=len(FILES[kind]), name=f"inlämning.{kind}"
    )


@pytest.mark.parametrize("name", ["foto.jpeg", "foto.JPEG", "foto.JPG", "foto.jpe"])
def test_a_jpeg_may_be_named_jpeg_or_jpg_and_is_named_jpg(name):
    checked = check(name, FILES["jpg"])

    assert (checked.kind, checked.name) == ("jpg", "foto.jpg")


def test_an_animated_png_is_a_png():
    checked = check("animation.png", apng())

    assert (checked.kind, checked.mime) == ("png", "image/png")


def test_a_word_document_is_recognised_even_when_its_parts_come_in_an_unusual_order():
    data = zip_of(
        {
            "docProps/app.xml": "<Properties/>",
            "docProps/core.xml": "<coreProperties/>",
            "customXml/item1.xml": "<x/>",
            "customXml/item2.xml": "<x/>",
            "customXml/item3.xml": "<x/>",
            "[Content_Types].xml": content_types("word/document.xml", WORD_MAIN),
            "_rels/.rels": RELS.format(target="word/document.xml"),
            "word/document.xml": DOCUMENT_XML,
        }
    )

    assert check("rapport.docx", data).kind == "docx"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("rapport.PDF", "rapport.pdf"),
        ("../../etc/rapport.pdf", "rapport.pdf"),
        ("C:\\Users\\eva\\Skrivbord\\Rapport 2.pdf", "Rapport 2.pdf"),
        ("x.exe", "x.pdf"),
        ("rapport.pdf.exe", "rapport.pdf.pdf"),
        ("Protokoll 2024.03.12", "Protokoll 2024.03.12.pdf"),
        ("rap\x00port\r\n\u202e.pdf", "rapport.pdf"),
        ("  luftig   rapport .pdf", "luftig rapport.pdf"),
        ("Ma\u0308rta.pdf", "M\u00e4rta.pdf"),
        (".pdf", "file.pdf"),
        ("", "file.pdf"),
        ("../", "file.pdf"),
    ],
)
def test_the_name_is_a_safe_base_name_with_the_detected_kinds_extension(name, safe):
    assert check(name, PDF).name == safe


def test_a_long_name_is_cut_to_150_characters_keeping_its_extension():
    name = check("å" * 300 + ".pdf", PDF).name

    assert name == "å" * 146 + ".pdf"


def test_the_stream_is_read_from_its_start_and_left_at_its_start():
    stream = io.BytesIO(FILES["png"])
    stream.seek(10)

    checked = check_upload("bild.png", stream)

    assert checked.size == len(FILES["png"])
    assert stream.tell() == 0


def test_the_stream_is_left_at_its_start_also_when_refused():
    stream = io.BytesIO(b"MZ" + b"\0" * 100)

    with pytest.raises(UploadRefused):
        check_upload("rapport.pdf", stream)

    assert stream.tell() == 0


def test_a_django_upload_is_checked_and_can_be_saved_whole_afterwards():
    upload = SimpleUploadedFile("Kalkyl.XLSX", FILES["xlsx"])

    checked = check_upload(upload.name, upload, upload.size)

    assert (checked.kind, checked.name, checked.size) == ("xlsx", "Kalkyl.xlsx", upload.size)
    assert upload.read() == FILES["xlsx"]


def test_a_file_of_exactly_the_limit_is_accepted():
    data = PDF.ljust(2048, b"\n")

    assert check("rapport.pdf", data, max_bytes=2048).size == 2048


# Refused: empty or too large


def test_an_empty_file_is_refused():
    assert refusal("rapport.pdf", b"") == "The file is empty."


def test_a_file_over_the_limit_is_refused_naming_the_limit():
    assert refusal("rapport.pdf", PDF.ljust(2049, b"\n"), max_bytes=2048) == (
        "The file is larger than 2 kB."
    )


def test_the_default_limit_is_20_mb():
    assert MAX_BYTES == 20 * 1024 * 1024
    assert refusal("rapport.pdf", PDF.ljust(MAX_BYTES + 1, b"\n")) == (
        "The file is larger than 20 MB."
    )


class Unreadable(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("a file known to be too large is not read")


def test_a_size_over_the_limit_is_refused_without_reading_the_file():
    with pytest.raises(UploadRefused, match="larger than 20 MB"):
        check_upload("rapport.pdf", Unreadable(), MAX_BYTES + 1)


def test_a_too_small_size_is_not_believed():
    with pytest.raises(UploadRefused, match="larger than 2 kB"):
        check_upload("rapport.pdf", io.BytesIO(PDF.ljust(4096, b"\n")), 10, max_bytes=2048)


def test_the_limit_is_written_in_the_persons_language():
    with translation.override("sv"), pytest.raises(UploadRefused, match="2,5"):
        check("rapport.pdf", b"", size=5 * 512 * 1024 + 1, max_bytes=5 * 512 * 1024)


# Refused: forbidden, disguised, macro-enabled or broken

ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 100
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("rapport.pdf", b"MZ\x90\0" + b"\0" * 200, not_a("a PDF")),
        ("rapport.docx", ELF, not_a("a Word document")),
        ("kalkyl.xlsx", ELF, not_a("an Excel workbook")),
        ("rapport.pdf", b"#!/bin/sh\nrm -rf /\n", not_a("a PDF")),
        ("bild.png", HTML, not_a("a PNG image")),
        ("bild.png", SVG, not_a("a PNG image")),
        ("rapport.docx", zip_of({"readme.txt": "hej"}), not_a("a Word document")),
        (
            "rapport.docx",
            zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": DOCUMENT_XML}),
            not_a("a Word document"),
        ),
        ("rapport.pdf", FILES["png"], not_a("a PDF")),
        ("bild.png", FILES["jpg"], not_a("a PNG image")),
        ("rapport.docx", FILES["xlsx"], not_a("a Word document")),
        ("bilder.pptx", FILES["docx"], not_a("a PowerPoint presentation")),
        ("bild.webp", FILES["gif"], not_a("a WebP image")),
        ("rapport.pdf", b"\xef\xbb\xbf%PDF-1.4\n", not_a("a PDF")),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(name, data, message):
    assert refusal(name, data) == message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("program.exe", b"MZ\x90\0" + b"\0" * 200),
        ("program", ELF),
        ("anteckningar.txt", "Några anteckningar.\n".encode()),
        ("sida.html", HTML),
        ("bild.svg", SVG),
        ("arkiv.zip", zip_of({"readme.txt": "hej"})),
        ("bild.bmp", image("BMP")),
        ("bild.tiff", image("TIFF")),
    ],
)
def test_a_file_of_a_type_not_allowed_is_refused(name, data):
    assert refusal(name, data) == ONLY_ALLOWED


@pytest.mark.parametrize("name", ["gammal.doc", "gammal.docx", "gammal"])
def test_a_legacy_word_file_is_refused_with_a_hint_to_save_it_anew(name):
    assert refusal(name, legacy_doc()) == LEGACY


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(docx(main=WORD_MACRO_MAIN, vba=True), id="docm"),
        pytest.param(docx(main=WORD_MACRO_MAIN), id="macro-enabled content type"),
        pytest.param(docx(vba=True), id="vbaProject.bin"),
    ],
)
@pytest.mark.parametrize("name", ["rapport.docx", "rapport.docm"])
def test_an_office_file_with_macros_is_refused(name, data):
    assert refusal(name, data) == MACROS


@pytest.mark.parametrize(
    ("name", "main"),
    [
        ("kalkyl.xlsx", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
        (
            "bilder.pptx",
            "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        ),
    ],
)
def test_a_macro_enabled_workbook_or_presentation_is_refused(name, main):
    part = "xl/workbook.xml" if name.endswith("xlsx") else "ppt/presentation.xml"
    data = zip_of(
        {
            "[Content_Types].xml": content_types(part, main),
            "_rels/.rels": RELS.format(target=part),
            part: "<root/>",
        }
    )

    assert refusal(name, data) == MACROS


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bild.png", FILES["png"][: len(FILES["png"]) // 2]),
        ("bild.png", corrupt(image("PNG", (64, 64)))),
        ("bild.png", FILES["png"][:20]),
        ("bild.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 50),
        ("bild.gif", b"GIF89a\x01"),
        ("bild.webp", FILES["webp"][:20]),
        ("rapport.docx", FILES["docx"][: len(FILES["docx"]) // 2]),
    ],
)
def test_a_truncated_or_corrupt_file_is_refused(name, data):
    assert refusal(name, data) == DAMAGED


@pytest.mark.parametrize("size", [(12, 10), (40, 40)])  # over the limit, over twice the limit
def test_an_image_with_too_many_pixels_is_refused(monkeypatch, size):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)

    assert refusal("bild.png", image("PNG", size)) == TOO_MANY_PIXELS
