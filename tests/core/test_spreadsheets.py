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


def test_a_csv_file_has_a_byte_order_mark_semicolons_and_guarded_cells():
    content = csv_bytes([["Namn", "Kost"], ["Åsa Öberg", '=HYPERLINK("http://x")']])

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").splitlines()[0] == '"Namn";"Kost"'
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Namn", "Kost"], ["Åsa Öberg", '\'=HYPERLINK("http://x")']]


@pytest.mark.parametrize(
    ("value", "guarded"),
    [
        ("gluten;=1+1", "gluten;'=1+1"),
        ("a, -2+3", "a, -2+3"),
        ("a,@SUM(A1)", "a,'@SUM(A1)"),
        ("rad ett\n+46 70", "rad ett\n'+46 70"),
        ("=1;=2", "'=1;'=2"),
    ],
)
def test_a_formula_that_a_split_would_start_is_guarded(value, guarded):
    assert guard(value) == guarded
    assert unguard(guard(value)) == value


def test_cells_with_semicolons_quotes_and_line_breaks_stay_one_cell_each():
    cells = ["Region Skåne; Malmö", 'Säger "hej"', "två\nrader", "x;=1+1", "12"]

    content = csv_bytes([["a", "b", "c", "d", "e"], cells])

    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["Region Skåne; Malmö", 'Säger "hej"', "två\nrader", "x;'=1+1", "12"]
    # Split at every semicolon, as a program that ignores the quotes would: no piece
    # starts a formula.
    pieces = [piece.strip('"') for line in text.splitlines() for piece in line.split(";")]
    assert not [piece for piece in pieces if piece.startswith(("=", "+", "-", "@"))]


def test_an_xlsx_file_keeps_every_cell_as_text():
    content = xlsx_bytes([["Namn", "Kost"], ["Åsa Öberg", "=1+1"], ["Nils", None]], sheet_title="t")

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "t"
    assert sheet["B2"].value == "=1+1"
    assert sheet["B2"].data_type == "s"
    assert sheet["B3"].value is None


def test_an_xlsx_file_writes_text_with_control_characters_a_participant_typed():
    # issue 18, finding 6: one \x01 in a note made the organisers' XLSX exports answer 500
    content = xlsx_bytes([["Anteckning"], ["Bra\x01 idé\x00 med\tflik\nrad"]], sheet_title="T")
    sheet = load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet["A"]] == ["Anteckning", "Bra idé med\tflik\nrad"]
