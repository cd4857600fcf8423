"""Organisations and memberships as a table: reading and checking an uploaded CSV or XLSX
file, and writing the same columns back out. Pure functions over rows; no ORM here.

Columns: name, name_en, kind, county_code, abbreviation, website, networks (network names
separated by ";"). A file is checked whole: every bad line is reported with its number and
reason, and a file with any error imports nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

COLUMNS = ["name", "name_en", "kind", "county_code", "abbreviation", "website", "networks"]
REQUIRED = {"name", "kind"}
MAX_ROWS = 5000


@dataclass(frozen=True)
class OrganisationRecord:
    line: int
    name: str
    name_en: str
    kind: str
    county_code: str
    abbreviation: str
    website: str
    networks: tuple[str, ...]


@dataclass
class TableCheck:
    records: list[OrganisationRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class TableError(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


def decode_csv(content: bytes) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file separated by commas or semicolons (as Excel writes it)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _("The file is not in UTF-8. Save it as “CSV UTF-8” and upload it again.")
        ) from error
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [dict(row) for row in reader]


def decode_xlsx(content: bytes) -> list[dict[str, str]]:
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
        {key: "" if value is None else str(value) for key, value in zip(header, row, strict=False)}
        for row in rows[1:]
        if any(value not in (None, "") for value in row)
    ]


def read_table(filename: str, content: bytes) -> list[dict[str, str]]:
    if filename.lower().endswith(".xlsx"):
        return decode_xlsx(content)
    if filename.lower().endswith(".csv"):
        return decode_csv(content)
    raise TableError(_("Upload a CSV or XLSX file."))


def check_rows(
    rows: list[dict[str, str]], *, kinds: dict[str, str], networks: set[str]
) -> TableCheck:
    """Check every row. ``kinds`` maps accepted spellings (code, Swedish and English label,
    lower case) to kind codes; ``networks`` holds the names of existing networks."""
    result = TableCheck()
    if not rows:
        result.errors.append(_("The file has no rows."))
        return result
    missing = REQUIRED - set(rows[0].keys())
    if missing:
        result.errors.append(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
        )
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
        return result
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        record, problems = _check_row(line, row, kinds=kinds, networks=networks)
        if record and record.name.lower() in seen:
            problems.append(
                _("%(name)s is also on line %(other)d.")
                % {"name": record.name, "other": seen[record.name.lower()]}
            )
        for problem in problems:
            result.errors.append(
                _("Line %(line)d: %(problem)s") % {"line": line, "problem": problem}
            )
        if record and not problems:
            seen[record.name.lower()] = line
            result.records.append(record)
    if result.errors:
        result.records = []
    return result


def _check_row(
    line: int, row: dict[str, str], *, kinds: dict[str, str], networks: set[str]
) -> tuple[OrganisationRecord | None, list[str]]:
    value = {column: (row.get(column) or "").strip() for column in COLUMNS}
    problems: list[str] = []
    if not value["name"]:
        problems.append(_("the name is missing."))
    elif len(value["name"]) > 200:
        problems.append(_("the name is longer than 200 characters."))
    kind = kinds.get(value["kind"].lower())
    if kind is None:
        problems.append(_("unknown kind “%(kind)s”.") % {"kind": value["kind"]})
    code = value["county_code"]
    if code:
        code = code.zfill(2)
        if not code.isdigit() or len(code) != 2:
            problems.append(_("the county code must be two digits."))
    if value["website"]:
        try:
            URLValidator()(value["website"])
        except ValidationError:
            problems.append(_("the website is not a valid address."))
    names = tuple(name.strip() for name in value["networks"].split(";") if name.strip())
    for name in names:
        if name not in networks:
            problems.append(_("unknown network “%(name)s”.") % {"name": name})
    if problems:
        return None, problems
    record = OrganisationRecord(
        line=line,
        name=value["name"],
        name_en=value["name_en"],
        kind=kind or "",
        county_code=code,
        abbreviation=value["abbreviation"],
        website=value["website"],
        networks=names,
    )
    return record, problems


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "organisations"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
