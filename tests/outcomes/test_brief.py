"""The take-home brief: for a person and for their organisation, what the room produced and
what the organisation itself contributed, committed to and will bring home, on one page."""

import datetime
import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from larlabb.core.pdf import render_pdf
from larlabb.labs.models import ProgramItem
from larlabb.live import actions
from larlabb.live.models import Activity, Note, Participant, Theme
from larlabb.outcomes import brief
from larlabb.outcomes.models import Collaboration, Reflection
from larlabb.registrations.models import Registration
from larlabb.synergies.actions import do_create_session
from larlabb.synergies.models import Catalogue, Goal, Score
from tests.factories import ProgramItemFactory
from tests.live.cast import make_activity, registered
from tests.outcomes.test_report import crowd

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

OWN = "Skåne föreslår en gemensam datamodell för uppföljning"
COLLEAGUE = "Sune: regionala noder för kompetensförsörjning"
OTHERS = "Trafikverket vill samordna planeringscyklerna"
TOP = "Gemensamma mötesplatser mellan regioner och myndigheter"
PRIVATE_HOME = "Sannas egen plan: ta upp detta i ledningsgruppen"
SHARED_HOME = "Sune tar med sig idén om noder till regionstyrelsen"


def say(participant, activity, text, column="Möjligheter"):
    return actions.do_add_note(
        participant=participant,
        activity=activity,
        text=text,
        column=activity.columns.get(title=column),
    )


def plain(html: str) -> str:
    return " ".join(html.split())


def pdf_pages(context: dict) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(render_pdf("outcomes/pdf/brief.html", context)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return len(reader.pages), text


@pytest.fixture
def sune(lab, region_skane, room):
    """A colleague of Sanna's at Region Skåne."""
    person = registered(lab, "sune@example.org", "Sune Skåning", region_skane)
    return actions.do_join(user=person, room=room)


@pytest.fixture
def day(workshop, olle_organiser, board, joined, sune, lab, region_skane, agency):
    """A workshop with a revealed board, a theme, a synergy map, a collaboration and
    reflections of Region Skåne's two participants (Sanna's private, Sune's shared)."""
    ProgramItemFactory(
        workshop=workshop,
        title="Lunch",
        kind=ProgramItem.Kind.LUNCH,
        starts=datetime.time(12, 0),
        ends=datetime.time(13, 0),
    )
    ProgramItemFactory(
        workshop=workshop,
        title="Synergier och målkonflikter",
        kind=ProgramItem.Kind.DIALOGUE,
        starts=datetime.time(13, 0),
        ends=datetime.time(14, 30),
    )
    sanna, anders, vera = joined["sanna"], joined["anders"], joined["vera"]
    own = say(sanna, board, OWN)
    say(sune, board, COLLEAGUE)
    say(anders, board, OTHERS, column="Hinder")
    top = say(vera, board, TOP)
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True, revealed=True)
    for participant in (sanna, anders, sune):
        actions.do_vote(participant=participant, note=top, value=1)
    actions.do_vote(participant=vera, note=own, value=1)
    theme = Theme.objects.create(activity=board, label="Gemensam data", status="accepted")
    Note.objects.filter(pk=own.pk).update(theme=theme)
    catalogue = Catalogue.objects.create(key="rus", name="RUS")
    goals = Goal.objects.bulk_create(
        Goal(catalogue=catalogue, code=f"A{n}", title=f"Strategiskt område {n}", position=n)
        for n in range(5)
    )
    session = do_create_session(
        actor=olle_organiser, lab=lab, title="Strategins mål", goals=goals, workshop=workshop
    )
    Score.objects.bulk_create(
        Score(session=session, scorer=p.user, row=goals[row], column=goals[column], value=value)
        for p in (sanna, anders, vera)
        for row, column, value in ((0, 1, 3), (2, 3, -2))
    )
    collaboration = Collaboration.objects.create(
        lab=lab,
        workshop=workshop,
        title="Nätverk för kompetensförsörjning",
        challenge_text="Kompetensförsörjning",
        contact=sanna.user,
        status=Collaboration.Status.STARTED,
        next_meeting=datetime.date(2027, 2, 3),
    )
    collaboration.organisations.set([region_skane, agency])
    Reflection.objects.create(
        workshop=workshop, person=sanna.user, organisation=region_skane, bring_home=PRIVATE_HOME
    )
    Reflection.objects.create(
        workshop=workshop,
        person=sune.user,
        organisation=region_skane,
        bring_home=SHARED_HOME,
        next_steps="Boka ett möte",
        shared=True,
    )
    return workshop


def test_a_persons_brief_has_their_organisations_notes_and_their_own_reflection(
    day, sanna, region_skane
):
    context = brief.gather(day, organisation=region_skane, person=sanna)
    assert [c.text for c in context["contributions"]] == [OWN, COLLEAGUE]
    assert context["own_reflection"].bring_home == PRIVATE_HOME
    html = plain(render_to_string("outcomes/_brief.html", context))
    assert OWN in html
    assert COLLEAGUE in html
    assert OTHERS not in html
    assert PRIVATE_HOME in html
    assert SHARED_HOME not in html
    assert "For Sanna Skåning, Region Skåne" in html


def test_an_organisations_brief_has_the_shared_reflections_not_the_private_ones(day, region_skane):
    context = brief.gather(day, organisation=region_skane)
    html = plain(render_to_string("outcomes/_brief.html", context))
    assert OWN in html
    assert OTHERS not in html
    assert SHARED_HOME in html
    assert "Sune Skåning" in html
    assert PRIVATE_HOME not in html


def test_another_organisations_brief_has_its_own_notes_only(day, agency):
    context = brief.gather(day, organisation=agency)
    assert [c.text for c in context["contributions"]] == [OTHERS]


def test_the_room_produced_top_notes_themes_synergies_and_conflicts(day, region_skane):
    context = brief.gather(day, organisation=region_skane)
    assert [(n.text, n.total) for n in context["top_notes"]] == [(TOP, 3), (OWN, 1)]
    assert context["themes"] == ["Gemensam data"]
    assert [(f.link.row.code, f.link.column.code) for f in context["synergies"]] == [("A0", "A1")]
    assert [(f.link.row.code, f.link.median) for f in context["conflicts"]] == [("A2", -2.0)]
    assert [c.title for c in context["commitments"]] == ["Nätverk för kompetensförsörjning"]
    assert [item.title for item in context["program"]] == [
        "Regional utveckling – hur får vi perspektiven att mötas?",
        "Synergier och målkonflikter",
    ]  # no lunch on one page


def test_votes_the_room_was_never_shown_stay_out_of_the_brief(
    day, board, olle_organiser, region_skane
):
    actions.do_set(actor=olle_organiser, activity=board, revealed=False)
    assert brief.gather(day, organisation=region_skane)["top_notes"] == []


def test_notes_written_anonymously_are_only_in_their_authors_own_brief(
    day, board, olle_organiser, region_skane, sanna
):
    actions.do_set(actor=olle_organiser, activity=board, hide_authors=True)
    assert brief.gather(day, organisation=region_skane)["contributions"] == []
    own = brief.gather(day, organisation=region_skane, person=sanna)["contributions"]
    assert [c.text for c in own] == [OWN]


def test_a_case_the_organisation_brought_is_listed_as_a_case(
    day, olle_organiser, dialogue_item, joined, region_skane
):
    dialogue = make_activity(olle_organiser, dialogue_item, Activity.Kind.CASE_DIALOGUE)
    actions.do_add_note(
        participant=joined["sanna"],
        activity=dialogue,
        title="Skånes fall",
        text="Kollektivtrafik på landsbygden",
    )
    context = brief.gather(day, organisation=region_skane)
    assert [c.text for c in context["cases"]] == ["Skånes fall: Kollektivtrafik på landsbygden"]


def test_the_pdf_is_one_page_with_the_workshop_and_the_top_notes(day, sanna, region_skane):
    pages, text = pdf_pages(brief.gather(day, organisation=region_skane, person=sanna))
    assert pages == 1
    assert "Take-home brief: Workshop 1" in text
    assert "Lärlabb: Testlabbet" in text
    assert TOP in text
    assert OWN in text
    assert PRIVATE_HOME in text


def test_a_brief_with_every_list_full_still_fits_one_page(day, board, sanna, region_skane, room):
    """Ten program items, 280-character notes everywhere, the longest reflections."""
    for hour in range(9):
        ProgramItemFactory(
            workshop=day,
            title=f"Programpunkt med en ganska lång rubrik om regional utveckling {hour}",
            starts=datetime.time(8 + hour, 0),
            ends=datetime.time(8 + hour, 45),
        )
    long_text = ("Ett långt förslag om samverkan mellan regioner och myndigheter " * 5)[:277]
    participant = Participant.objects.get(room=room, user=sanna)
    Note.objects.bulk_create(
        Note(
            activity=board,
            column=board.columns.first(),
            author=participant,
            organisation=region_skane,
            text=f"{n} {long_text}",
            position=100 + n,
        )
        for n in range(12)
    )
    for n in range(10):
        Theme.objects.create(activity=board, label=f"Tema nummer {n}", status="accepted")
    Reflection.objects.filter(person=sanna).update(
        bring_home="Lång hemtagning " * 40, next_steps="Långa nästa steg " * 40
    )
    pages, _text = pdf_pages(brief.gather(day, organisation=region_skane, person=sanna))
    assert pages == 1


def test_gathering_takes_as_many_queries_for_a_full_room_as_for_a_small_one(
    django_assert_num_queries,
):
    small, large = crowd(people=4, notes_each=1), crowd(people=30, notes_each=4, seed=1)
    for workshop in (small, large):
        Activity.objects.filter(room__workshop=workshop).update(revealed=True)

    def organisation_of(workshop):
        return Registration.objects.filter(lab=workshop.lab).first().organisation

    with CaptureQueriesContext(connection) as queries:
        brief.gather(small, organisation=organisation_of(small))
    with django_assert_num_queries(len(queries)):
        context = brief.gather(large, organisation=organisation_of(large))
    assert len(context["top_notes"]) == brief.TOP_NOTES
    assert context["contributions"]


def test_an_organiser_previews_the_brief_of_an_organisation_they_choose(
    client, day, olle_organiser, region_skane
):
    client.force_login(olle_organiser)
    url = reverse("outcomes:brief", kwargs={"slug": day.lab.slug, "number": day.number})

    response = client.get(url)

    assert response.status_code == 200
    page = plain(response.content.decode())
    assert "Förhandsvisning för arrangörerna" in page
    assert region_skane.name in page
    assert SHARED_HOME in page
    assert PRIVATE_HOME not in page  # the organisation's brief: shared reflections only
    pdf = client.get(
        reverse("outcomes:brief-organisation-pdf", kwargs={"slug": day.lab.slug, "number": 1}),
        {"organisation": region_skane.pk},
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_an_organiser_sees_there_is_nothing_to_preview_before_anyone_registers(
    client, workshop, olle_organiser
):
    client.force_login(olle_organiser)
    url = reverse("outcomes:brief", kwargs={"slug": workshop.lab.slug, "number": 1})

    response = client.get(url)

    assert response.status_code == 200
    assert "inget att förhandsvisa" in response.content.decode()


def test_someone_neither_registered_nor_organising_gets_no_brief(client, day, other_organiser):
    client.force_login(other_organiser)
    url = reverse("outcomes:brief", kwargs={"slug": day.lab.slug, "number": 1})
    assert client.get(url).status_code == 403


def test_goals_and_long_texts_read_well_in_swedish():
    goal = Goal(code="SDG 9", title="Hållbar industri, innovationer och infrastruktur")
    area = Goal(
        code="A4", title="Tillgänglighet i hela landet genom digital kommunikation och service"
    )
    with translation.override("sv"):
        assert brief.goal_name(goal) == (
            "Globalt mål 9: Hållbar industri, innovationer och infrastruktur"
        )
    with translation.override("en"):
        assert brief.goal_name(goal).startswith("Global goal 9: ")
    assert brief.goal_name(area) == "A4: Tillgänglighet i hela landet genom digital kommunikation…"
    assert brief.shorten("kort text", 60) == "kort text"
