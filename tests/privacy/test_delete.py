"""Deleting an account: by its person after a confirmation, or by a lab's organisers on the
person's request (logged). Shared results stay, anonymised; the person's own things go."""

import datetime
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.audit.models import Entry
from larlabb.core.emails import RenderedEmail, queue_email
from larlabb.core.models import OutgoingEmail
from larlabb.live import events
from larlabb.live.models import Note, Participant, Vote
from larlabb.outcomes.models import Reflection, Response, Submission
from larlabb.privacy.actions import PrivacyError, do_delete_account
from larlabb.registrations.models import Registration
from larlabb.synergies.models import Score
from tests.factories import LabFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def delete_own(client, person):
    client.force_login(person)
    return client.post(reverse("privacy:delete-account"), {"understood": "on"})


def test_the_page_asks_first_and_deletes_nothing_without_the_tick(client, footprint):
    client.force_login(footprint.person)
    page = client.get(reverse("privacy:delete-account"))
    assert page.status_code == 200
    assert "Radera mitt konto" in page.content.decode()

    response = client.post(reverse("privacy:delete-account"), {})

    assert response.status_code == 200
    assert "Kryssa i rutan" in response.content.decode()
    footprint.person.refresh_from_db()
    assert footprint.person.email == "sanna@example.org"
    assert footprint.person.is_active


def test_deleting_ones_account_logs_out_and_the_old_account_cannot_log_in(client, footprint):
    response = delete_own(client, footprint.person)

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:deleted")
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out
    account = User.objects.get(pk=footprint.person.pk)
    assert not account.is_active
    assert not account.has_usable_password()
    assert account.email.endswith("@deleted.invalid")
    assert account.name == "Borttagen deltagare"
    assert not User.objects.filter(email="sanna@example.org").exists()
    assert not EmailAddress.objects.filter(email__iexact="sanna@example.org").exists()


def test_the_address_opens_a_new_empty_account(client, footprint):
    old = footprint.person.pk
    delete_own(client, footprint.person)

    client.post(reverse("account_request_login_code"), {"email": "sanna@example.org"})

    fresh = User.objects.get(email="sanna@example.org")
    assert fresh.pk != old
    assert not Registration.objects.filter(person=fresh).exists()
    assert not Participant.objects.filter(user=fresh).exists()


def test_a_session_of_the_deleted_account_elsewhere_ends(client, footprint):
    other_device = Client()
    other_device.force_login(footprint.person)
    delete_own(client, footprint.person)

    assert other_device.get(reverse("accounts:profile")).status_code == 302


def test_shared_results_stay_anonymised_and_own_things_go(
    client, footprint, django_capture_on_commit_callbacks
):
    stored = Path(footprint.submission.file.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        delete_own(client, footprint.person)

    # the note, the vote and the score stay, no longer showing the name
    note = Note.objects.get(pk=footprint.note.pk)
    assert note.author.name == "Borttagen deltagare"
    assert Vote.objects.filter(pk=footprint.vote.pk).exists()
    assert Score.objects.filter(pk=footprint.score.pk).exists()
    response = Response.objects.get(pk=footprint.response.pk)
    assert response.answers.count() == 1
    assert response.comment == ""
    # the room's stored events no longer carry the name
    texts = events.events_since(footprint.board.pk, 0, events.FACILITATOR)
    assert texts
    assert not any("Sanna Skåning" in text for text in texts)
    # own texts and files go
    assert not Reflection.objects.filter(pk=footprint.reflection.pk).exists()
    assert not Submission.objects.filter(pk=footprint.submission.pk).exists()
    assert not stored.exists()
    assert not OutgoingEmail.objects.filter(to="sanna@example.org").exists()
    # the registration keeps the organisation for the counts, without the dietary need
    registration = Registration.objects.get(pk=footprint.registration.pk)
    assert registration.dietary_needs == ""
    assert registration.organisation.name == "Region Skåne"


def test_a_place_in_a_lab_to_come_goes_to_the_next_in_line(client, footprint, lab, region_skane):
    lab.per_organisation_limit = 1
    lab.save()
    waiting = RegistrationFactory(
        lab=lab,
        person=UserFactory(email="nils@example.org", organisation=region_skane),
        organisation=region_skane,
        status=Registration.Status.WAITING,
    )

    delete_own(client, footprint.person)

    assert Registration.objects.get(pk=footprint.registration.pk).status == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"


def test_a_registration_in_a_lab_that_has_begun_stays_for_its_counts(client, footprint, workshop):
    workshop.starts_at = timezone.now() - datetime.timedelta(days=1)
    workshop.ends_at = workshop.starts_at + datetime.timedelta(hours=7)
    workshop.save()

    delete_own(client, footprint.person)

    assert Registration.objects.get(pk=footprint.registration.pk).status == "confirmed"


def test_a_self_deletion_is_in_the_audit_log_without_the_name(client, footprint):
    delete_own(client, footprint.person)

    entry = Entry.objects.get(action=Entry.Action.PERSON_DELETED)
    assert entry.object_id == str(footprint.person.pk)
    assert "Sanna" not in entry.object_label
    assert "sanna@example.org" not in str(entry.detail)


# --- Organisers, on request -----------------------------------------------------------------


def delete_url(lab) -> str:
    return reverse("privacy:delete-person", kwargs={"slug": lab.slug})


def test_an_organiser_deletes_a_participant_of_their_lab_on_request_and_it_is_logged(
    client, footprint, lab, olle_organiser
):
    client.force_login(olle_organiser)
    assert "Sanna Skåning" in client.get(delete_url(lab)).content.decode()

    response = client.post(
        delete_url(lab),
        {"person": footprint.person.pk, "reason": "Mejl 3 mars", "understood": "on"},
    )

    assert response.status_code == 302
    account = User.objects.get(pk=footprint.person.pk)
    assert not account.is_active
    entry = Entry.objects.get(action=Entry.Action.PERSON_DELETED)
    assert entry.actor == olle_organiser
    assert entry.lab == lab
    assert entry.detail["reason"] == "Mejl 3 mars"


def test_an_organiser_of_another_lab_cannot(client, footprint, lab, other_organiser):
    client.force_login(other_organiser)
    assert client.get(delete_url(lab)).status_code == 403
    response = client.post(
        delete_url(lab), {"person": footprint.person.pk, "reason": "x", "understood": "on"}
    )
    assert response.status_code == 403
    own_lab = LabFactory(organisers=[other_organiser])
    response = client.post(
        delete_url(own_lab), {"person": footprint.person.pk, "reason": "x", "understood": "on"}
    )
    assert response.status_code == 200  # not one of the people of that lab
    assert User.objects.get(pk=footprint.person.pk).is_active
    with pytest.raises(PrivacyError):
        do_delete_account(actor=other_organiser, person=footprint.person)
    assert not Entry.objects.filter(action=Entry.Action.PERSON_DELETED).exists()


def test_a_participant_cannot_delete_someone_else(client, footprint, lab, anders):
    client.force_login(anders)
    response = client.post(
        delete_url(lab), {"person": footprint.person.pk, "reason": "x", "understood": "on"}
    )
    assert response.status_code == 403
    with pytest.raises(PrivacyError):
        do_delete_account(actor=anders, person=footprint.person)
    assert User.objects.get(pk=footprint.person.pk).is_active


def test_an_organiser_cannot_delete_staff_or_another_organiser(
    lab, olle_organiser, other_organiser, stina_staff, region_skane
):
    for person in (other_organiser, stina_staff):
        RegistrationFactory(lab=lab, person=person, organisation=region_skane)
        with pytest.raises(PrivacyError):
            do_delete_account(actor=olle_organiser, person=person)
        assert User.objects.get(pk=person.pk).is_active


def test_staff_may_delete_an_organiser(olle_organiser, stina_staff, lab):
    do_delete_account(actor=stina_staff, person=olle_organiser, reason="Begäran")

    account = User.objects.get(pk=olle_organiser.pk)
    assert not account.is_active
    assert not lab.organisers.filter(pk=account.pk).exists()


def test_nothing_is_queued_for_a_deleted_account(footprint):
    person = do_delete_account(actor=footprint.person, person=footprint.person)

    stored = queue_email(key="after-deletion", to=person.email, email=RenderedEmail("Hej", "Hej"))

    assert stored is None
    assert not OutgoingEmail.objects.filter(key="after-deletion").exists()


def test_the_registrations_page_leads_the_organisers_to_it(client, lab, olle_organiser):
    client.force_login(olle_organiser)
    page = client.get(reverse("registrations:overview", kwargs={"slug": lab.slug}))
    assert delete_url(lab) in page.content.decode()
