import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.core.models import OutgoingEmail
from larlabb.labs.actions import LabError, do_cancel_workshop, do_move_workshop
from larlabb.labs.models import Workshop, WorkshopChange
from larlabb.registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory, in_days

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "på grund av pandemirestriktionerna"


@pytest.fixture
def workshop(lab):
    return WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))


@pytest.fixture
def registered(lab, region_skane):
    people = [
        UserFactory(email="anna@example.org", name="Anna A", organisation=region_skane),
        UserFactory(
            email="ben@example.org",
            name="Ben B",
            organisation=region_skane,
            language=User.Language.ENGLISH,
        ),
    ]
    for person in people:
        RegistrationFactory(lab=lab, person=person)
    RegistrationFactory(
        lab=lab,
        person=UserFactory(email="gone@example.org", organisation=region_skane),
        status=Registration.Status.CANCELLED,
    )
    return people


def move(actor, workshop, days=44, **overrides):
    arguments = {
        "actor": actor,
        "workshop": workshop,
        "starts_at": in_days(days, 9, 30),
        "ends_at": in_days(days, 16, 30),
        "venue": "Konferenscentret",
        "address": "",
        "city": "Stockholm",
        "format": Workshop.Format.PHYSICAL,
        "reason": REASON,
    }
    return do_move_workshop(**{**arguments, **overrides})


def test_moving_keeps_registrations_and_emails_each_registered_person_once(
    olle_organiser, workshop, registered, mailbox, run_tasks
):
    before = list(Registration.objects.values_list("pk", "status").order_by("pk"))

    change = move(olle_organiser, workshop)
    run_tasks()

    assert list(Registration.objects.values_list("pk", "status").order_by("pk")) == before
    assert change.kind == WorkshopChange.Kind.MOVED
    assert sorted(str(m["To"]) for m in mailbox.messages) == [
        "anna@example.org",
        "ben@example.org",
    ]
    (swedish,) = mailbox.to("anna@example.org")
    text = mailbox.text(swedish)
    assert "har flyttats på grund av pandemirestriktionerna" in text
    assert "Tidigare:" in text
    assert "Nu:" in text
    assert "behöver inte anmäla dig igen" in text
    assert "pandemirestriktionerna" in mailbox.html(swedish)
    ((filename, content),) = mailbox.attachments(swedish)
    assert filename.endswith(".ics")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1
    (english,) = mailbox.to("ben@example.org")
    assert "has been moved" in str(english["Subject"])


def test_a_second_identical_move_sends_nothing(
    olle_organiser, workshop, registered, mailbox, run_tasks
):
    move(olle_organiser, workshop)
    run_tasks()

    again = move(olle_organiser, Workshop.objects.get(pk=workshop.pk))
    run_tasks()

    assert again is None
    assert len(mailbox.messages) == 2
    assert WorkshopChange.objects.count() == 1
    assert Workshop.objects.get(pk=workshop.pk).sequence == 1


def test_the_emails_wait_in_the_outbox_until_the_worker_runs(
    olle_organiser, workshop, registered, mailbox, run_tasks
):
    move(olle_organiser, workshop)

    assert mailbox.messages == []
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 2
    run_tasks()
    run_tasks()
    assert len(mailbox.messages) == 2
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_at": in_days(-3, 9, 30), "ends_at": in_days(-3, 16, 30)}, "passerat"),
        ({"starts_at": in_days(44, 16, 30), "ends_at": in_days(44, 9, 30)}, "sluta efter"),
    ],
)
def test_a_move_into_the_past_or_ending_before_it_starts_is_refused(
    olle_organiser, workshop, registered, overrides, message
):
    with pytest.raises(LabError, match=message):
        move(olle_organiser, workshop, **overrides)

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.PLANNED
    assert OutgoingEmail.objects.count() == 0


def test_cancelling_emails_the_registered_once_and_marks_the_calendar_cancelled(
    client, olle_organiser, workshop, registered, mailbox, run_tasks
):
    do_cancel_workshop(actor=olle_organiser, workshop=workshop, reason=REASON)
    do_cancel_workshop(actor=olle_organiser, workshop=workshop, reason=REASON)
    run_tasks()

    assert len(mailbox.messages) == 2
    ics = client.get(
        reverse("labs:workshop-calendar", kwargs={"slug": workshop.lab.slug, "number": 1})
    ).content
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    page = client.get(workshop.lab.get_absolute_url()).content.decode()
    assert "Inställd" in page


def test_a_cancelled_workshop_cannot_be_moved(olle_organiser, workshop):
    do_cancel_workshop(actor=olle_organiser, workshop=workshop, reason="")
    with pytest.raises(LabError):
        move(olle_organiser, workshop)


def test_another_labs_organiser_cannot_move_the_workshop(other_organiser, workshop, registered):
    with pytest.raises(LabError):
        move(other_organiser, workshop)
    assert Workshop.objects.get(pk=workshop.pk).sequence == 0


def move_form(days: int = 44, start: str = "09:30", end: str = "16:30") -> dict:
    day = (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
    return {
        "date": day,
        "start": start,
        "end": end,
        "venue": "",
        "address": "",
        "city": "Stockholm",
        "format": "physical",
        "reason": REASON,
    }


def test_the_move_page_moves_and_the_public_page_says_so(
    client, olle_organiser, workshop, registered
):
    client.force_login(olle_organiser)
    url = reverse("labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": 1})

    response = client.post(url, move_form())

    assert response.status_code == 302
    page = client.get(workshop.lab.get_absolute_url()).content.decode()
    assert "Flyttad på grund av pandemirestriktionerna" in page
    assert "Har du redan anmält dig behöver du inte göra det igen." in page


def test_the_move_page_shows_a_clear_message_for_an_end_before_the_start(
    client, olle_organiser, workshop
):
    client.force_login(olle_organiser)
    url = reverse("labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": 1})

    response = client.post(url, move_form(start="16:00", end="10:00"))

    assert response.status_code == 200
    assert "Workshoppen måste sluta efter att den börjar." in response.content.decode()
    assert WorkshopChange.objects.count() == 0


def test_the_move_page_refuses_a_date_in_the_past(client, olle_organiser, workshop):
    client.force_login(olle_organiser)
    url = reverse("labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": 1})

    response = client.post(url, move_form(days=-2))

    assert response.status_code == 200
    assert "har passerat" in response.content.decode()
    assert WorkshopChange.objects.count() == 0


@pytest.fixture
def series_of_two(lab, region_skane, workshop):
    """A lab that takes registrations for single workshops: one person for the whole series,
    one for each workshop, a colleague still to confirm for the first, and one on the waiting
    list for the whole series."""
    lab.allow_single_workshops = True
    lab.save(update_fields=["allow_single_workshops"])
    second = WorkshopFactory(lab=lab, number=2, starts_at=in_days(60))

    def person(email: str, status=Registration.Status.CONFIRMED, workshops=()):
        user = UserFactory(email=email, name=email.split("@")[0], organisation=region_skane)
        registration = RegistrationFactory(lab=lab, person=user, status=status)
        registration.workshops.set(workshops)

    person("whole@example.org")
    person("first@example.org", workshops=[workshop])
    person("second@example.org", workshops=[second])
    person("colleague@example.org", status=Registration.Status.PENDING, workshops=[workshop])
    person("waiting@example.org", status=Registration.Status.WAITING)
    return second


@pytest.mark.parametrize("change", ["move", "cancel"])
def test_changing_one_workshop_emails_only_those_registered_for_it(
    olle_organiser, workshop, series_of_two, mailbox, run_tasks, change
):
    if change == "move":
        move(olle_organiser, workshop)
    else:
        do_cancel_workshop(actor=olle_organiser, workshop=workshop, reason=REASON)
    run_tasks()

    assert sorted(str(m["To"]) for m in mailbox.messages) == [
        "colleague@example.org",
        "first@example.org",
        "whole@example.org",
    ]
