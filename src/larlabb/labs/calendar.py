"""Calendar files (RFC 5545) for workshops.

Each workshop has a stable UID, so a calendar that imports the file of a moved workshop updates
the entry it has (SEQUENCE is raised at every move) instead of adding a second one.
"""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone, translation

from larlabb.labs.models import Lab, Workshop, stockholm


def workshop_uid(workshop: Workshop) -> str:
    return f"{workshop.uid}@larlabb"


def _event(workshop: Workshop, stamp) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", workshop_uid(workshop))
    event.add("sequence", workshop.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", workshop.starts_at.astimezone(stockholm()))
    event.add("dtend", workshop.ends_at.astimezone(stockholm()))
    event.add("summary", f"{workshop.lab.title}: {workshop.display_title}")
    description = [workshop.lab.question, "", *(_program_lines(workshop))]
    event.add("description", "\n".join(line for line in description if line is not None).strip())
    location = workshop.place
    if workshop.format != Workshop.Format.PHYSICAL:
        location = ", ".join(part for part in [location, workshop.get_format_display()] if part)
    if location:
        event.add("location", location)
    event.add("url", f"{settings.SITE_URL}{workshop.lab.get_absolute_url()}")
    event.add("status", "CANCELLED" if workshop.is_cancelled else "CONFIRMED")
    return event


def _program_lines(workshop: Workshop) -> list[str]:
    return [
        f"{item.starts:%H.%M}–{item.ends:%H.%M} {item.title}" for item in workshop.program.all()
    ]


def build_calendar(
    lab: Lab, workshops: Iterable[Workshop], *, language: str | None = None
) -> bytes:
    """An iCalendar file with one event per workshop, times in Europe/Stockholm, its words
    (a workshop's name, its format) in ``language``: the recipient's for an email, by default
    the language of the request that asks for the file."""
    with translation.override(language or translation.get_language()):
        return _calendar(lab, workshops)


def _calendar(lab: Lab, workshops: Iterable[Workshop]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Lärlabb//larlabb//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", lab.title)
    stamp = timezone.now()
    for workshop in workshops:
        calendar.add_component(_event(workshop, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def workshop_calendar(workshop: Workshop, *, language: str | None = None) -> bytes:
    return build_calendar(workshop.lab, [workshop], language=language)


def calendar_filename(lab: Lab, workshop: Workshop | None = None) -> str:
    return f"{lab.slug}-{workshop.number}.ics" if workshop else f"{lab.slug}.ics"
