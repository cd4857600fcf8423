"""How Lärlabb writes dates and times: one way per language, on pages, in emails and PDFs.

Swedish follows Myndigheternas skrivregler: "13 januari 2027", "onsdag 13 januari 2027",
"13 januari 2027 kl. 14.00". English is written the same way round: "13 January 2027",
"Wednesday 13 January 2027", "13 January 2027, 14.00". Django's own default formats differ by
language ("Nov. 19, 2026" in English), so every date a person reads goes through here.
Spreadsheet exports keep ISO 8601 ("2027-01-13 14:00"), which Excel reads as a date in any
language.
"""

import datetime

from django.utils import formats, timezone, translation

FORMATS = {
    "sv": {"day": "j F Y", "weekday": "l j F Y", "clock": "G.i", "moment": r"j F Y \k\l. G.i"},
    "en": {"day": "j F Y", "weekday": "l j F Y", "clock": "G.i", "moment": "j F Y, G.i"},
}


def _format(kind: str) -> str:
    language = (translation.get_language() or "sv").split("-")[0]
    return FORMATS.get(language, FORMATS["sv"])[kind]


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value: datetime.date | datetime.datetime | None) -> str:
    """ "13 januari 2027" / "13 January 2027"; a time of day is left out."""
    return formats.date_format(_local(value), _format("day")) if value else ""


def format_weekday(value: datetime.date | datetime.datetime | None) -> str:
    """ "onsdag 13 januari 2027" / "Wednesday 13 January 2027"."""
    return formats.date_format(_local(value), _format("weekday")) if value else ""


def format_clock(value: datetime.time | datetime.datetime | None) -> str:
    """ "9.30" / "9.30"."""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.time_format(local, _format("clock"))
    if isinstance(value, datetime.time):
        return formats.time_format(value, _format("clock"))
    return ""


def format_moment(value: datetime.datetime | None) -> str:
    """ "13 januari 2027 kl. 14.00" / "13 January 2027, 14.00"."""
    return formats.date_format(_local(value), _format("moment")) if value else ""
