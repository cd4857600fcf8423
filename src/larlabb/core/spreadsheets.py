"""Tables written as CSV or XLSX for download, safe to open in a spreadsheet program.

Much of what is exported was typed by participants (titles, dietary needs), so no cell may
become a formula: XLSX cells are written as text, and a CSV cell that a spreadsheet would read
as a formula gets a leading apostrophe (OWASP's advice against CSV injection), which
``unguard`` takes off again when such a file is imported.

CSV is written as Excel with Swedish settings reads it when the file is opened with a double
click: semicolons between cells (Swedish Excel's list separator), every cell in quotes, UTF-8
with a byte order mark. A program that splits the lines at another character (a comma) may
cut a cell in two, so a formula character right after a comma or semicolon inside a cell is
guarded as well (OWASP: "the field separator … could start a new cell").
"""

import csv
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
# A formula character right after a character at which some program may split the cell.
_SPLIT_FORMULA = re.compile(r"([;,\n])([=+\-@\t\r])")
_GUARDED_SPLIT = re.compile(r"([;,\n])'([=+\-@\t\r])")


def guard(value: object) -> str:
    """The cell's text with an apostrophe before a formula character at its start, and after
    a comma, semicolon or line break that is followed by one (where a split would start a
    new cell)."""
    text = "" if value is None else str(value)
    text = _SPLIT_FORMULA.sub(r"\1'\2", text)
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard(text: str) -> str:
    """A cell as it was before ``guard``."""
    text = _GUARDED_SPLIT.sub(r"\1\2", text)
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def csv_bytes(rows: list[list[str]]) -> bytes:
    """Semicolon-separated, every cell quoted, UTF-8 with a byte order mark: Excel with
    Swedish settings opens it as columns and reads å, ä and ö right. Control characters are
    left out as in XLSX (a NUL stops many CSV readers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_ALL)
    writer.writerows([guard(xlsx_text(value)) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_text(value: object) -> str:
    """The cell's text without the control characters an XLSX file cannot hold (all but tab,
    line feed and carriage return): what was stored is written, whoever typed it."""
    return ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))


def xlsx_bytes(rows: list[list[str]], *, sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append([xlsx_text(value) for value in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"  # text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading an uploaded table -------------------------------------------------------------


class TableError(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


def decode_csv(content: bytes) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file separated by commas or semicolons (as Excel writes it),
    by the names in its first line; a cell that ``guard`` protected is read as it was.

    Blank lines stay in the list as rows of empty values, so that a row's place in the list
    still gives its line number."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _("The file is not in UTF-8. Save it as “CSV UTF-8” and upload it again.")
        ) from error
    # Column names hold neither separator, so the first line tells which one the file uses
    # (a cell may hold semicolons in a comma-separated file).
    first_line = text.partition("\n")[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in next(records, [])]
    return [
        {
            name: unguard(values[index]) if index < len(values) else ""
            for index, name in enumerate(header)
        }
        for values in records
    ]


def decode_xlsx(content: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet of an Excel workbook, blank rows included (see decode_csv)."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise TableError(_("The file is not a readable Excel (XLSX) file.")) from error
    rows = list(workbook.active.iter_rows(values_only=True))
    workbook.close()
    if not rows:
        return []
    header = [str(cell or "").strip() for cell in rows[0]]
    return [
        {
            name: "" if index >= len(row) or row[index] is None else str(row[index])
            for index, name in enumerate(header)
        }
        for row in rows[1:]
    ]


def read_table(filename: str, content: bytes) -> list[dict[str, str]]:
    if filename.lower().endswith(".xlsx"):
        return decode_xlsx(content)
    if filename.lower().endswith(".csv"):
        return decode_csv(content)
    raise TableError(_("Upload a CSV or XLSX file."))
