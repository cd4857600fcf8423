"""How Lärlabb writes times and places, the same on pages, PDFs and in emails."""

import datetime

from django import template
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from larlabb.core import dates

register = template.Library()


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value)


@register.simple_tag
def when(
    starts_at: datetime.datetime, ends_at: datetime.datetime, starts_line: bool = False
) -> str:
    """ "onsdag 8 juni 2027 kl. 9.30–16.30" / "Wednesday 8 June 2027, 9.30–16.30".

    Swedish writes the weekday in lower case after a label or colon ("När: onsdag …", a
    table cell or ``<dd>`` under its heading); ``starts_line=True`` gives it a capital where
    the date starts a line or paragraph of its own ("Onsdag 8 juni 2027 …")."""
    start, end = _local(starts_at), _local(ends_at)
    day = dates.format_weekday(start)
    if starts_line:
        day = capfirst(day)
    times = _("%(start)s–%(end)s") % {
        "start": dates.format_clock(start),
        "end": dates.format_clock(end),
    }
    if start.date() != end.date():
        return _("%(day)s %(start)s – %(end_day)s %(end)s") % {
            "day": day,
            "start": dates.format_clock(start),
            "end_day": dates.format_weekday(end),
            "end": dates.format_clock(end),
        }
    return _("%(day)s, %(times)s") % {"day": day, "times": times}


# "25 maj 2027" / "25 May 2027", "9.30": as everywhere (larlabb.core.dates).
register.filter("day", dates.format_day)
register.filter("clock", dates.format_clock)


@register.filter
def people(persons, conjunction: str = "and") -> str:
    """ "Catarina Lahti, Reglab, och Sara Tunheden, processledare" — each person with their
    organisation or title, joined as the invitation joins them ("and" or "or")."""
    items = [person.described for person in persons]
    if len(items) <= 1:
        return "".join(items)
    word = _("or") if conjunction == "or" else _("and")
    separator = ", " if any("," in item for item in items[:-1]) else " "
    return f"{', '.join(items[:-1])}{separator}{word} {items[-1]}"


@register.filter
def cities(workshops) -> str:
    """The cities of the physical and hybrid workshops that are not cancelled, the last two
    joined by "and": "Stockholm, Göteborg och Malmö"."""
    found: list[str] = []
    for workshop in workshops:
        physical = workshop.format != "digital" and not workshop.is_cancelled
        if physical and workshop.city and workshop.city not in found:
            found.append(workshop.city)
    if len(found) <= 1:
        return "".join(found)
    return f"{', '.join(found[:-1])} {_('and')} {found[-1]}"


@register.filter
def any_moved(workshops) -> bool:
    return any(workshop.status == "moved" for workshop in workshops)
