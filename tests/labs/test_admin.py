"""The admin changes a lab or workshop only through the actions and their rules."""

import pytest
from django.urls import reverse

from larlabb.core.models import OutgoingEmail
from larlabb.labs.models import Lab, Workshop
from tests.factories import WorkshopFactory, in_days

pytestmark = pytest.mark.django_db


def lab_form(lab: Lab, **changes) -> dict:
    """The admin's change form of ``lab`` as posted, with no inline rows changed."""
    data = {
        "title": lab.title,
        "slug": lab.slug,
        "question": lab.question,
        "hosts": [o.pk for o in lab.hosts.all()],
        "invited_networks": [n.pk for n in lab.invited_networks.all()],
        "per_organisation_limit": lab.per_organisation_limit,
        "travel_at_own_cost": "on",
        "registration_deadline": lab.registration_deadline.isoformat(),
        "deadline_reminder_days": lab.deadline_reminder_days,
        "organisers": [u.pk for u in lab.organisers.all()],
        "is_published": "on",
    }
    for prefix in ["expected_results", "documents", "workshops"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_a_lab_saved_in_the_admin_keeps_an_organiser(client, stina_staff, lab):
    client.force_login(stina_staff)
    data = lab_form(lab, title="Nytt namn")
    del data["organisers"]

    response = client.post(reverse("admin:labs_lab_change", args=[lab.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    lab.refresh_from_db()
    assert lab.title == "Nytt namn"
    assert list(lab.organisers.all()) == [stina_staff]  # the action's rule: never none


def test_another_labs_organiser_cannot_change_the_lab_in_the_admin(client, other_organiser, lab):
    other_organiser.is_staff = True
    other_organiser.save()
    client.force_login(other_organiser)

    response = client.post(
        reverse("admin:labs_lab_change", args=[lab.pk]), lab_form(lab, title="Kapad")
    )

    assert response.status_code == 403
    lab.refresh_from_db()
    assert lab.title == "Lärlabb: Testlabbet"


def test_a_workshops_time_place_and_status_are_read_only_in_the_admin(client, stina_staff, lab):
    workshop = WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))
    client.force_login(stina_staff)
    before = Workshop.objects.values().get(pk=workshop.pk)

    response = client.post(
        reverse("admin:labs_workshop_change", args=[workshop.pk]),
        {
            "title": "Ny titel",
            "meeting_link": "",
            "starts_at_0": in_days(60).date().isoformat(),
            "starts_at_1": "09:30",
            "ends_at_0": in_days(60).date().isoformat(),
            "ends_at_1": "16:30",
            "city": "Malmö",
            "status": Workshop.Status.CANCELLED,
            "program-TOTAL_FORMS": 0,
            "program-INITIAL_FORMS": 0,
            "changes-TOTAL_FORMS": 0,
            "changes-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    after = Workshop.objects.values().get(pk=workshop.pk)
    assert after["title"] == "Ny titel"
    assert {k: v for k, v in after.items() if k != "title"} == {
        k: v for k, v in before.items() if k != "title"
    }
    assert not OutgoingEmail.objects.exists()  # nothing moved, nobody told


def test_workshops_are_added_on_the_labs_page_not_in_the_admin(client, stina_staff):
    client.force_login(stina_staff)

    assert client.get(reverse("admin:labs_workshop_add")).status_code == 403


def test_the_admin_links_a_workshop_to_its_move_and_cancel_pages(client, stina_staff, lab):
    workshop = WorkshopFactory(lab=lab, number=1)
    client.force_login(stina_staff)

    page = client.get(reverse("admin:labs_workshop_change", args=[workshop.pk])).content.decode()

    assert reverse("labs:workshop-move", kwargs={"slug": lab.slug, "number": 1}) in page
    assert reverse("labs:workshop-cancel", kwargs={"slug": lab.slug, "number": 1}) in page
