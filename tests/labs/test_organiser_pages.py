import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from larlabb.labs.models import Lab, ProgramItem, Workshop
from tests.factories import LabFactory, ProgramItemFactory, WorkshopFactory, in_days

pytestmark = pytest.mark.django_db


def test_an_organiser_creates_a_lab_and_becomes_its_organiser(
    client, olle_organiser, reglab, rus_network
):
    client.force_login(olle_organiser)

    response = client.post(
        reverse("labs:lab-create"),
        {
            "title": "Lärlabb: Kompetens",
            "slug": "kompetens",
            "question": "Hur säkrar vi kompetensen?",
            "hosts": [reglab.pk],
            "invited_networks": [rus_network.pk],
            "per_organisation_limit": 2,
            "deadline_reminder_days": 7,
            "registration_deadline": "2031-05-25",
            "travel_at_own_cost": "on",
        },
    )

    assert response.status_code == 302
    lab = Lab.objects.get(slug="kompetens")
    assert list(lab.organisers.all()) == [olle_organiser]
    assert list(lab.hosts.all()) == [reglab]


def test_a_lab_with_a_taken_address_is_refused_with_a_message(client, olle_organiser, lab, reglab):
    client.force_login(olle_organiser)

    response = client.post(
        reverse("labs:lab-create"),
        {
            "title": "Dubblett",
            "slug": lab.slug,
            "hosts": [reglab.pk],
            "per_organisation_limit": 2,
            "deadline_reminder_days": 7,
        },
    )

    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert Lab.objects.filter(title="Dubblett").count() == 0


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_organiser_edits_the_expected_results_in_order(client, olle_organiser, lab, reglab):
    client.force_login(olle_organiser)
    data = {
        "title": lab.title,
        "slug": lab.slug,
        "hosts": [reglab.pk],
        "per_organisation_limit": 2,
        "deadline_reminder_days": 7,
        "organisers": [olle_organiser.pk],
        **formset("results", [{"text": "Stärkta relationer"}, {"text": "Ökad kapacitet"}]),
        **formset("documents", [{"title": "Utvecklingskraft", "url": "www.example.org/rapport"}]),
    }

    response = client.post(reverse("labs:lab-edit", kwargs={"slug": lab.slug}), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert [r.text for r in lab.expected_results.all()] == ["Stärkta relationer", "Ökad kapacitet"]
    assert lab.documents.get().url == "https://www.example.org/rapport"


def test_the_organiser_adds_a_workshop_and_its_program(client, olle_organiser, lab):
    client.force_login(olle_organiser)
    day = in_days(60).date().isoformat()

    response = client.post(
        reverse("labs:workshop-create", kwargs={"slug": lab.slug}),
        {
            "number": 1,
            "date": day,
            "start": "09:30",
            "end": "16:30",
            "format": "physical",
            "city": "Stockholm",
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(lab=lab, number=1)
    assert workshop.starts_at.astimezone().strftime("%H:%M") == "09:30"

    response = client.post(
        reverse("labs:workshop-edit", kwargs={"slug": lab.slug, "number": 1}),
        {
            "title": "Första träffen",
            "meeting_link": "",
            **formset(
                "program",
                [
                    {
                        "starts": "09:30",
                        "ends": "10:00",
                        "title": "Välkommen",
                        "kind": "talk",
                        "is_highlight": "on",
                    }
                ],
            ),
        },
    )
    assert response.status_code == 302
    assert ProgramItem.objects.get(workshop=workshop).title == "Välkommen"


def test_a_workshop_ending_before_it_starts_is_refused(client, olle_organiser, lab):
    client.force_login(olle_organiser)
    response = client.post(
        reverse("labs:workshop-create", kwargs={"slug": lab.slug}),
        {
            "number": 1,
            "date": in_days(60).date().isoformat(),
            "start": "16:30",
            "end": "09:30",
            "format": "physical",
            "city": "Stockholm",
        },
    )
    assert response.status_code == 200
    assert "Sluttiden måste vara efter starttiden." in response.content.decode()
    assert not Workshop.objects.exists()


def test_a_program_item_ending_before_it_starts_is_refused(client, olle_organiser, lab):
    WorkshopFactory(lab=lab, number=1, starts_at=in_days(30))
    client.force_login(olle_organiser)
    response = client.post(
        reverse("labs:workshop-edit", kwargs={"slug": lab.slug, "number": 1}),
        {
            "title": "",
            "meeting_link": "",
            **formset(
                "program", [{"starts": "11:00", "ends": "10:00", "title": "Fel", "kind": "talk"}]
            ),
        },
    )
    assert response.status_code == 200
    assert "Programpunktens sluttid måste vara efter starttiden." in response.content.decode()
    assert not ProgramItem.objects.exists()


def build(lab, workshops: int, items: int) -> None:
    for number in range(1, workshops + 1):
        workshop = WorkshopFactory(lab=lab, number=number, starts_at=in_days(20 + number))
        workshop.changes.create(
            kind="moved",
            reason="x",
            old_starts_at=workshop.starts_at,
            old_ends_at=workshop.ends_at,
            old_format="physical",
        )
        for _ in range(items):
            item = ProgramItemFactory(workshop=workshop, is_highlight=True)
            item.leaders.add(lab.organisers.first())


@pytest.mark.parametrize("page", ["lab-detail", "lab-manage"])
def test_the_lab_pages_query_count_does_not_grow_with_the_program(
    client, olle_organiser, lab, django_assert_num_queries, page
):
    client.force_login(olle_organiser)
    url = reverse(f"labs:{page}", kwargs={"slug": lab.slug})
    build(lab, workshops=1, items=2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    build(lab, workshops=0, items=0)
    for number in range(2, 8):
        workshop = WorkshopFactory(lab=lab, number=number, starts_at=in_days(40 + number))
        for _ in range(6):
            ProgramItemFactory(workshop=workshop, is_highlight=True).leaders.add(olle_organiser)
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_the_start_page_query_count_does_not_grow_with_the_labs(
    client, django_assert_num_queries, olle_organiser
):
    for _ in range(2):
        WorkshopFactory(lab=LabFactory(organisers=[olle_organiser]))
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for _ in range(10):
        WorkshopFactory(lab=LabFactory(organisers=[olle_organiser]))
    with django_assert_num_queries(len(small)):
        client.get("/")
