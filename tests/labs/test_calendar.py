import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from larlabb.labs.actions import do_move_workshop
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
