"""The person responsible for an overdue action is reminded by email, once per due date,
through the outbox and the task queue; a real SMTP server receives it."""

import datetime

import pytest
from django.utils import timezone

from larlabb.missions import actions
from larlabb.reminders import send_due_reminders

pytestmark = pytest.mark.django_db


def step(title, owner, responsible, due_on) -> actions.ActionDetails:
    return actions.ActionDetails(title=title, owner=owner, responsible=responsible, due_on=due_on)


@pytest.mark.django_db(transaction=True)  # the task worker opens and closes connections
def test_an_overdue_action_is_reminded_once_to_the_person_responsible(
    lab, anna, olle_organiser, agency, today, mailbox, run_tasks
):
    for title, days_ago in (("Skriv PM om styrning", 2), ("Inte försenad", 0)):
        actions.do_create_action(
            actor=olle_organiser,
            lab=lab,
            details=step(title, agency, anna, today - datetime.timedelta(days=days_ago)),
        )
    done = actions.do_create_action(
        actor=olle_organiser,
        lab=lab,
        details=step("Redan klar", agency, anna, today - datetime.timedelta(days=5)),
    )
    actions.do_set_action_status(actor=anna, action=done, status="done")

    assert send_due_reminders(timezone.now()) == 1
    assert send_due_reminders(timezone.now()) == 0  # run again: nothing twice
    run_tasks()

    (message,) = mailbox.to("anna@example.org")
    text = mailbox.text(message)
    assert "Skriv PM om styrning" in message["Subject"]
    assert "/labb/testlabbet/handlingsplan/" in text
    assert "Inga fler påminnelser" in text


def test_no_reminder_for_someone_who_turned_reminders_off(lab, anna, olle_organiser, agency, today):
    anna.wants_reminders = False
    anna.save()
    actions.do_create_action(
        actor=olle_organiser,
        lab=lab,
        details=step("PM", agency, anna, today - datetime.timedelta(days=2)),
    )

    assert send_due_reminders(timezone.now()) == 0


def test_a_new_due_date_that_passes_brings_a_new_reminder(lab, anna, olle_organiser, agency, today):
    action = actions.do_create_action(
        actor=olle_organiser,
        lab=lab,
        details=step("PM", agency, anna, today - datetime.timedelta(days=2)),
    )
    assert send_due_reminders(timezone.now()) == 1

    actions.do_update_action(
        actor=olle_organiser,
        action=action,
        details=step("PM", agency, anna, today - datetime.timedelta(days=1)),
    )
    assert send_due_reminders(timezone.now()) == 1
    assert send_due_reminders(timezone.now()) == 0
