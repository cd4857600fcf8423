"""How Lärlabb writes times and places, the same on pages, PDFs and in emails."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value)


@register.simple_tag
def when(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """ "Onsdag 8 juni 2027, kl. 9.30–16.30" / "Wednesday 8 June 2027, 9.30–16.30"."""
    start, end = _local(starts_at), _local(ends_at)
    day = capfirst(formats.date_format(start, "l j F Y"))
    times = _("%(start)s–%(end)s") % {
        "start": formats.date_format(start, "G.i"),
        "end": formats.date_format(end, "G.i"),
    }
    if start.date() != end.date():
        end_day = formats.date_format(end, "l j F Y")
        return _("%(day)s %(start)s – %(end_day)s %(end)s") % {
            "day": day,
            "start": formats.date_format(start, "G.i"),
            "end_day": end_day,
            "end": formats.date_format(end, "G.i"),
        }
    return _("%(day)s, at %(times)s") % {"day": day, "times": times}


@register.filter
def day(value: datetime.date | datetime.datetime) -> str:
    """ "25 maj 2027" / "25 May 2027"."""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    return formats.date_format(value, "j F Y")


@register.filter
def clock(value: datetime.time) -> str:
    return formats.time_format(value, "G.i") if isinstance(value, datetime.time) else ""


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
    """The cities of the physical and hybrid workshops that are not cancelled."""
    found: list[str] = []
    for workshop in workshops:
        physical = workshop.format != "digital" and not workshop.is_cancelled
        if physical and workshop.city and workshop.city not in found:
            found.append(workshop.city)
    return ", ".join(found)


@register.filter
def any_moved(workshops) -> bool:
    return any(workshop.status == "moved" for workshop in workshops)
