"""The organisation pages: an organiser uploads a CSV or XLSX file, sees every bad line of a
rejected file, and exports what is there; nobody else may."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from larlabb.actors.models import Membership, Organisation
from larlabb.actors.tables import COLUMNS

pytestmark = pytest.mark.django_db

IMPORT = reverse("actors:organisation-import")
LIST = reverse("actors:organisation-list")


def upload(name: str, content: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, content)}


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_a_good_csv_file_imports_organisations_and_memberships(client, olle_organiser, rus_network):
    client.force_login(olle_organiser)
    content = csv_file(
        "name,kind,county_code,networks",
        "Region Halland,region,13,RUS-nätverket",
        "Länsstyrelsen i Skåne,nationell myndighet,,",
    )

    response = client.post(IMPORT, upload("organisationer.csv", content), follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "2 organisationer importerades." in response.content.decode()
    halland = Organisation.objects.get(name="Region Halland")
    assert halland.county_code == "13"
    assert list(halland.networks.all()) == [rus_network]
    assert Organisation.objects.get(name="Länsstyrelsen i Skåne").kind == "agency"


def test_a_file_with_three_bad_lines_shows_each_line_and_imports_nothing(
    client, olle_organiser, rus_network
):
    client.force_login(olle_organiser)
    content = csv_file(
        "name,kind,county_code,networks",
        "Region Halland,region,13,RUS-nätverket",
        "Region Okänd,landsting,,",
        "Region Kalmar län,region,123,",
        "Region Gotland,region,09,Okänt nätverk",
    )

    response = client.post(IMPORT, upload("organisationer.csv", content))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingenting importerades." in page
    assert "Rad 3: okänd typ ”landsting”." in page
    assert "Rad 4: länskoden ska vara två siffror." in page
    assert "Rad 5: okänt nätverk ”Okänt nätverk”." in page
    assert [str(e) for e in response.context["errors"]] == [
        "Rad 3: okänd typ ”landsting”.",
        "Rad 4: länskoden ska vara två siffror.",
        "Rad 5: okänt nätverk ”Okänt nätverk”.",
    ]
    assert not Organisation.objects.filter(name="Region Halland").exists()
    assert Membership.objects.count() == 1  # Region Skåne's, from the fixture


def test_a_file_in_another_encoding_is_refused_with_advice(client, olle_organiser):
    client.force_login(olle_organiser)
    content = "name,kind\nRegion Jönköpings län,region\n".encode("cp1252")

    response = client.post(IMPORT, upload("organisationer.csv", content))

    assert "CSV UTF-8" in response.content.decode()
    assert not Organisation.objects.filter(kind="region").exclude(name="Region Skåne").exists()


def test_an_upload_of_another_file_type_is_refused(client, olle_organiser):
    client.force_login(olle_organiser)

    response = client.post(IMPORT, upload("organisationer.txt", b"name,kind\nX,region\n"))

    assert "Ladda upp en CSV- eller XLSX-fil." in response.content.decode()
    assert not Organisation.objects.filter(name="X").exists()


def test_a_good_xlsx_file_imports(client, olle_organiser, rus_network):
    client.force_login(olle_organiser)
    book = Workbook()
    book.active.append(["name", "kind", "county_code", "networks"])
    book.active.append(["Region Västerbotten", "Region", 24, "RUS-nätverket"])
    buffer = io.BytesIO()
    book.save(buffer)

    response = client.post(IMPORT, upload("organisationer.xlsx", buffer.getvalue()))

    assert response.status_code == 302
    assert Organisation.objects.get(name="Region Västerbotten").county_code == "24"


def test_the_csv_export_imports_again_unchanged(
    client, olle_organiser, rus_network, tillvaxtverket
):
    client.force_login(olle_organiser)
    Organisation.objects.filter(pk=tillvaxtverket.pk).update(website="https://tillvaxtverket.se")
    before = list(Organisation.objects.order_by("name").values())

    exported = client.get(reverse("actors:organisation-export", kwargs={"fmt": "csv"}))

    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COLUMNS
    assert ["Region Skåne", "", "region", "12", "", "", "RUS-nätverket"] in rows
    response = client.post(IMPORT, upload("export.csv", exported.content))
    assert response.status_code == 302
    assert list(Organisation.objects.order_by("name").values()) == before
    assert Membership.objects.count() == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_like_name_is_exported_as_text_and_imports_again_as_it_was(
    client, olle_organiser, reglab, fmt
):
    client.force_login(olle_organiser)
    Organisation.objects.create(name="=1+1 Förening", kind="civil_society")

    exported = client.get(reverse("actors:organisation-export", kwargs={"fmt": fmt}))

    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(exported.content)).active
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert "=1+1 Förening" in names
    else:
        assert "'=1+1 Förening" in exported.content.decode("utf-8-sig")
    response = client.post(IMPORT, upload(f"export.{fmt}", exported.content))
    assert response.status_code == 302
    assert Organisation.objects.filter(name="=1+1 Förening").count() == 1


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        IMPORT,
        reverse("actors:organisation-export", kwargs={"fmt": "csv"}),
        reverse("actors:organisation-export", kwargs={"fmt": "xlsx"}),
    ],
)
def test_only_organisers_may_open_the_organisation_pages(
    client, sanna_participant, olle_organiser, url
):
    assert client.get(url).status_code == 302
    client.force_login(sanna_participant)
    assert client.get(url).status_code == 403
    client.force_login(olle_organiser)
    assert client.get(url).status_code == 200


def test_a_participant_cannot_import_by_posting(client, sanna_participant):
    client.force_login(sanna_participant)

    response = client.post(IMPORT, upload("o.csv", b"name,kind\nRegion Halland,region\n"))

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Region Halland").exists()


def test_the_list_filters_by_network_kind_and_name(
    client, olle_organiser, rus_network, tillvaxtverket
):
    client.force_login(olle_organiser)

    def names(**params) -> list[str]:
        response = client.get(LIST, params)
        return [org.name for org in response.context["organisations"]]

    assert names(network=rus_network.pk) == ["Region Skåne"]
    assert names(kind="agency") == ["Tillväxtverket"]
    assert names(q="skå") == ["Region Skåne"]
    assert names(kind="nonsense") == ["Region Skåne", "Reglab", "Tillväxtverket"]


def test_the_list_takes_the_same_queries_however_many_organisations(
    client, olle_organiser, rus_network, django_assert_num_queries
):
    client.force_login(olle_organiser)
    client.get(LIST)  # the session is loaded and cached once
    for n in range(30):
        organisation = Organisation.objects.create(name=f"Kommun {n}", kind="municipality")
        rus_network.members.add(organisation)
        organisation.email_domains.create(domain=f"kommun{n}.example")

    # session, user, organisations, their networks, their email domains, the networks' list
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert len(response.context["organisations"]) == 32
