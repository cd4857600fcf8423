"""How long personal data is kept: the outbox, login codes, a lab's registrations and guests.
The clock is moved by passing ``now`` (the purge takes the time it runs at)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.audit.models import Entry
from larlabb.core.emails import RenderedEmail, queue_email
from larlabb.core.models import OutgoingEmail
from larlabb.live import actions as live
from larlabb.live.models import Participant
from larlabb.outcomes.report import attendance_of
from larlabb.privacy.retention import purge_in_tick, purge_personal_data
from larlabb.registrations.models import Attendance, Registration
from larlabb.reminders import registered_reminders, send_due_reminders
from tests.accounts.test_login import code_from
from tests.factories import RegistrationFactory, UserFactory

NOW = timezone.now()


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def email(key: str, *, created: datetime.datetime, sent: datetime.datetime | None) -> int:
    stored = OutgoingEmail.objects.create(
        key=key, to="sanna@example.org", subject="Hej", body="Hej Sanna", sent_at=sent
    )
    OutgoingEmail.objects.filter(pk=stored.pk).update(created_at=created)
    return stored.pk


# --- The outbox -----------------------------------------------------------------------------


def emptied() -> set[int]:
    return set(OutgoingEmail.objects.filter(to="", body="").values_list("pk", flat=True))


@pytest.mark.django_db
def test_sent_emails_are_emptied_after_thirty_days_and_not_before():
    old = email("old", created=days_ago(40), sent=days_ago(31))
    recent = email("recent", created=days_ago(40), sent=days_ago(29))
    waiting = email("waiting", created=days_ago(1), sent=None)
    failed = email("failed", created=days_ago(31), sent=None)  # a month of failed deliveries

    purged = purge_personal_data(NOW)

    assert purged.emails == 2
    assert emptied() == {old, failed}
    gone = OutgoingEmail.objects.get(pk=old)
    assert (gone.subject, gone.html, gone.attachments) == ("", "", [])
    assert OutgoingEmail.objects.get(pk=recent).body == "Hej Sanna"
    assert OutgoingEmail.objects.get(pk=waiting).to == "sanna@example.org"  # for the worker
    entry = Entry.objects.get(action=Entry.Action.DATA_PURGED)
    assert entry.actor is None
    assert entry.detail["emails"] == 2


@pytest.mark.django_db
def test_an_emptied_email_still_stops_its_reminder_from_going_twice(lab, olle_organiser):
    key = f"action-overdue:1:2026-01-01:{olle_organiser.pk}"
    email(key, created=days_ago(40), sent=days_ago(31))
    purge_personal_data(NOW)

    again = queue_email(key=key, to=olle_organiser.email, email=RenderedEmail("Påminnelse", "…"))

    assert again is None


@pytest.mark.django_db
def test_a_key_that_holds_an_address_is_hashed():
    pk = email(
        "account:account/email/login_code:sanna@example.org:x",
        created=days_ago(40),
        sent=days_ago(31),
    )

    purge_personal_data(NOW)

    assert "sanna" not in OutgoingEmail.objects.get(pk=pk).key


@pytest.mark.django_db
def test_the_email_retention_comes_from_the_settings(settings):
    settings.PRIVACY_EMAIL_RETENTION_DAYS = 7
    email("eight days", created=days_ago(9), sent=days_ago(8))

    assert purge_personal_data(NOW).emails == 1


@pytest.mark.django_db
def test_a_purge_with_nothing_to_do_writes_no_log():
    email("recent", created=days_ago(2), sent=days_ago(2))

    purge_personal_data(NOW)

    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_the_hourly_tick_purges_too():
    assert purge_in_tick in registered_reminders()
    old = email("old", created=days_ago(40), sent=days_ago(31))

    send_due_reminders(NOW)

    assert emptied() == {old}


@pytest.mark.django_db
def test_the_command_purges_and_says_what_it_did():
    old = email("old", created=days_ago(40), sent=days_ago(31))
    out = io.StringIO()

    call_command("purge_personal_data", stdout=out)

    assert "1 emails emptied" in out.getvalue()
    assert emptied() == {old}


@pytest.mark.django_db(transaction=True)
def test_a_login_code_is_not_kept_in_the_outbox_once_sent(client, mailbox, run_tasks):
    UserFactory(email="sanna@example.org", name="Sanna")
    client.post(reverse("account_request_login_code"), {"email": "sanna@example.org"})
    run_tasks()

    code = code_from(mailbox, "sanna@example.org")
    stored = OutgoingEmail.objects.get(to="sanna@example.org")
    assert stored.sent_at is not None
    assert code not in stored.body
    assert code not in stored.html
    assert stored.subject  # what was sent, and when, is still known


# --- A lab's personal data ------------------------------------------------------------------


@pytest.fixture
def past_lab(lab, workshop, region_skane, sanna_participant, olle_organiser, agency, anders):
    """A lab whose only workshop ended on ``NOW`` minus 400 days: Sanna (with a dietary
    need) checked in, Anders took part in the room only, Nils waited in vain, and a guest
    joined the room."""
    workshop.starts_at = days_ago(400)
    workshop.ends_at = workshop.starts_at + datetime.timedelta(hours=7)
    workshop.save()
    sanna = RegistrationFactory(
        lab=lab,
        person=sanna_participant,
        organisation=region_skane,
        status=Registration.Status.CONFIRMED,
        dietary_needs="laktosfritt",
        title="RUS-samordnare",
    )
    Attendance.objects.create(workshop=workshop, registration=sanna, checked_in_by=olle_organiser)
    RegistrationFactory(
        lab=lab,
        person=UserFactory(email="nils@example.org", organisation=region_skane),
        organisation=region_skane,
        status=Registration.Status.WAITING,
    )
    room = live.get_or_create_room(workshop)
    live.do_join(user=anders, room=room)
    Participant.objects.create(room=room, guest_key="greta-key", name="Greta Gäst")
    return lab


@pytest.mark.django_db
def test_a_labs_registrations_are_anonymised_a_year_after_its_last_workshop(
    past_lab, workshop, sanna_participant
):
    counts_before = attendance_of(workshop)

    purged = purge_personal_data(NOW)

    assert purged.labs == 1
    registrations = Registration.objects.filter(lab=past_lab)
    assert registrations.count() == 2  # the confirmed ones; the waiting one is gone
    assert not registrations.filter(person__email__endswith="@example.org").exists()
    assert set(registrations.values_list("dietary_needs", flat=True)) == {""}
    assert set(registrations.values_list("title", flat=True)) == {""}
    assert not Attendance.objects.filter(checked_in_by__isnull=False).exists()
    # the counts the documentation report uses stay as they were
    assert attendance_of(workshop) == counts_before
    # the people themselves keep their accounts
    sanna_participant.refresh_from_db()
    assert sanna_participant.is_active
    stand_ins = User.objects.filter(registrations__lab=past_lab)
    assert all(not person.is_active for person in stand_ins)
    assert {person.organisation.name for person in stand_ins} == {"Region Skåne", "Trafikverket"}
    entry = Entry.objects.get(action=Entry.Action.DATA_PURGED, lab=past_lab)
    assert entry.detail["registrations"] == 3


@pytest.mark.django_db
def test_the_guests_of_its_rooms_lose_their_names(past_lab, workshop):
    purge_personal_data(NOW)

    guest = Participant.objects.get(room__workshop=workshop, user=None)
    assert guest.name == "Borttagen deltagare"
    assert guest.guest_key == ""
    assert not Participant.objects.filter(name__in=["Greta Gäst", "Anders Myndig"]).exists()


@pytest.mark.django_db
def test_a_lab_keeps_its_data_until_the_period_is_over(past_lab, settings):
    settings.PRIVACY_LAB_RETENTION_MONTHS = 14

    assert purge_personal_data(NOW).labs == 0
    assert Registration.objects.filter(dietary_needs="laktosfritt").exists()
    assert Participant.objects.filter(name="Greta Gäst").exists()


@pytest.mark.django_db
def test_a_second_purge_changes_nothing_more(past_lab):
    purge_personal_data(NOW)
    people = set(Registration.objects.values_list("person_id", flat=True))

    again = purge_personal_data(NOW + datetime.timedelta(hours=1))

    assert not again.anything
    assert set(Registration.objects.values_list("person_id", flat=True)) == people
    assert Entry.objects.filter(action=Entry.Action.DATA_PURGED).count() == 1


@pytest.mark.django_db
def test_a_lab_to_come_is_not_touched(lab, workshop, sanna_participant, region_skane):
    RegistrationFactory(lab=lab, person=sanna_participant, organisation=region_skane)

    assert purge_personal_data(NOW).labs == 0
    assert Registration.objects.get(lab=lab).person == sanna_participant


@pytest.mark.django_db
def test_an_email_that_never_went_out_is_emptied_too_and_an_unsent_code_once_expired():
    """Review of issue "Trust": a delivery that failed for good kept its address and text for
    ever, and a login code that never went out stayed readable in the outbox."""
    from larlabb.privacy.retention import purge_emails

    failed = OutgoingEmail.objects.create(
        key="reminder:x", to="a@example.org", subject="Påminnelse", body="Hej"
    )
    code = OutgoingEmail.objects.create(
        key="account:login_code:b@example.org", to="b@example.org", subject="Kod", body="ABC123"
    )
    OutgoingEmail.objects.filter(pk=failed.pk).update(created_at=days_ago(31))
    OutgoingEmail.objects.filter(pk=code.pk).update(created_at=days_ago(0.02))  # 29 minutes

    assert purge_emails(NOW) == 2
    failed.refresh_from_db()
    code.refresh_from_db()
    assert (failed.to, failed.body, code.to, code.body) == ("", "", "", "")
    from larlabb.core.tasks import send_outgoing

    assert send_outgoing(code) is False  # emptied before it could go: never sent to nobody
