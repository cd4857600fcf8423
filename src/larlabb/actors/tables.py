"""Organisations and memberships as a table: reading and checking an uploaded CSV or XLSX
file, and writing the same columns back out. Pure functions over rows; no ORM here.

Columns: name, name_en, kind, county_code, abbreviation, website, networks (network names
separated by ";"). A file is checked whole: every bad line is reported with its number and
reason, and a file with any error imports nothing.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from larlabb.core.spreadsheets import TableError, decode_csv, decode_xlsx, read_table

# The readers live in core; they stay importable from here, where the import uses them.
__all__ = ["TableError", "check_rows", "decode_csv", "decode_xlsx", "read_table"]

COLUMNS = ["name", "name_en", "kind", "county_code", "abbreviation", "website", "networks"]
REQUIRED = {"name", "kind"}
MAX_ROWS = 5000
# The lengths of the model's fields (the name has a message of its own).
MAX_LENGTHS = {"name_en": 200, "abbreviation": 50, "website": 200}
COUNTY_CODE = re.compile(r"[0-9]{2}")


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


def check_rows(
    rows: list[dict[str, str]], *, kinds: dict[str, str], networks: set[str]
) -> TableCheck:
    """Check every row. ``kinds`` maps accepted spellings (code, Swedish and English label,
    lower case) to kind codes; ``networks`` holds the names of existing networks.

    The first row is line 2 (line 1 holds the column names); blank rows are skipped but keep
    their line, so every line number is the one the user sees in a spreadsheet."""
    result = TableCheck()
    filled = [(line, row) for line, row in enumerate(rows, start=2) if not _is_blank(row)]
    if not filled:
        result.errors.append(_("The file has no rows."))
        return result
    missing = REQUIRED - set(rows[0].keys())
    if missing:
        result.errors.append(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
        )
        return result
    if len(filled) > MAX_ROWS:
        result.errors.append(
            ngettext(
                "The file has more than %(count)d row.",
                "The file has more than %(count)d rows.",
                MAX_ROWS,
            )
            % {"count": MAX_ROWS}
        )
        return result
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    for line, row in filled:
        record, problems = _check_row(line, row, kinds=kinds, networks=networks)
        if record:
            problems.extend(_repeats(record, names=names, codes=codes))
        for problem in problems:
            result.errors.append(
                _("Line %(line)d: %(problem)s") % {"line": line, "problem": problem}
            )
        if record and not problems:
            result.records.append(record)
    if result.errors:
        result.records = []
    return result


def _is_blank(row: dict[str, str]) -> bool:
    return not any(str(value or "").strip() for value in row.values())


def _repeats(
    record: OrganisationRecord, *, names: dict[str, int], codes: dict[str, int]
) -> list[str]:
    """What a good record repeats of an earlier good line: its name or its county code. The
    first line of each name and code is noted in ``names`` and ``codes``."""
    problems: list[str] = []
    name = record.name.lower()
    if name in names:
        problems.append(
            _("%(name)s is also on line %(other)d.") % {"name": record.name, "other": names[name]}
        )
    if record.county_code in codes:
        problems.append(
            _("the county code %(code)s is also on line %(other)d.")
            % {"code": record.county_code, "other": codes[record.county_code]}
        )
    if not problems:
        names[name] = record.line
        if record.county_code:
            codes[record.county_code] = record.line
    return problems


def _check_row(
    line: int, row: dict[str, str], *, kinds: dict[str, str], networks: set[str]
) -> tuple[OrganisationRecord | None, list[str]]:
    value = {column: (row.get(column) or "").strip() for column in COLUMNS}
    problems: list[str] = []
    if not value["name"]:
        problems.append(_("the name is missing."))
    elif len(value["name"]) > 200:
        problems.append(_("the name is longer than 200 characters."))
    problems.extend(_too_long(value))
    kind = kinds.get(value["kind"].lower())
    if kind is None:
        problems.append(_("unknown kind “%(kind)s”.") % {"kind": value["kind"]})
    code = value["county_code"].zfill(2) if value["county_code"] else ""
    if code and not COUNTY_CODE.fullmatch(code):
        problems.append(_("the county code must be two digits."))
    if value["website"]:
        try:
            URLValidator()(value["website"])
        except ValidationError:
            problems.append(_("the website is not a valid address."))
    names = tuple(name.strip() for name in value["networks"].split(";") if name.strip())
    problems.extend(
        _("unknown network “%(name)s”.") % {"name": name} for name in names if name not in networks
    )
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


def _too_long(value: dict[str, str]) -> list[str]:
    return [
        ngettext(
            "the column %(column)s is longer than %(count)d character.",
            "the column %(column)s is longer than %(count)d characters.",
            limit,
        )
        % {"column": column, "count": limit}
        for column, limit in MAX_LENGTHS.items()
        if len(value[column]) > limit
    ]
