"""The admin never changes what the actions of synergy maps guard: the reference catalogues
stay as the shared data has them, a catalogue keeps its key and a goal its catalogue, and a
map's goals, groups, status and visibility change only on its pages."""

import pytest
from django.urls import reverse

from larlabb.synergies.models import Catalogue, Goal, MappingSession
from tests.missions.admin_forms import (
    change_url,
    full_form_values,
    post_change_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, stina_staff):
    """Lärlabb's staff, logged in to the admin as a superuser."""
    client.force_login(stina_staff)
    return stina_staff


@pytest.fixture
def reference(db) -> Catalogue:
    catalogue = Catalogue.objects.create(key="strategy-areas", name="Strategins områden")
    Goal.objects.create(catalogue=catalogue, code="A1", title="Likvärdiga förutsättningar")
    return catalogue


@pytest.fixture
def own(db) -> Catalogue:
    catalogue = Catalogue.objects.create(key="rus-skane", name="Skånes strategi")
    Goal.objects.create(catalogue=catalogue, code="1.1", title="Attraktiv livsmiljö")
    return catalogue


def test_a_reference_catalogue_is_shown_in_the_admin_and_never_changed(client, staff, reference):
    assert client.get(change_url(reference)).status_code == 200

    values = full_form_values(staff, reference, name="Ändrad", key="mina-mal")
    assert client.post(change_url(reference), values).status_code == 403

    reference.refresh_from_db()
    assert (reference.key, reference.name) == ("strategy-areas", "Strategins områden")
    delete = reverse("admin:synergies_catalogue_delete", args=[reference.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Catalogue.objects.filter(pk=reference.pk).exists()


def test_a_goal_of_a_reference_catalogue_is_never_changed_in_the_admin(client, staff, reference):
    goal = reference.goals.get()

    values = full_form_values(staff, goal, title="Ändrat mål")
    assert client.post(change_url(goal), values).status_code == 403

    goal.refresh_from_db()
    assert goal.title == "Likvärdiga förutsättningar"


def test_an_own_catalogue_is_renamed_in_the_admin_but_keeps_its_key(client, staff, own):
    response = post_change_page(client, own, name="Skånes utvecklingsstrategi", key="sdgs")

    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.key, own.name) == ("rus-skane", "Skånes utvecklingsstrategi")
    assert client.get(reverse("admin:synergies_catalogue_add")).status_code == 403


def test_a_goal_is_corrected_in_the_admin_but_never_moved_into_a_reference_catalogue(
    client, staff, own, reference
):
    goal = own.goals.get()

    response = post_change_page(client, goal, title="Attraktiv miljö", catalogue=reference.pk)

    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.catalogue) == ("Attraktiv miljö", own)
    assert client.get(reverse("admin:synergies_goal_add")).status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("group_count", 3),
        ("status", MappingSession.Status.CLOSED),
        ("show_individual_scores", "on"),
        ("workshop", ""),
    ],
)
def test_a_maps_title_is_corrected_in_the_admin_but_what_its_actions_guard_is_not(
    client, staff, session, workshop, field, value
):
    session.workshop = workshop
    session.save()
    before = getattr(MappingSession.objects.get(pk=session.pk), field)

    response = post_change_page(client, session, title="Nya målkonflikter", **{field: value})

    assert response.status_code == 302
    session = MappingSession.objects.get(pk=session.pk)
    assert session.title == "Nya målkonflikter"
    assert getattr(session, field) == before


def test_a_maps_goals_are_not_changed_in_the_admin(client, staff, session, sdgs):
    response = post_change_page(client, session, **{"session_goals-0-goal": sdgs[10].pk})

    assert response.status_code == 302
    assert [link.goal for link in session.session_goals.order_by("position")] == sdgs[:5]
    assert client.get(reverse("admin:synergies_mappingsession_add")).status_code == 403


def test_another_labs_organiser_does_not_rename_its_maps(client, session, other_organiser):
    other_organiser.is_staff = other_organiser.is_superuser = True
    other_organiser.save()
    client.force_login(other_organiser)

    values = full_form_values(other_organiser, session, title="Kapad")

    assert client.post(change_url(session), values).status_code == 403
    session.refresh_from_db()
    assert session.title == "Målkonflikter"


def test_a_participant_with_admin_rights_does_not_change_a_catalogue(
    client, own, sanna_participant
):
    sanna_participant.is_staff = sanna_participant.is_superuser = True
    sanna_participant.save()
    client.force_login(sanna_participant)

    values = full_form_values(sanna_participant, own, name="Kapad")

    assert client.post(change_url(own), values).status_code == 403
    own.refresh_from_db()
    assert own.name == "Skånes strategi"
