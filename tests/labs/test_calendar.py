import datetime
import zoneinfo

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from larlabb.labs.actions import do_move_workshop
from larlabb.labs.calendar import build_calendar
from larlabb.labs.models import Workshop
from tests.factories import ProgramItemFactory, WorkshopFactory, in_days

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def events(content: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


def test_a_workshop_calendar_file_has_stockholm_times_place_and_program(client, lab):
    workshop = WorkshopFactory(lab=lab, number=1, starts_at=in_days(40, 9, 30))
    ProgramItemFactory(workshop=workshop, title="Framsyn: Regional utveckling 2030")

    response = client.get(reverse("labs:workshop-calendar", kwargs={"slug": lab.slug, "number": 1}))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
    (event,) = events(response.content)
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None
    assert start.astimezone(STOCKHOLM).time() == datetime.time(9, 30)
    assert event.decoded("DTEND") - start == datetime.timedelta(hours=7)
    assert "Stockholm" in str(event["LOCATION"])
    assert "Framsyn: Regional utveckling 2030" in str(event["DESCRIPTION"])
    assert str(event["UID"]) == f"{workshop.uid}@larlabb"


def test_the_series_calendar_holds_every_workshop(client, lab):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(40))
    WorkshopFactory(lab=lab, number=2, starts_at=in_days(117))

    response = client.get(reverse("labs:lab-calendar", kwargs={"slug": lab.slug}))

    assert len(events(response.content)) == 2


def test_a_moved_workshop_keeps_its_uid_and_raises_its_sequence(client, lab, olle_organiser):
    workshop = WorkshopFactory(lab=lab, number=1, starts_at=in_days(40))
    url = reverse("labs:workshop-calendar", kwargs={"slug": lab.slug, "number": 1})
    (before,) = events(client.get(url).content)

    do_move_workshop(
        actor=olle_organiser,
        workshop=workshop,
        starts_at=in_days(54, 10, 0),
        ends_at=in_days(54, 16, 0),
        venue="",
        address="",
        city="Stockholm",
        format="physical",
        reason="på grund av pandemirestriktionerna",
    )
    (after,) = events(client.get(url).content)

    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART").astimezone(STOCKHOLM).time() == datetime.time(10, 0)


def test_summer_and_winter_times_are_both_right(client, lab):
    summer = datetime.datetime(2031, 6, 11, 9, 30, tzinfo=STOCKHOLM)
    winter = datetime.datetime(2031, 12, 10, 9, 30, tzinfo=STOCKHOLM)
    WorkshopFactory(lab=lab, number=1, starts_at=summer)
    WorkshopFactory(lab=lab, number=2, starts_at=winter)

    response = client.get(reverse("labs:lab-calendar", kwargs={"slug": lab.slug}))

    starts = sorted(e.decoded("DTSTART").astimezone(datetime.UTC) for e in events(response.content))
    assert [s.hour for s in starts] == [7, 8]  # 9.30 CEST = 7.30 UTC, 9.30 CET = 8.30 UTC


TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION")


def texts(content: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(content)
    return [str(calendar["X-WR-CALNAME"])] + [
        str(event[name]) for event in events(content) for name in TEXT_PROPERTIES if name in event
    ]


@pytest.mark.parametrize("active", ["sv", "en"])
def test_a_calendar_file_for_a_swedish_reader_has_no_english_line(lab, active):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(40), format="digital", title="")
    WorkshopFactory(lab=lab, number=2, starts_at=in_days(80), format="hybrid", title="")

    with translation.override(active):  # whoever's request or task builds it
        content = build_calendar(lab, lab.workshops.all(), language="sv")

    lines = texts(content)
    assert any("Digitalt möte" in line for line in lines)
    assert any("Hybridmöte" in line for line in lines)
    with translation.override("en"):
        english = {str(label) for _, label in Workshop.Format.choices} | {"meeting"}
    assert not [line for line in lines for word in english if word in line]


def test_the_downloaded_calendar_file_is_in_the_readers_language(client, lab):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(40), format="digital")
    url = reverse("labs:lab-calendar", kwargs={"slug": lab.slug})

    assert any("Digitalt möte" in line for line in texts(client.get(url).content))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert any("Digital meeting" in line for line in texts(client.get(url).content))
