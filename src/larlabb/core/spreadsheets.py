"""Tables written as CSV or XLSX for download, safe to open in a spreadsheet program.

Much of what is exported was typed by participants (titles, dietary needs), so no cell may
become a formula: XLSX cells are written as text, and a CSV cell that a spreadsheet would read
as a formula gets a leading apostrophe (OWASP's advice against CSV injection), which
``unguard`` takes off again when such a file is imported.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard(text: str) -> str:
    """A cell as it was before ``guard``."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def csv_bytes(rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads å, ä and ö right."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([guard(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list[str]], *, sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(["" if value is None else str(value) for value in row])
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
