import datetime
import html
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.core.models import OutgoingEmail
from larlabb.labs.actions import LabError, do_cancel_workshop, do_move_workshop
from larlabb.labs.models import Workshop, WorkshopChange
from larlabb.outcomes.actions import (
    AssignmentDetails,
    OutcomeError,
    do_create_assignment,
    do_set_up_survey,
)
from larlabb.outcomes.tasks import assignment_reminders
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


def test_each_person_gets_the_calendar_file_in_their_own_language(
    olle_organiser, workshop, registered, mailbox, run_tasks
):
    move(olle_organiser, workshop, format=Workshop.Format.DIGITAL, venue="", city="")
    run_tasks()

    def location(address: str) -> str:
        ((_, content),) = mailbox.attachments(mailbox.to(address)[0])
        (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
        return str(event["LOCATION"])

    assert location("anna@example.org") == "Digitalt möte"
    assert location("ben@example.org") == "Digital meeting"


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
        (
            {"starts_at": in_days(44, 16, 30), "ends_at": in_days(44, 9, 30)},
            "Sluttiden måste vara efter",
        ),
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
    assert "Sluttiden måste vara efter starttiden." in response.content.decode()
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


# --- Dates that follow the workshop ---------------------------------------------------------
# The workshop is in 30 days. Its preparation is due 2 days before it, the survey's first round
# opened yesterday and closes the day before it, and the second round (the workshop is the
# lab's only one, so also its last) opens the day after it.


@pytest.fixture
def tied(olle_organiser, lab, workshop):
    preparation = do_create_assignment(
        actor=olle_organiser,
        lab=lab,
        details=AssignmentDetails(
            title="Läs strategin",
            instructions="Läs kapitel 3.",
            due_at=in_days(28, 12, 0),
            workshop=workshop,
        ),
    )
    before, after = do_set_up_survey(
        actor=olle_organiser,
        lab=lab,
        before=(in_days(-1, 12, 0), in_days(29, 12, 0)),
        after=(in_days(31, 12, 0), in_days(60, 12, 0)),
    )
    return preparation, before, after


def test_moving_a_workshop_moves_the_dates_tied_to_it_by_as_much(olle_organiser, workshop, tied):
    preparation, before, after = tied

    move(olle_organiser, workshop, days=44)

    for row in (preparation, before, after):
        row.refresh_from_db()
    assert preparation.due_at == in_days(42, 12, 0)
    assert before.closes_at == in_days(43, 12, 0)
    assert (after.opens_at, after.closes_at) == (in_days(45, 12, 0), in_days(74, 12, 0))
    # the first round opened yesterday: what has passed stays
    assert before.opens_at == in_days(-1, 12, 0)


def test_a_kept_date_stays_where_it_was(olle_organiser, workshop, tied):
    preparation, before, _after = tied

    move(olle_organiser, workshop, days=44, keep={f"assignment:{preparation.pk}"})

    preparation.refresh_from_db()
    before.refresh_from_db()
    assert preparation.due_at == in_days(28, 12, 0)
    assert before.closes_at == in_days(43, 12, 0)


def test_a_new_place_at_the_same_time_moves_no_date(olle_organiser, workshop, tied):
    preparation, _before, _after = tied

    move(
        olle_organiser,
        workshop,
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        city="Malmö",
    )

    preparation.refresh_from_db()
    assert preparation.due_at == in_days(28, 12, 0)


def test_the_reminder_of_a_shifted_due_date_follows_it(olle_organiser, workshop, tied, registered):
    old_reminder, new_reminder = in_days(27, 13, 0), in_days(41, 13, 0)

    move(olle_organiser, workshop, days=44)

    assert assignment_reminders(old_reminder) == 0
    assert assignment_reminders(new_reminder) == 2  # Anna and Ben, who have not submitted
    assert assignment_reminders(new_reminder) == 0  # once


def test_a_survey_round_cannot_be_left_closing_before_it_opens(olle_organiser, lab, workshop):
    before, _after = do_set_up_survey(
        actor=olle_organiser,
        lab=lab,
        before=(in_days(8, 12, 0), in_days(29, 12, 0)),
        after=(in_days(31, 12, 0), in_days(60, 12, 0)),
    )

    with pytest.raises(OutcomeError, match="stänga innan den öppnar"):
        move(olle_organiser, workshop, days=5, keep={"survey:before:opens"})

    workshop.refresh_from_db()
    before.refresh_from_db()
    assert workshop.starts_at == in_days(30)
    assert before.closes_at == in_days(29, 12, 0)


def test_the_move_page_lists_the_tied_dates_before_it_moves_anything(
    client, olle_organiser, workshop, tied
):
    preparation, _before, _after = tied
    client.force_login(olle_organiser)
    url = reverse("labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": 1})

    response = client.post(url, move_form(days=44))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Datum som följer workshopen" in page
    assert "Förberedelse ”Läs strategin”: klar senast" in page
    assert "Enkätens första omgång stänger" in page
    assert "Enkätens andra omgång öppnar" in page
    assert "Enkätens första omgång öppnar" not in page  # it has opened already
    assert "Bekräfta flytten" in page
    assert WorkshopChange.objects.count() == 0
    preparation.refresh_from_db()
    assert preparation.due_at == in_days(28, 12, 0)


def test_the_move_page_moves_the_dates_the_organiser_did_not_keep_once_confirmed(
    client, olle_organiser, workshop, tied
):
    preparation, before, _after = tied
    client.force_login(olle_organiser)
    url = reverse("labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": 1})
    review = client.post(url, move_form(days=44)).content.decode()
    reviewed = re.search(r'name="reviewed" value="([^"]+)"', review)
    assert reviewed is not None

    response = client.post(
        url,
        {
            **move_form(days=44),
            "reviewed": html.unescape(reviewed.group(1)),
            "keep": [f"assignment:{preparation.pk}"],
        },
    )

    assert response.status_code == 302
    assert WorkshopChange.objects.count() == 1
    preparation.refresh_from_db()
    before.refresh_from_db()
    assert preparation.due_at == in_days(28, 12, 0)
    assert before.closes_at == in_days(43, 12, 0)


def test_a_confirmation_of_another_time_than_the_one_reviewed_shows_the_dates_again(
    client, olle_organiser, workshop, tied
):
    client.force_login(olle_organiser)
    url = reverse("labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": 1})
    reviewed = in_days(44, 9, 30).isoformat() + "/" + in_days(44, 16, 30).isoformat()

    response = client.post(url, {**move_form(days=50), "reviewed": reviewed})

    assert response.status_code == 200
    assert "Bekräfta flytten" in response.content.decode()
    assert WorkshopChange.objects.count() == 0


def test_the_move_page_warns_of_dates_that_would_no_longer_fit(
    client, olle_organiser, lab, workshop, tied
):
    do_create_assignment(
        actor=olle_organiser,
        lab=lab,
        details=AssignmentDetails(
            title="Skriv ett case",
            instructions="En halv sida.",
            due_at=in_days(25, 12, 0),
            workshop=workshop,
        ),
    )
    client.force_login(olle_organiser)
    url = reverse("labs:workshop-move", kwargs={"slug": workshop.lab.slug, "number": 1})

    # 27 days earlier: the case (due in 25 days) would move into the past; kept, both
    # assignments and the first round's closing would fall after the workshop has started
    page = client.post(url, move_form(days=3)).content.decode()

    assert page.count("Varning: om det flyttas har datumet redan passerat.") == 1
    assert page.count("Varning: om det behålls ligger datumet efter workshopens nya start.") == 3
    assert page.count("Varning:") == 4
