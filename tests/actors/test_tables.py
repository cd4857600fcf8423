"""The pure table functions: reading a CSV file and checking its rows, with no database."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from larlabb.actors.models import Organisation
from larlabb.actors.tables import (
    COLUMNS,
    MAX_LENGTHS,
    OrganisationRecord,
    TableError,
    check_rows,
    decode_csv,
    decode_xlsx,
    read_table,
)

KINDS = {"region": "region", "agency": "agency", "nationell myndighet": "agency"}
NETWORKS = {"RUS-nätverket", "Myndighetsnätverket"}
HEADER = ",".join(COLUMNS)


@pytest.fixture(autouse=True)
def _english():
    """Messages in English here, so these tests do not depend on the Swedish catalogue."""
    with translation.override("en"):
        yield


def row(**values: str) -> dict[str, str]:
    """A row of every column, with a good region unless told otherwise."""
    return dict.fromkeys(COLUMNS, "") | {"name": "Region Test", "kind": "region"} | values


def check(rows: list[dict[str, str]]):
    return check_rows(rows, kinds=KINDS, networks=NETWORKS)


# --- decode_csv ---------------------------------------------------------------------------


def test_decode_csv_reads_a_comma_separated_file():
    content = f"{HEADER}\nRegion Skåne,Region Skåne,region,12,,,RUS-nätverket\n".encode()

    rows = decode_csv(content)

    assert rows == [
        {
            "name": "Region Skåne",
            "name_en": "Region Skåne",
            "kind": "region",
            "county_code": "12",
            "abbreviation": "",
            "website": "",
            "networks": "RUS-nätverket",
        }
    ]


def test_decode_csv_reads_a_semicolon_separated_file_as_swedish_excel_writes_it():
    content = (
        "name;kind;county_code;networks\n"
        'Region Skåne;region;12;"RUS-nätverket;Myndighetsnätverket"\n'
        "Tillväxtverket;agency;;\n"
    ).encode()

    rows = decode_csv(content)

    assert [r["name"] for r in rows] == ["Region Skåne", "Tillväxtverket"]
    assert rows[0]["networks"] == "RUS-nätverket;Myndighetsnätverket"
    assert rows[1]["county_code"] == ""


def test_decode_csv_drops_the_utf8_byte_order_mark_from_the_first_column_name():
    content = "name,kind\nRegion Örebro län,region\n".encode("utf-8-sig")

    rows = decode_csv(content)

    assert rows == [{"name": "Region Örebro län", "kind": "region"}]


def test_decode_csv_keeps_commas_when_a_row_lists_many_networks():
    networks = ";".join(f"Nätverk {n}" for n in range(6))
    content = f'name,kind,networks\nReglab,other,"{networks}"\n'.encode()

    rows = decode_csv(content)

    assert rows == [{"name": "Reglab", "kind": "other", "networks": networks}]


def test_decode_csv_refuses_a_file_that_is_not_utf8():
    content = "name,kind\nRegion Jönköpings län,region\n".encode("cp1252")

    with pytest.raises(TableError, match="not in UTF-8"):
        decode_csv(content)


def test_decode_csv_of_an_empty_file_gives_no_rows():
    assert decode_csv(b"") == []


def workbook(*rows: list) -> bytes:
    book = Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_decode_xlsx_reads_the_first_sheet_with_numbers_as_text():
    content = workbook(["name", "kind", "county_code"], ["Region Skåne", "region", 12])

    rows = decode_xlsx(content)

    assert rows == [{"name": "Region Skåne", "kind": "region", "county_code": "12"}]


def test_a_blank_row_in_an_xlsx_file_does_not_shift_the_line_numbers_of_later_errors():
    content = workbook(
        ["name", "kind"], ["Region Skåne", "region"], [None, None], ["Region Halland", "xyz"]
    )

    checked = check(decode_xlsx(content))

    assert checked.errors == ["Line 4: unknown kind “xyz”."]


def test_decode_xlsx_refuses_a_file_that_is_not_a_workbook():
    with pytest.raises(TableError, match="not a readable Excel"):
        decode_xlsx(b"name,kind\n")


def test_read_table_refuses_other_file_types():
    with pytest.raises(TableError, match="Upload a CSV or XLSX file"):
        read_table("organisationer.txt", b"name,kind\n")


# --- check_rows ---------------------------------------------------------------------------


def test_check_rows_turns_good_rows_into_records():
    rows = [
        row(
            name="Region Skåne",
            name_en="Region Skåne",
            kind="Region",
            county_code="12",
            website="https://www.skane.se",
            networks="RUS-nätverket; Myndighetsnätverket",
        ),
        row(name="Tillväxtverket", kind="Nationell myndighet", abbreviation="TVV"),
        row(name="Region Stockholm", county_code="1"),
    ]

    checked = check(rows)

    assert checked.ok
    assert checked.errors == []
    assert checked.records == [
        OrganisationRecord(
            line=2,
            name="Region Skåne",
            name_en="Region Skåne",
            kind="region",
            county_code="12",
            abbreviation="",
            website="https://www.skane.se",
            networks=("RUS-nätverket", "Myndighetsnätverket"),
        ),
        OrganisationRecord(
            line=3,
            name="Tillväxtverket",
            name_en="",
            kind="agency",
            county_code="",
            abbreviation="TVV",
            website="",
            networks=(),
        ),
        OrganisationRecord(
            line=4,
            name="Region Stockholm",
            name_en="",
            kind="region",
            county_code="01",
            abbreviation="",
            website="",
            networks=(),
        ),
    ]


def test_check_rows_accepts_a_file_with_only_the_required_columns():
    checked = check([{"name": "Region Gotland", "kind": "region"}])

    assert checked.ok
    assert checked.records[0].name == "Region Gotland"


@pytest.mark.parametrize(
    ("bad_row", "error"),
    [
        (row(name=""), "Line 3: the name is missing."),
        (row(name="   "), "Line 3: the name is missing."),
        (row(name="x" * 201), "Line 3: the name is longer than 200 characters."),
        (row(kind="xyz"), "Line 3: unknown kind “xyz”."),
        (row(kind=""), "Line 3: unknown kind “”."),
        (row(county_code="123"), "Line 3: the county code must be two digits."),
        (row(county_code="AB"), "Line 3: the county code must be two digits."),
        (row(county_code="-1"), "Line 3: the county code must be two digits."),
        (row(county_code="١٢"), "Line 3: the county code must be two digits."),
        (row(county_code="²"), "Line 3: the county code must be two digits."),
        (row(website="www.skane"), "Line 3: the website is not a valid address."),
        (row(website="javascript:alert(1)"), "Line 3: the website is not a valid address."),
        (row(networks="Okänt nätverk"), "Line 3: unknown network “Okänt nätverk”."),
        (
            row(networks="RUS-nätverket;rus-nätverket"),
            "Line 3: unknown network “rus-nätverket”.",
        ),
        (row(name="region skåne"), "Line 3: region skåne is also on line 2."),
        (row(county_code="12"), "Line 3: the county code 12 is also on line 2."),
        (
            row(abbreviation="x" * 51),
            "Line 3: the column abbreviation is longer than 50 characters.",
        ),
        (
            row(name_en="x" * 201),
            "Line 3: the column name_en is longer than 200 characters.",
        ),
        (
            row(website="https://www.example.org/" + "x" * 200),
            "Line 3: the column website is longer than 200 characters.",
        ),
    ],
)
def test_check_rows_reports_a_bad_line_with_its_number_and_reason(bad_row, error):
    rows = [row(name="Region Skåne", county_code="12"), bad_row]

    checked = check(rows)

    assert checked.errors == [error]
    assert checked.records == []
    assert not checked.ok


def test_check_rows_reports_every_problem_of_every_bad_line_and_keeps_no_records():
    rows = [
        row(name="Region Skåne"),
        row(name="", kind="xyz"),
        row(name="Region Halland", county_code="1234"),
        row(name="Region Kalmar län", networks="Okänt"),
    ]

    checked = check(rows)

    assert checked.errors == [
        "Line 3: the name is missing.",
        "Line 3: unknown kind “xyz”.",
        "Line 4: the county code must be two digits.",
        "Line 5: unknown network “Okänt”.",
    ]
    assert checked.records == []


def test_check_rows_reports_the_missing_required_columns():
    checked = check([{"namn": "Region Skåne", "typ": "region"}])

    assert checked.errors == ["The file lacks the columns: kind, name."]
    assert checked.records == []


def test_check_rows_of_an_empty_file_says_it_has_no_rows():
    checked = check([])

    assert checked.errors == ["The file has no rows."]


def test_check_rows_of_a_file_of_blank_lines_says_it_has_no_rows():
    checked = check(decode_csv(b"name,kind\n\n,\n"))

    assert checked.errors == ["The file has no rows."]


def test_a_blank_line_in_a_csv_file_does_not_shift_the_line_numbers_of_later_errors():
    content = b"name,kind\nRegion Sk\xc3\xa5ne,region\n\nRegion Halland,xyz\n"

    checked = check(decode_csv(content))

    assert checked.errors == ["Line 4: unknown kind “xyz”."]


def test_check_rows_refuses_a_file_with_too_many_rows(monkeypatch):
    monkeypatch.setattr("larlabb.actors.tables.MAX_ROWS", 3)
    rows = [row(name=f"Organisation {n}") for n in range(4)]

    checked = check(rows)

    assert checked.errors == ["The file has more than 3 rows."]


@pytest.mark.parametrize("column", sorted(MAX_LENGTHS))
def test_the_length_limits_of_the_check_are_those_of_the_model(column):
    assert MAX_LENGTHS[column] == Organisation._meta.get_field(column).max_length
