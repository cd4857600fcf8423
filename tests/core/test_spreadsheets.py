"""Exported tables never carry a formula into a spreadsheet program, and Lärlabb reads its
own guarded CSV cells back as they were."""

import csv
import io

import pytest
from openpyxl import load_workbook

from larlabb.core.spreadsheets import csv_bytes, guard, unguard, xlsx_bytes

FORMULAS = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_like_cell_is_guarded_and_unguarded(value):
    assert guard(value) == "'" + value
    assert unguard(guard(value)) == value


@pytest.mark.parametrize("value", ["Region Skåne", "'citat'", "", "12", "Kalle's"])
def test_other_cells_are_left_as_they_are(value):
    assert guard(value) == value
    assert unguard(value) == value


def test_a_csv_file_has_a_byte_order_mark_and_guarded_cells():
    content = csv_bytes([["Namn", "Kost"], ["Åsa Öberg", '=HYPERLINK("http://x")']])

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["Namn", "Kost"], ["Åsa Öberg", '\'=HYPERLINK("http://x")']]


def test_an_xlsx_file_keeps_every_cell_as_text():
    content = xlsx_bytes([["Namn", "Kost"], ["Åsa Öberg", "=1+1"], ["Nils", None]], sheet_title="t")

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "t"
    assert sheet["B2"].value == "=1+1"
    assert sheet["B2"].data_type == "s"
    assert sheet["B3"].value is None
