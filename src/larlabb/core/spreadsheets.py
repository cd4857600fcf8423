"""Tables written as CSV or XLSX for download, safe to open in a spreadsheet program.

Much of what is exported was typed by participants (titles, dietary needs), so no cell may
become a formula: XLSX cells are written as text, and a CSV cell that a spreadsheet would read
as a formula gets a leading apostrophe (OWASP's advice against CSV injection), which
``unguard`` takes off again when such a file is imported.
"""

import csv
import io

from openpyxl import Workbook

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
