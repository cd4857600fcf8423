"""Lists of people that participants see honour each person's choice to be listed; dietary
needs go to the organisers only, and into an export beside email addresses only when asked."""

import csv
import io

import pytest
from django.urls import reverse

from larlabb.outcomes import actions as outcomes
from larlabb.outcomes.models import Collaboration
from larlabb.registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(lab, sanna, anders, vera):
    """Sanna and Anders agreed to be listed; Vera did not."""
    Registration.objects.filter(person__in=[sanna, anders]).update(listed=True)
    return sanna, anders, vera


def contact_choices_page(client, user, lab) -> str:
    client.force_login(user)
    url = reverse("outcomes:collaborations", kwargs={"slug": lab.slug})
    return client.get(url).content.decode()


def test_a_participant_sees_only_the_listed_people_as_contact_persons(client, lab, people):
    sanna, _anders, _vera = people

    page = contact_choices_page(client, sanna, lab)

    assert "Anders Myndig" in page
    assert "Olle Organisatör" in page  # the organisers are always there
    assert "Vera Västra" not in page


def test_an_unlisted_participant_still_sees_themselves(client, lab, people):
    _sanna, _anders, vera = people
    assert "Vera Västra" in contact_choices_page(client, vera, lab)


def test_the_organisers_see_everyone(client, lab, people, olle_organiser):
    assert "Vera Västra" in contact_choices_page(client, olle_organiser, lab)


def test_a_participant_cannot_name_an_unlisted_person_as_contact(client, lab, people):
    sanna, _anders, vera = people
    client.force_login(sanna)

    response = client.post(
        reverse("outcomes:collaborations", kwargs={"slug": lab.slug}),
        {
            "title": "Kompetens",
            "challenge_text": "Bristen på kompetens",
            "organisations": [sanna.organisation_id],
            "contact": vera.pk,
            "status": "proposed",
        },
    )

    assert response.status_code == 200
    assert not Collaboration.objects.exists()


def test_the_contact_already_named_stays_in_the_list_when_editing(client, lab, people):
    sanna, _anders, vera = people
    made = outcomes.do_create_collaboration(
        actor=vera,
        lab=lab,
        details=outcomes.CollaborationDetails(
            title="Kompetens",
            organisations=(vera.organisation, sanna.organisation),
            contact=vera,
            challenge_text="Bristen på kompetens",
        ),
    )
    client.force_login(sanna)
    page = client.get(reverse("outcomes:collaboration", kwargs={"pk": made.pk})).content.decode()
    assert "Vera Västra" in page


# --- Dietary needs --------------------------------------------------------------------------


def export_rows(client, lab, query="") -> list[list[str]]:
    url = reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": "csv"})
    response = client.get(url + query)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_registration_export_leaves_out_dietary_needs_unless_asked(
    client, lab, sanna, olle_organiser
):
    Registration.objects.filter(person=sanna).update(dietary_needs="nötallergi")
    client.force_login(olle_organiser)

    plain = export_rows(client, lab)
    assert "Specialkost" not in plain[0]
    assert "nötallergi" not in str(plain)
    assert "sanna@example.org" in str(plain)

    asked = export_rows(client, lab, "?kost=1")
    assert "Specialkost" in asked[0]
    assert "nötallergi" in str(asked)


def test_the_day_list_shows_dietary_needs_to_the_organisers_only(
    client, lab, workshop, sanna, olle_organiser, other_organiser
):
    Registration.objects.filter(person=sanna).update(dietary_needs="nötallergi")
    lab.leaders.add(other_organiser)
    url = reverse("registrations:day-list", kwargs={"slug": lab.slug, "number": workshop.number})

    client.force_login(olle_organiser)
    assert "nötallergi" in client.get(url).content.decode()
    client.force_login(other_organiser)  # a workshop leader of this lab
    page = client.get(url).content.decode()
    assert "Sanna Skåning" in page
    assert "nötallergi" not in page


def test_the_challenge_driven_forms_list_only_the_listed_people_to_a_participant(
    lab, people, olle_organiser
):
    """Owners of a mission, participants of an experiment, the person responsible for an
    action: a participant chooses among the listed people (and those already chosen); the
    organisers among everyone."""
    from larlabb.missions.forms import ActionForm, MissionForm
    from larlabb.missions.models import Action

    sanna, _anders, vera = people
    names = lambda form, field: {p.name for p in form.fields[field].queryset}  # noqa: E731
    shown = names(MissionForm(lab=lab, viewer=sanna), "owners")
    assert {"Sanna Skåning", "Anders Myndig", "Olle Organisatör"} <= shown
    assert "Vera Västra" not in shown
    assert "Vera Västra" in names(MissionForm(lab=lab, viewer=olle_organiser), "owners")

    action = Action(lab=lab, title="Nästa steg", responsible=vera)
    kept = names(ActionForm(lab=lab, viewer=sanna, instance=action), "responsible")
    assert "Vera Västra" in kept  # already chosen: stays, or saving would drop her
