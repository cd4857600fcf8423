"""What the results show, computed from real scores; exports and charts read back."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from larlabb.registrations.models import Registration
from larlabb.synergies import actions, queries
from larlabb.synergies.actions import Entry, do_save_scores
from larlabb.synergies.models import Catalogue, Goal, Score
from tests.factories import OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(session, scorers, sdgs):
    """Sanna (a region) and Anna (an agency) score SDG 1 → SDG 2 and SDG 2 → SDG 1."""
    sanna, anna = scorers
    one, two = sdgs[0], sdgs[1]
    do_save_scores(
        actor=sanna,
        session=session,
        row=one,
        entries=[Entry(two.pk, 3, "high", "Utan fattigdom ingen hunger"), Entry(sdgs[2].pk, 2)],
    )
    do_save_scores(actor=anna, session=session, row=one, entries=[Entry(two.pk, 1)])
    do_save_scores(actor=sanna, session=session, row=two, entries=[Entry(one.pk, -2)])
    do_save_scores(actor=anna, session=session, row=two, entries=[Entry(one.pk, -1)])
    return session


def test_the_results_combine_the_scores(scored, sdgs):
    data = queries.results(scored)

    assert data.scorer_count == 2
    assert data.sides == {"region": 1, "agency": 1, "other": 0}
    assert data.cells[0][1]["median"] == 2.0  # median of 3 and 1
    assert data.cells[0][1]["count"] == 2
    assert data.cells[1][0]["median"] == -1.5
    assert data.cells[0][0]["diagonal"]
    assert data.missing_cells == 20 - 3
    # out-strength of SDG 1: 2 + 2 (SDG 3); in-strength of SDG 1: −1.5
    ranked_out = {r.goal.code: r.value for r in data.rankings["out"]}
    assert ranked_out["SDG 1"] == 4.0
    assert ranked_out["SDG 2"] == -1.5
    assert data.rankings["net"][0].goal.code == "SDG 1"
    assert [(s.row.code, s.column.code, s.median) for s in data.synergies] == [
        ("SDG 1", "SDG 2", 2.0),
        ("SDG 1", "SDG 3", 2.0),
    ]
    assert data.synergies[0].comments == ["Utan fattigdom ingen hunger"]
    assert [(c.row.code, c.column.code) for c in data.conflicts] == [("SDG 2", "SDG 1")]
    # regions 3 vs agencies 1 on SDG 1 → SDG 2; −2 vs −1 the other way
    assert [(r.code, c.code, d) for r, c, _a, _b, d in data.disagreements] == [
        ("SDG 1", "SDG 2", 2.0),
        ("SDG 2", "SDG 1", -1.0),
    ]


def test_the_results_page_shows_the_map_rankings_and_lists(client, scored, olle_organiser):
    client.force_login(olle_organiser)

    page = client.get(reverse("synergies:results", kwargs={"pk": scored.pk})).content.decode()

    assert "Samlad matris: radmålet påverkar kolumnmålet" in page
    assert 'class="h-p2">+2' in page
    assert 'class="h-m2">−1,5' in page  # −1,5 takes the colour of −2; a Swedish decimal comma
    assert "Utan fattigdom ingen hunger" in page
    assert "Där regioner och myndigheter ser olika på saken" in page


def test_the_results_fragment_for_the_live_view(client, scored, olle_organiser):
    client.force_login(olle_organiser)

    response = client.get(
        reverse("synergies:results", kwargs={"pk": scored.pk}), headers={"HX-Request": "true"}
    )

    assert "<html" not in response.content.decode()
    assert "Kartan" in response.content.decode()


def make_big_session(lab, organiser, goal_count: int, scorer_count: int):
    catalogue = Catalogue.objects.create(key=f"big-{goal_count}", name="Stor")
    goals = Goal.objects.bulk_create(
        Goal(catalogue=catalogue, code=f"G{n}", title=f"Mål {n}", position=n)
        for n in range(goal_count)
    )
    session = actions.do_create_session(actor=organiser, lab=lab, title="Stor", goals=goals)
    people = []
    for n in range(scorer_count):
        kind = "region" if n % 2 else "agency"
        organisation = OrganisationFactory(name=f"Org {goal_count}-{n}", kind=kind)
        person = UserFactory(email=f"s{goal_count}-{n}@example.org", organisation=organisation)
        RegistrationFactory(lab=lab, person=person, organisation=organisation)
        people.append(person)
    Score.objects.bulk_create(
        Score(
            session=session,
            scorer=person,
            row=row,
            column=column,
            value=(i * 7 + j * 3 + k) % 7 - 3,
            comment="kommentar" if (i + j) % 11 == 0 else "",
        )
        for k, person in enumerate(people)
        for i, row in enumerate(goals)
        for j, column in enumerate(goals)
        if i != j
    )
    return session


def test_the_consensus_export_reads_back(client, scored, olle_organiser):
    client.force_login(olle_organiser)

    def get(fmt: str) -> bytes:
        url = reverse("synergies:export", kwargs={"pk": scored.pk, "kind": "konsensus", "fmt": fmt})
        return client.get(url).content

    rows = list(csv.reader(io.StringIO(get("csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Radmål → kolumnmål", "SDG 1", "SDG 2", "SDG 3", "SDG 4", "SDG 5"]
    assert rows[1][:4] == ["SDG 1", "", "2", "2"]
    assert rows[2][:2] == ["SDG 2", "'-1.5"]  # guarded against formulas in a spreadsheet
    assert ["SDG 1", "SDG 2", "2", "2", "1"] in rows  # median, scorers, interquartile range
    sheet = load_workbook(io.BytesIO(get("xlsx"))).active
    assert sheet["B3"].value == "-1.5"
    assert sheet["C2"].value == "2"


def test_the_raw_export_reads_back_for_the_organiser(client, scored, olle_organiser):
    client.force_login(olle_organiser)
    url = reverse("synergies:export", kwargs={"pk": scored.pk, "kind": "poang", "fmt": "xlsx"})

    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][:6] == (
        "Bedömare",
        "Organisation",
        "Representerar",
        "Radmål",
        "Kolumnmål",
        "Bedömning",
    )
    assert ("Sanna Skåning", "Region Skåne", "Region", "SDG 1", "SDG 2", "3") in [
        r[:6] for r in rows
    ]
    assert len(rows) == 1 + 5


@pytest.mark.parametrize("name", ["heatmap", "natverk", "ut", "in", "netto"])
def test_the_charts_are_real_svg_and_png(client, scored, scorers, name):
    client.force_login(scorers[0])

    svg = client.get(
        reverse("synergies:chart", kwargs={"pk": scored.pk, "name": name, "fmt": "svg"})
    )
    png = client.get(
        reverse("synergies:chart", kwargs={"pk": scored.pk, "name": name, "fmt": "png"})
    )

    assert svg["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(svg.content)  # noqa: S314 - the file our own server just drew
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "SDG 1" in svg.content.decode()  # labels are text, not paths
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG"
    assert image.width > 200


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 - the file our own server just drew
    return [text.text or "" for text in root.iter("{http://www.w3.org/2000/svg}text")]


def test_the_charts_write_numbers_as_the_page_does(client, scored, olle_organiser):
    """ "−1,5" with a decimal comma and a minus sign, "+2" with its plus: on the cells, the
    colour bar, the bars and their axis; "−3.5" in English."""
    client.force_login(olle_organiser)

    def texts(name: str) -> list[str]:
        url = reverse("synergies:chart", kwargs={"pk": scored.pk, "name": name, "fmt": "svg"})
        return svg_texts(client.get(url).content)

    heatmap = texts("heatmap")
    assert {"+2", "−1,5"} <= set(heatmap)  # the cells
    assert heatmap[-7:] == ["−3", "−2", "−1", "0", "+1", "+2", "+3"]  # the colour bar
    net = texts("netto")
    assert {" 5,5 ", " −2 ", " −3,5 ", "−2"} <= set(net)  # on the bars and the axis
    assert not [t for t in heatmap + net if "-" in t]
    client.cookies["django_language"] = "en"
    assert " −3.5 " in texts("netto")


def test_the_documentation_pdf_reads_back(client, scored, olle_organiser):
    client.force_login(olle_organiser)

    response = client.get(reverse("synergies:documentation-pdf", kwargs={"pk": scored.pk}))

    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Synergier och målkonflikter: Målkonflikter" in text
    assert "SDG 1 → SDG 2" in text
    assert "Utan fattigdom ingen hunger" in text


def test_a_score_saved_by_someone_whose_registration_is_gone_counts_as_other(scored, scorers, sdgs):
    Registration.objects.filter(person=scorers[1]).delete()

    assert queries.results(scored).sides == {"region": 1, "agency": 0, "other": 1}


def test_participants_see_a_cell_only_once_three_have_scored_it(
    client, scored, scorers, olle_organiser, sdgs
):
    """With two scorers, each could read the other's score back from a median or a side's
    view; while individual scores are private, participants do not see such cells."""
    client.force_login(scorers[0])
    url = reverse("synergies:results", kwargs={"pk": scored.pk})

    shown = client.get(url).context["results"]
    assert shown.cells[0][1]["median"] is None
    assert shown.synergies == []
    assert shown.disagreements == []
    client.force_login(olle_organiser)
    assert client.get(url).context["results"].cells[0][1]["median"] == 2.0

    scored.show_individual_scores = True
    scored.save()
    client.force_login(scorers[0])
    assert client.get(url).context["results"].cells[0][1]["median"] == 2.0


@pytest.mark.parametrize(
    ("value", "step"),
    [(1.5, 2), (2.5, 3), (-0.5, -1), (0.4, 0), (-2.5, -3), (3.0, 3), (-1.49, -1)],
)
def test_a_median_takes_the_nearest_step_halves_away_from_zero(value, step):
    from larlabb.synergies.scale import step_of

    assert step_of(value) == step


def test_an_svg_chart_may_use_its_own_styles_and_nothing_else_loosens(client, scored, scorers):
    client.force_login(scorers[0])
    svg = reverse("synergies:chart", kwargs={"pk": scored.pk, "name": "heatmap", "fmt": "svg"})

    chart_policy = client.get(svg)["Content-Security-Policy"]
    page_policy = client.get(reverse("synergies:results", kwargs={"pk": scored.pk}))[
        "Content-Security-Policy"
    ]

    assert "style-src 'self' 'unsafe-inline'" in chart_policy
    assert "script-src 'self'" in chart_policy
    assert "'unsafe-inline'" not in page_policy


def test_a_sides_median_from_fewer_than_three_scorers_of_the_cell_stays_hidden(
    lab, session, sdgs, region_skane, agency
):
    """Issue "Trust", finding 9: four regions and three agencies scored, but SDG 1 → SDG 3 only
    one region: while scores are private, the regions' median of that cell (one person's
    score) is not shown where the sides disagree; SDG 1 → SDG 2, scored by all, is."""

    def person(n, organisation):
        someone = UserFactory(email=f"p{n}@example.org", organisation=organisation)
        RegistrationFactory(lab=lab, person=someone, organisation=organisation, status="confirmed")
        return someone

    regions = [person(n, region_skane) for n in range(4)]
    agencies = [person(10 + n, agency) for n in range(3)]
    one, two, three = sdgs[0], sdgs[1], sdgs[2]
    for n, region in enumerate(regions):
        entries = [Entry(two.pk, 3)] + ([Entry(three.pk, -3)] if n == 0 else [])
        do_save_scores(actor=region, session=session, row=one, entries=entries)
    for someone in agencies:
        do_save_scores(
            actor=someone, session=session, row=one, entries=[Entry(two.pk, -1), Entry(three.pk, 2)]
        )

    private = queries.results(session, min_count=queries.PRIVATE_MINIMUM)
    shown = {(row.code, column.code) for row, column, *_ in private.disagreements}
    assert shown == {("SDG 1", "SDG 2")}
    everything = queries.results(session)
    assert {(row.code, column.code) for row, column, *_ in everything.disagreements} == {
        ("SDG 1", "SDG 2"),
        ("SDG 1", "SDG 3"),
    }
