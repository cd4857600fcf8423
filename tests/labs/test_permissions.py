"""Only the lab's organisers edit it and move its workshops; drafts are theirs alone."""

import pytest
from django.urls import reverse

from tests.factories import WorkshopFactory, in_days

pytestmark = pytest.mark.django_db

ORGANISER_PAGES = [
    ("labs:lab-manage", {}),
    ("labs:lab-edit", {}),
    ("labs:workshop-create", {}),
    ("labs:workshop-edit", {"number": 1}),
    ("labs:workshop-move", {"number": 1}),
    ("labs:workshop-cancel", {"number": 1}),
]


@pytest.fixture
def workshop(lab):
    return WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))


def url(name: str, lab, extra: dict) -> str:
    return reverse(name, kwargs={"slug": lab.slug, **extra})


@pytest.mark.parametrize(("name", "extra"), ORGANISER_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, lab, workshop, name, extra):
    for method in (client.get, client.post):
        response = method(url(name, lab, extra))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_request_login_code"))


@pytest.mark.parametrize(("name", "extra"), ORGANISER_PAGES)
@pytest.mark.parametrize("who", ["sanna_participant", "other_organiser"])
def test_participants_and_other_labs_organisers_are_refused(
    client, lab, workshop, name, extra, who, request
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(name, lab, extra)).status_code == 403
    assert client.post(url(name, lab, extra), {"reason": "x", "title": "x"}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.status == "planned"


@pytest.mark.parametrize(("name", "extra"), ORGANISER_PAGES)
def test_the_labs_organiser_may_open_every_page(client, lab, workshop, olle_organiser, name, extra):
    client.force_login(olle_organiser)
    assert client.get(url(name, lab, extra)).status_code == 200


def test_only_organisers_may_create_labs(client, sanna_participant, olle_organiser):
    client.force_login(sanna_participant)
    assert client.get(reverse("labs:lab-create")).status_code == 403
    client.force_login(olle_organiser)
    assert client.get(reverse("labs:lab-create")).status_code == 200


@pytest.mark.parametrize("who", [None, "sanna_participant", "other_organiser"])
def test_a_draft_lab_is_hidden_from_everyone_but_its_organisers(client, lab, who, request):
    lab.is_published = False
    lab.save()
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(lab.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("labs:lab-invitation-pdf", kwargs={"slug": lab.slug})).status_code == 404
    )
    assert lab.title not in client.get("/").content.decode()


def test_a_draft_lab_is_shown_to_its_organiser(client, lab, olle_organiser):
    lab.is_published = False
    lab.save()
    client.force_login(olle_organiser)
    assert client.get(lab.get_absolute_url()).status_code == 200
    assert lab.title in client.get("/").content.decode()


def test_the_meeting_link_is_shown_only_to_the_registered(client, lab, workshop, sanna_participant):
    workshop.format = "digital"
    workshop.meeting_link = "https://meet.example.org/rum-42"
    workshop.save()
    page = reverse("labs:workshop-detail", kwargs={"slug": lab.slug, "number": 1})

    assert "rum-42" not in client.get(page).content.decode()
    client.force_login(sanna_participant)
    assert "rum-42" not in client.get(page).content.decode()

    lab.registrations.create(person=sanna_participant, organisation=sanna_participant.organisation)
    assert "rum-42" in client.get(page).content.decode()
