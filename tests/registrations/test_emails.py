import datetime
import re

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from larlabb.accounts.models import User
from larlabb.core import emails
from larlabb.labs.actions import do_move_workshop
from larlabb.registrations.actions import Answers, do_cancel, do_register
from larlabb.registrations.models import Registration
from larlabb.reminders import send_due_reminders
from tests.factories import OrganisationFactory, ProgramItemFactory, UserFactory, in_days

pytestmark = pytest.mark.django_db(transaction=True)
ANSWERS = Answers(title="RUS-samordnare", knowledge="both", travel_acknowledged=True)


def test_a_registration_is_confirmed_by_email_with_the_calendar_file(
    lab, workshops, sanna_participant, region_skane, mailbox, run_tasks
):
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    run_tasks()

    (message,) = mailbox.to("sanna@example.org")
    assert "Du är anmäld till Lärlabb: Testlabbet" in str(message["Subject"])
    assert "för Region Skåne" in mailbox.text(message)
    assert "Inga fler påminnelser" in mailbox.html(message)
    ((filename, content),) = mailbox.attachments(message)
    assert filename == "testlabbet.ics"
    assert len(icalendar.Calendar.from_ical(content).walk("VEVENT")) == 2


def test_the_email_is_in_the_recipients_language(
    lab, workshops, sanna_participant, region_skane, mailbox, run_tasks
):
    sanna_participant.language = User.Language.ENGLISH
    sanna_participant.save()
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    run_tasks()
    (message,) = mailbox.to("sanna@example.org")
    assert "You are registered for" in str(message["Subject"])
    assert "You are registered for" in mailbox.html(message)


def test_the_waiting_list_and_the_promotion_are_emailed(
    lab, workshops, skane_people, region_skane, mailbox, run_tasks
):
    first, _, _third = (
        do_register(actor=p, lab=lab, organisation=region_skane, answers=ANSWERS)
        for p in skane_people
    )
    run_tasks()
    (waiting,) = mailbox.to("skane3@example.org")
    assert "väntelistan" in str(waiting["Subject"])

    do_cancel(actor=skane_people[0], registration=first)
    run_tasks()

    promoted = mailbox.to("skane3@example.org")[-1]
    assert "Du har fått en plats" in str(promoted["Subject"])
    assert mailbox.attachments(promoted)
    assert len(mailbox.to("skane3@example.org")) == 2


def test_a_colleague_confirms_with_the_link_in_the_email(
    client, lab, workshops, sanna_participant, region_skane, mailbox, run_tasks
):
    client.force_login(sanna_participant)
    response = client.post(
        reverse("registrations:register-colleague", kwargs={"slug": lab.slug}),
        {
            "name": "Kim Kollega",
            "email": "kim@skane.example",
            "title": "Analytiker",
            "knowledge": "overview",
            "travel_acknowledged": "on",
        },
    )
    assert response.status_code == 302
    run_tasks()
    registration = Registration.objects.get(person__email="kim@skane.example")
    assert registration.status == "pending"
    assert registration.registered_by == sanna_participant
    (invite,) = mailbox.to("kim@skane.example")
    path = re.search(r"(/anmalan/bekrafta/[^/\s]+/)", mailbox.text(invite)).group(1)

    client.force_login(sanna_participant)
    client.post(path)
    registration.refresh_from_db()
    assert registration.status == "pending"  # the link is for Kim only

    client.force_login(registration.person)
    assert client.post(path).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    run_tasks()
    assert "Du är anmäld" in str(mailbox.to("kim@skane.example")[-1]["Subject"])


def test_nobody_registers_a_colleague_of_another_organisation(
    client, lab, workshops, sanna_participant, tillvaxtverket
):
    """A colleague's address that Lärlabb knows as someone of another organisation is refused
    without telling whose it is or where they belong."""
    UserFactory(email="annan@skane.example", name="Anders Annan", organisation=tillvaxtverket)
    client.force_login(sanna_participant)
    response = client.post(
        reverse("registrations:register-colleague", kwargs={"slug": lab.slug}),
        {
            "name": "Någon",
            "email": "annan@skane.example",
            "title": "x",
            "knowledge": "both",
            "travel_acknowledged": "on",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "annan@skane.example kan inte anmälas för Region Skåne." in text
    assert "Tillväxtverket" not in text
    assert "Anders Annan" not in text
    assert not Registration.objects.exists()


@pytest.fixture
def reminder_lab(lab, workshops, rus_network, region_skane, sanna_participant):
    """Deadline in five days, reminders seven days before: the deadline reminder is due."""
    lab.registration_deadline = timezone.localdate() + datetime.timedelta(days=5)
    lab.save()
    halland = OrganisationFactory(name="Region Halland", county_code="13")
    rus_network.members.add(halland)
    people = [
        UserFactory(email=f"halland{n}@example.org", organisation=halland) for n in range(1, 4)
    ]
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    return lab, people


def test_the_deadline_reminder_goes_to_organisations_with_nobody_registered(
    reminder_lab, mailbox, run_tasks, region_skane
):
    UserFactory(email="kollega@example.org", organisation=region_skane)
    _lab, people = reminder_lab
    mailbox.messages.clear()

    send_due_reminders(timezone.now())
    run_tasks()

    assert sorted(
        str(m["To"]) for m in mailbox.messages if "Sista anmälningsdag" in str(m["Subject"])
    ) == [p.email for p in people]
    text = mailbox.text(mailbox.to("halland1@example.org")[0])
    assert "Ingen från Region Halland har anmält sig" in text
    assert "/konto/paminnelser/av/" in text


def test_the_unsubscribe_link_stops_the_reminders(client, reminder_lab, mailbox, run_tasks):
    lab, people = reminder_lab
    send_due_reminders(timezone.now())
    run_tasks()
    link = re.search(
        r"(/konto/paminnelser/av/[^/\s]+/)", mailbox.text(mailbox.to(people[0].email)[0])
    ).group(1)

    assert client.get(link).status_code == 200
    client.post(link)

    people[0].refresh_from_db()
    assert people[0].wants_reminders is False
    lab.registration_deadline += datetime.timedelta(days=1)  # a new deadline: a new reminder
    lab.save()
    send_due_reminders(timezone.now())
    run_tasks()
    assert len(mailbox.to(people[0].email)) == 1
    assert len(mailbox.to(people[1].email)) == 2


def test_no_reminder_is_sent_twice_even_if_the_worker_stops_mid_batch(
    reminder_lab, mailbox, run_tasks, monkeypatch
):
    _lab, people = reminder_lab
    run_tasks()
    mailbox.messages.clear()
    original, calls = emails.queue_email, []

    def crash_on_the_second(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            raise RuntimeError("the worker was stopped")
        return original(**kwargs)

    monkeypatch.setattr("larlabb.accounts.actions.queue_email", crash_on_the_second)
    with pytest.raises(RuntimeError):
        send_due_reminders(timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "1", verbosity=0)
    monkeypatch.setattr("larlabb.accounts.actions.queue_email", original)

    send_due_reminders(timezone.now())  # the restarted worker runs the batch again
    send_due_reminders(timezone.now())
    run_tasks()
    run_tasks()

    assert sorted(str(m["To"]) for m in mailbox.messages) == [p.email for p in people]


def test_the_day_before_a_workshop_the_registered_get_the_programme(
    lab, workshops, sanna_participant, region_skane, olle_organiser, mailbox, run_tasks
):
    ProgramItemFactory(workshop=workshops[0], title="Framsyn: Regional utveckling 2030")
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    run_tasks()
    mailbox.messages.clear()

    send_due_reminders(workshops[0].starts_at - datetime.timedelta(days=2))
    assert mailbox.messages == []

    send_due_reminders(workshops[0].starts_at - datetime.timedelta(hours=20))
    send_due_reminders(workshops[0].starts_at - datetime.timedelta(hours=19))
    run_tasks()
    (reminder,) = mailbox.to("sanna@example.org")
    assert "I morgon: Workshop 1" in str(reminder["Subject"])
    assert "Framsyn: Regional utveckling 2030" in mailbox.text(reminder)
    assert "Stockholm" in mailbox.text(reminder)


def test_a_moved_workshop_gets_a_new_reminder(
    lab, workshops, sanna_participant, region_skane, olle_organiser, mailbox, run_tasks
):
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    send_due_reminders(workshops[0].starts_at - datetime.timedelta(hours=20))
    run_tasks()
    do_move_workshop(
        actor=olle_organiser,
        workshop=workshops[0],
        starts_at=in_days(40),
        ends_at=in_days(40, 16),
        venue="",
        address="",
        city="Göteborg",
        format="physical",
        reason="x",
    )
    workshops[0].refresh_from_db()
    send_due_reminders(workshops[0].starts_at - datetime.timedelta(hours=20))
    run_tasks()
    subjects = [str(m["Subject"]) for m in mailbox.to("sanna@example.org")]
    assert sum("I morgon" in s for s in subjects) == 2


def test_the_text_part_carries_names_as_they_are_written(
    lab, workshops, sanna_participant, region_skane, mailbox, run_tasks
):
    lab.title = "Lärlabb: Skåne & Blekinge"
    lab.save()
    region_skane.name = 'Region Skåne\'s "nya" förvaltning'
    region_skane.save()
    sanna_participant.name = "Åsa O'Brien & Co"
    sanna_participant.save()

    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    run_tasks()

    (message,) = mailbox.to("sanna@example.org")
    text = mailbox.text(message)
    assert "Åsa" in text
    assert "Skåne & Blekinge" in text
    assert 'Region Skåne\'s "nya" förvaltning' in text
    assert "Skåne & Blekinge" in str(message["Subject"])
    assert not re.search(r"&(amp|#x?[0-9a-f]+|quot|lt|gt);", text + str(message["Subject"]))
    assert "Skåne &amp; Blekinge" in mailbox.html(message)  # the HTML part stays escaped


def test_the_calendar_file_is_in_the_recipients_language_whoever_registers(
    lab, workshops, sanna_participant, region_skane, mailbox, run_tasks
):
    workshops[0].format = "digital"
    workshops[0].save()
    with translation.override("en"):  # an English-speaking organiser's request, say
        do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS)
    run_tasks()

    (message,) = mailbox.to("sanna@example.org")
    ((_filename, content),) = mailbox.attachments(message)
    locations = [str(e["LOCATION"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")]
    assert any("Digitalt möte" in location for location in locations)
    assert not any("meeting" in location for location in locations)


def test_a_colleague_on_the_waiting_list_gets_an_email_that_says_so(
    lab, workshops, skane_people, sanna_participant, region_skane, mailbox, run_tasks
):
    lab.per_organisation_limit = 1
    lab.save()
    do_register(actor=skane_people[0], lab=lab, organisation=region_skane, answers=ANSWERS)
    kim = UserFactory(email="kim@skane.example", name="Kim Kollega", organisation=region_skane)
    do_register(
        actor=sanna_participant, lab=lab, organisation=region_skane, answers=ANSWERS, person=kim
    )
    run_tasks()

    (message,) = mailbox.to("kim@skane.example")
    text = mailbox.text(message)
    assert "väntelistan" in str(message["Subject"])
    assert "har anmält dig till Lärlabb: Testlabbet" in text
    assert "Region Skåne har 1 plats i Lärlabb: Testlabbet och den är tagen" in text
    assert "platserna" not in text
