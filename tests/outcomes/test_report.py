"""The workshop's documentation report: what it holds, that it is built in the background with
real progress into HTML and a PDF, that a failure marks it failed, and that gathering it takes
as many queries for a full room as for a small one."""

import base64
import datetime
import io
import itertools
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from larlabb.labs.models import ProgramItem
from larlabb.live import actions
from larlabb.live.actions import do_choose_axes
from larlabb.live.models import (
    Activity,
    Breakout,
    Column,
    Note,
    Participant,
    Rating,
    Seat,
    Theme,
    Vote,
)
from larlabb.outcomes import report as report_module
from larlabb.outcomes.actions import do_request_report
from larlabb.outcomes.models import Collaboration, Reflection, Report
from larlabb.registrations.actions import do_check_in
from larlabb.registrations.models import Attendance, Registration
from larlabb.synergies.actions import do_create_session
from larlabb.synergies.models import Catalogue, Goal, Score
from tests.factories import (
    LabFactory,
    OrganisationFactory,
    ProgramItemFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.live.cast import make_activity

pytestmark = pytest.mark.django_db

SHARED = "Jag lärde mig hur myndigheterna planerar sina insatser."
PRIVATE = "Min privata tanke om budgetprocessen."


def pdf_text(report: Report) -> str:
    with report.pdf.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def column(activity: Activity, title: str) -> Column:
    return activity.columns.get(title=title)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


@pytest.fixture
def poll_item(workshop):
    return ProgramItemFactory(
        workshop=workshop,
        title="Vad tar vi med oss hem?",
        kind=ProgramItem.Kind.TALK,
        starts=datetime.time(15, 0),
        ends=datetime.time(15, 30),
    )


@pytest.fixture
def ran(workshop, olle_organiser, board, poll_item, joined, lab):
    """The workshop as it ran: notes and dot votes on the board (one hidden, one theme), a
    poll, two of three registered people checked in, a shared and a private reflection, and a
    collaboration."""
    sanna, anders, vera = joined["sanna"], joined["anders"], joined["vera"]
    meeting = actions.do_add_note(
        participant=sanna,
        activity=board,
        text="Gemensamma mötesplatser för regioner och myndigheter",
        column=column(board, "Möjligheter"),
    )
    actions.do_add_note(
        participant=anders,
        activity=board,
        text="Olika planeringscykler hos myndigheterna",
        column=column(board, "Hinder"),
    )
    skills = actions.do_add_note(
        participant=vera,
        activity=board,
        text="Delad kunskap om kompetensförsörjning",
        column=column(board, "Möjligheter"),
    )
    secret = actions.do_add_note(
        participant=anders, activity=board, text="Dold anteckning", column=column(board, "Hinder")
    )
    actions.do_hide_note(actor=olle_organiser, note=secret, hidden=True)
    actions.do_set(actor=olle_organiser, activity=board, voting_open=True)
    actions.do_vote(participant=sanna, note=skills, value=1)
    actions.do_vote(participant=anders, note=skills, value=1)
    actions.do_vote(participant=vera, note=meeting, value=1)
    theme = Theme.objects.create(activity=board, label="Mötesplatser", status="accepted")
    Note.objects.filter(pk=meeting.pk).update(theme=theme)
    poll = make_activity(
        olle_organiser,
        poll_item,
        Activity.Kind.POLL,
        options=["Fler gemensamma workshops", "Ett gemensamt forum"],
    )
    first, second = poll.notes.order_by("position")
    actions.do_vote(participant=sanna, note=first, value=1)
    actions.do_vote(participant=anders, note=first, value=1)
    actions.do_vote(participant=vera, note=second, value=1)
    for participant in (sanna, anders):
        registration = Registration.objects.get(lab=lab, person=participant.user)
        do_check_in(actor=olle_organiser, workshop=workshop, registration=registration)
    Reflection.objects.create(
        workshop=workshop,
        person=sanna.user,
        organisation=sanna.organisation,
        learned=SHARED,
        bring_home="Mötesplatserna",
        shared=True,
    )
    Reflection.objects.create(
        workshop=workshop, person=vera.user, organisation=vera.organisation, learned=PRIVATE
    )
    collaboration = Collaboration.objects.create(
        lab=lab,
        workshop=workshop,
        title="Samverkan om kompetensförsörjning",
        challenge_text="Kompetensförsörjning i hela landet",
        contact=sanna.user,
        needs=["forum", "coordination"],
        status=Collaboration.Status.STARTED,
    )
    collaboration.organisations.set([sanna.organisation, anders.organisation])
    return {"board": board, "poll": poll, "skills": skills, "meeting": meeting}


# --- What the report holds ------------------------------------------------------------------


def test_the_report_counts_attendance_by_kind_and_side(workshop, ran, in_english):
    # Sanna and Anders were checked in; Vera was not, but took part in the live room
    context = report_module.gather(workshop)
    attendance = context["attendance"]
    assert (attendance.registered, attendance.attended, attendance.organisations) == (3, 3, 3)
    assert (attendance.checked_in, attendance.in_room_only) == (2, 1)
    assert attendance.by_kind == [("Region", 2, 2), ("National agency", 1, 1)]
    assert attendance.by_side == [("Region", 2, 2), ("Agency", 1, 1), ("Other", 0, 0)]


def test_with_no_check_in_those_in_the_live_room_count_as_present(
    workshop, board, joined, in_english
):
    attendance = report_module.gather(workshop)["attendance"]

    assert (attendance.registered, attendance.attended, attendance.organisations) == (3, 3, 3)
    assert (attendance.checked_in, attendance.in_room_only) == (0, 3)


def test_the_report_says_whom_it_counted_as_present(workshop, ran, olle_organiser, private_root):
    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="sv")
    report_module.build(report)
    report.refresh_from_db()

    text = pdf_text(report)
    assert (
        "3 personer var närvarande. Antal organisationer: 3. Anmälda till workshopen: 3. "
        "Räknade som närvarande: 2 som checkade in och 1 person som inte checkade in men "
        "deltog i workshoprummet."
    ) in text
    assert "Närvarande" in text


def test_a_poll_nobody_voted_in_is_drawn_as_no_votes(olle_organiser, poll_item, joined):
    poll = make_activity(
        olle_organiser, poll_item, Activity.Kind.POLL, options=["Forum", "Fler workshops"]
    )

    section = report_module.gather_activity(poll)

    assert [(row.label, row.total, row.share) for row in section.results] == [
        ("Forum", 0, 0),
        ("Fler workshops", 0, 0),
    ]
    (chart,) = section.charts
    assert chart.alt == "Diagram över Aktivitet poll: inga röster."
    assert "Inga röster" in base64.b64decode(chart.src.split(",", 1)[1]).decode()


def test_a_board_lists_each_visible_note_once_under_its_theme_or_column(workshop, ran, in_english):
    board, _poll = report_module.gather(workshop)["activities"]
    (theme,) = board.themes
    assert theme.label == "Mötesplatser"
    assert [(n.text, n.column, n.theme) for n in theme.notes] == [
        ("Gemensamma mötesplatser för regioner och myndigheter", "Möjligheter", "")
    ]
    chances, obstacles = board.columns
    assert [n.text for n in chances.notes] == ["Delad kunskap om kompetensförsörjning"]
    assert [n.text for n in obstacles.notes] == ["Olika planeringscykler hos myndigheterna"]
    assert board.note_count == 3  # not the hidden one


def test_a_perspectives_board_says_where_the_perspectives_met(
    workshop, olle_organiser, dialogue_item, joined, private_root
):
    board = make_activity(olle_organiser, dialogue_item, Activity.Kind.PERSPECTIVES)
    first = board.columns.order_by("position").first()
    sanna, anders, vera = joined["sanna"], joined["anders"], joined["vera"]

    def add(participant, text):
        return actions.do_add_note(participant=participant, activity=board, text=text, column=first)

    region = add(sanna, "Längre projektperioder")
    agency = add(anders, "Treåriga projekt är för korta")
    add(vera, "Bara regioner här")
    data = add(sanna, "Gemensam datalager")
    data_agency = add(anders, "Dela data mellan staten och regionerna")
    actions.do_merge_note(actor=olle_organiser, note=agency, into=region)
    theme = actions.do_create_theme(
        actor=olle_organiser, activity=board, label="Data", notes=[data, data_agency]
    )
    Theme.objects.create(activity=board, label="Bara förslag", status="suggested")

    (section,) = [a for a in report_module.gather(workshop)["activities"] if a.activity == board]

    assert [(p.label, p.regions, p.agencies) for p in section.shared] == [
        (theme.label, 1, 1),
        ("Längre projektperioder", 1, 1),
    ]
    assert [row.text for row in section.shared[1].merged] == ["Treåriga projekt är för korta"]
    assert section.shared[1].merged[0].organisation == "Trafikverket"
    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="sv")
    report_module.build(report)
    assert "Där perspektiven möts" in report.html
    text = " ".join(pdf_text(report).split())
    assert "Där perspektiven möts" in text
    assert "Treåriga projekt är för korta" in text
    assert "regioner 1, myndigheter 1" in text


def test_a_board_has_its_top_voted_notes_and_a_chart_of_them(workshop, ran, in_english):
    board, poll = report_module.gather(workshop)["activities"]
    assert [(n.text, n.total) for n in board.top] == [
        ("Delad kunskap om kompetensförsörjning", 2),
        ("Gemensamma mötesplatser för regioner och myndigheter", 1),
    ]
    assert board.top[0].by == "Vera Västra, Västra Götalandsregionen"
    assert board.top[1].details == [
        "Sanna Skåning, Region Skåne",
        "1 vote",
        "Möjligheter",
        "theme: Mötesplatser",
    ]
    assert board.charts[0].src.startswith("data:image/svg+xml;base64,")
    assert "Delad kunskap om kompetensförsörjning: 2" in board.charts[0].alt
    assert [(r.label, r.total, r.share) for r in poll.results] == [
        ("Fler gemensamma workshops", 2, 67),
        ("Ett gemensamt forum", 1, 33),
    ]


def test_authors_stay_hidden_where_the_activity_hid_them(workshop, ran, olle_organiser, in_english):
    actions.do_set(actor=olle_organiser, activity=ran["board"], hide_authors=True)
    board = report_module.gather(workshop)["activities"][0]
    note = board.top[0]
    assert (note.author, note.organisation, note.by) == ("", "", "Region")


def test_the_results_are_in_the_report_even_when_they_were_never_shown(workshop, ran, in_english):
    assert not ran["poll"].revealed
    poll = report_module.gather(workshop)["activities"][1]
    assert poll.voters == 3
    assert poll.results[0].total == 2


def test_a_ranking_shows_its_points_and_an_activity_never_opened_is_left_out(
    workshop, dialogue_item, olle_organiser, joined, in_english
):
    ranking = make_activity(
        olle_organiser, dialogue_item, Activity.Kind.RANKING, options=["Data", "Forum", "Pengar"]
    )
    make_activity(olle_organiser, dialogue_item, open=False)
    data, forum, money = ranking.notes.order_by("position")
    for participant, order in zip(
        joined.values(), ([data, forum, money], [data, money, forum], [forum, data]), strict=True
    ):
        actions.do_rank(participant=participant, activity=ranking, order=[n.pk for n in order])
    (section,) = report_module.gather(workshop)["activities"]
    assert section.result_label == "Points"
    assert [(r.label, r.total, r.share) for r in section.results] == [
        ("Data", 5, 56),
        ("Forum", 3, 33),
        ("Pengar", 1, 11),
    ]


def test_breakout_groups_are_counted_not_named(
    workshop, dialogue_item, olle_organiser, joined, in_english
):
    activity = make_activity(olle_organiser, dialogue_item, Activity.Kind.BREAKOUT)
    actions.do_allocate(actor=olle_organiser, activity=activity, group_count=2, rounds=2)
    section = report_module.gather(workshop)["activities"][0]
    assert section.breakout.rounds == 2
    assert [label for label, _counts in section.breakout.groups] == ["Group 1", "Group 2"]
    first, second = (counts for _label, counts in section.breakout.groups)
    assert [a + b for a, b in zip(first, second, strict=True)] == [3, 3]  # everyone, each round


def test_foresight_has_its_trends_chart_and_scenario_axes(
    workshop, dialogue_item, olle_organiser, joined, in_english
):
    activity = make_activity(olle_organiser, dialogue_item, Activity.Kind.FORESIGHT)
    steep = activity.columns.order_by("position").first()
    trends = [
        actions.do_add_note(participant=joined["sanna"], activity=activity, text=t, column=steep)
        for t in ("Klimatanpassning", "Digitalisering", "Urbanisering")
    ]
    for participant, (trend, impact, uncertainty) in itertools.product(
        joined.values(), zip(trends, (5, 3, 1), (5, 2, 1), strict=True)
    ):
        Rating.objects.create(
            trend=trend, participant=participant, impact=impact, uncertainty=uncertainty
        )
    do_choose_axes(actor=olle_organiser, activity=activity, x=trends[0], y=trends[1])
    section = report_module.gather(workshop)["activities"][0]
    assert [(t.text, t.impact, t.critical) for t in section.trends] == [
        ("Klimatanpassning", 5.0, True),
        ("Digitalisering", 3.0, True),
        ("Urbanisering", 1.0, False),
    ]
    assert section.axes == ("Klimatanpassning", "Digitalisering")
    assert len(section.scenarios) == 4
    assert "Klimatanpassning; Digitalisering" in section.charts[0].alt


# --- Building it ----------------------------------------------------------------------------


def test_building_the_report_writes_the_page_and_a_pdf_with_what_happened(
    workshop, ran, olle_organiser, private_root
):
    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="en")
    report_module.build(report)
    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (Report.Status.DONE, 100, "")
    assert report.finished_at is not None
    assert report.pdf.name.startswith(f"reports/{workshop.pk}/")
    assert (private_root / report.pdf.name).exists()
    text = pdf_text(report)
    for expected in (
        "Regional utveckling – hur får vi perspektiven att mötas?",
        "Vad tar vi med oss hem?",
        "3 people were present, from 3 organisations; 3 were registered for the workshop.",
        "Counted as present: 2 checked in, and 1 person who was not checked in but took part "
        "in the live room.",
        "Delad kunskap om kompetensförsörjning",
        "Gemensamma mötesplatser för regioner och myndigheter",
        "Fler gemensamma workshops",
        "Samverkan om kompetensförsörjning",
        SHARED,
    ):
        assert expected in text
    assert PRIVATE not in text
    assert "Dold anteckning" not in text
    assert "Delad kunskap om kompetensförsörjning" in report.html
    assert PRIVATE not in report.html
    assert '<img class="chart" src="data:image/svg+xml;base64,' in report.html
    assert "<h1" not in report.html  # the page gives the h1


@pytest.mark.django_db(transaction=True)
def test_a_requested_report_is_built_by_the_task_worker(
    workshop, ran, olle_organiser, private_root, run_tasks
):
    requested = do_request_report(actor=olle_organiser, workshop=workshop)
    assert requested.status == Report.Status.QUEUED
    run_tasks()
    requested.refresh_from_db()
    assert (requested.status, requested.progress) == (Report.Status.DONE, 100)
    assert "Delad kunskap om kompetensförsörjning" in pdf_text(requested)


def test_the_report_is_written_in_the_language_it_was_asked_in(
    workshop, ran, olle_organiser, private_root
):
    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="en")
    report_module.build(report)
    assert "The live activities" in report.html
    assert "People by kind of organisation" in report.html


def test_the_progress_is_saved_step_by_step_where_the_page_sees_it(
    workshop, ran, olle_organiser, private_root, monkeypatch
):
    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="en")
    seen = []
    save = report_module.save_progress

    def record(target, percent, step):
        save(target, percent, step)
        stored = Report.objects.get(pk=target.pk)
        seen.append((stored.status, stored.progress, stored.step))

    monkeypatch.setattr(report_module, "save_progress", record)
    report_module.build(report)
    assert [step for _status, _progress, step in seen] == [
        "Program and attendance",
        "Activity 1 of 2",
        "Activity 2 of 2",
        "Synergy maps",
        "Writing the report",
        "Writing the PDF",
    ]
    assert {status for status, _progress, _step in seen} == {Report.Status.RUNNING}
    progress = [percent for _status, percent, _step in seen]
    assert progress == sorted(progress)
    assert len(set(progress)) == len(progress)
    assert progress[0] > 0
    assert progress[-1] < 100


def test_a_failing_step_marks_the_report_failed_without_raising(
    workshop, ran, olle_organiser, private_root, monkeypatch, caplog
):
    def broken(activity):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(report_module, "gather_activity", broken)
    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="en")
    report_module.build(report)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == "Building the report failed at “Activity 1 of 2” (RuntimeError)."
    assert report.finished_at is not None
    assert not report.pdf
    assert not report.html
    assert "Report" in caplog.text
    assert "the database went away" in caplog.text  # the traceback is logged


def test_a_failing_pdf_leaves_no_file_behind(
    workshop, ran, olle_organiser, private_root, monkeypatch
):
    def broken(report, percent, step):
        if step == "Writing the PDF":
            raise OSError("disk full")

    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="en")
    monkeypatch.setattr(report_module, "save_progress", broken)
    report_module.build(report)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "Writing the PDF" in report.error
    assert not list(private_root.rglob("*.pdf"))


# --- Queries --------------------------------------------------------------------------------


def crowd(people: int, notes_each: int, seed: int = 0):
    """A workshop of its own lab with ``people`` checked-in participants from half as many
    organisations; a board where each writes ``notes_each`` notes and spends three dots, a
    poll, breakout groups, foresight with every trend rated by everyone, a synergy map scored
    by everyone, collaborations and shared reflections."""
    rng = random.Random(seed)
    organiser = UserFactory(role="organiser")
    lab = LabFactory(organisers=[organiser])
    workshop = WorkshopFactory(lab=lab, number=1)
    item = ProgramItemFactory(workshop=workshop, title="Dialog")
    item.leaders.add(organiser)
    room = actions.get_or_create_room(workshop)
    organisations = [
        OrganisationFactory(name=f"{lab.slug} org {n}", kind=("region", "agency", "other")[n % 3])
        for n in range(max(people // 2, 1))
    ]
    users, participants = [], []
    for n in range(people):
        organisation = organisations[n % len(organisations)]
        user = UserFactory(name=f"Person {lab.slug} {n}", organisation=organisation)
        registration = Registration.objects.create(
            lab=lab, person=user, organisation=organisation, status="confirmed"
        )
        Attendance.objects.create(workshop=workshop, registration=registration)
        users.append(user)
        participants.append(
            Participant.objects.create(
                room=room,
                user=user,
                name=user.name,
                organisation=organisation,
                side=organisation.side,
            )
        )
    board = make_activity(organiser, item, columns=["Möjligheter", "Hinder"])
    columns = list(board.columns.all())
    notes = Note.objects.bulk_create(
        Note(
            activity=board,
            column=columns[(p + k) % 2],
            author=participant,
            organisation=participant.organisation,
            side=participant.side,
            text=f"Anteckning {p}-{k}",
            position=p * notes_each + k,
        )
        for p, participant in enumerate(participants)
        for k in range(notes_each)
    )
    Note.objects.filter(pk=notes[-1].pk).update(merged_into=notes[0])
    theme = Theme.objects.create(activity=board, label="Tema", status="accepted")
    Note.objects.filter(pk__in=[n.pk for n in notes[:3]]).update(theme=theme)
    Vote.objects.bulk_create(
        Vote(activity=board, participant=participant, note=note, value=1)
        for participant in participants
        for note in rng.sample(notes[:-1], 3)
    )
    poll = make_activity(organiser, item, Activity.Kind.POLL, options=["Ja", "Nej"])
    options = list(poll.notes.all())
    Vote.objects.bulk_create(
        Vote(activity=poll, participant=p, note=rng.choice(options), value=1) for p in participants
    )
    groups = make_activity(organiser, item, Activity.Kind.BREAKOUT)
    breakout = Breakout.objects.create(activity=groups, groups=2, rounds=2)
    Seat.objects.bulk_create(
        Seat(breakout=breakout, participant=p, round=r, group=(n + r) % 2)
        for n, p in enumerate(participants)
        for r in range(2)
    )
    foresight = make_activity(organiser, item, Activity.Kind.FORESIGHT)
    steep = foresight.columns.order_by("position").first()
    trends = Note.objects.bulk_create(
        Note(activity=foresight, column=steep, author=participants[0], text=f"Trend {n}")
        for n in range(4)
    )
    Rating.objects.bulk_create(
        Rating(trend=t, participant=p, impact=rng.randint(1, 5), uncertainty=rng.randint(1, 5))
        for t in trends
        for p in participants
    )
    do_choose_axes(actor=organiser, activity=foresight, x=trends[0], y=trends[1])
    catalogue = Catalogue.objects.create(key=f"{lab.slug}-goals", name="Mål")
    goals = Goal.objects.bulk_create(
        Goal(catalogue=catalogue, code=f"M{n}", title=f"Mål {n}", position=n) for n in range(5)
    )
    session = do_create_session(
        actor=organiser, lab=lab, title="Synergikarta", goals=goals, workshop=workshop
    )
    Score.objects.bulk_create(
        Score(session=session, scorer=u, row=r, column=c, value=rng.randint(-3, 3))
        for u in users
        for r in goals
        for c in goals
        if r != c
    )
    for n in range(max(people // 4, 1)):
        collaboration = Collaboration.objects.create(
            lab=lab, workshop=workshop, title=f"Samarbete {n}", contact=users[n], needs=["forum"]
        )
        collaboration.organisations.set(organisations[:2])
    Reflection.objects.bulk_create(
        Reflection(
            workshop=workshop,
            person=u,
            organisation=u.organisation,
            learned=f"Lärdom {n}",
            shared=True,
        )
        for n, u in enumerate(users)
    )
    return workshop


def test_gathering_takes_as_many_queries_for_a_full_room_as_for_a_small_one(
    django_assert_num_queries,
):
    small = crowd(people=4, notes_each=1)
    large = crowd(people=30, notes_each=4, seed=1)
    with CaptureQueriesContext(connection) as queries:
        context = report_module.gather(small)
    assert len(context["activities"]) == 4
    with django_assert_num_queries(len(queries)):
        context = report_module.gather(large)
    assert len(context["reflections"]) == 30
    assert context["attendance"].attended == 30


def test_an_opinion_map_brings_its_map_consensus_and_groups_into_the_report(
    workshop, lab, olle_organiser, poll_item, private_root
):
    from tests.live.test_opinion_pages import CAMP_A, CAMP_B, STATEMENTS, answering

    opinions = make_activity(olle_organiser, poll_item, Activity.Kind.OPINIONS, options=STATEMENTS)
    agreed = [*CAMP_A[:7], 1]  # both camps agree with the eighth statement
    answering(lab, opinions, 3, agreed, kind="region")
    answering(lab, opinions, 3, CAMP_B, kind="agency")
    section = report_module.gather_activity(opinions)
    found = section.opinions["found"]
    assert [share.text for share in found.consensus] == ["Påstående 8"]
    assert [group.sides for group in found.groups] == [
        {"region": 3, "agency": 0, "other": 0},
        {"region": 0, "agency": 3, "other": 0},
    ]

    report = Report.objects.create(workshop=workshop, requested_by=olle_organiser, language="sv")
    report_module.build(report)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    assert report.html.count('class="opinion-dot"') == 6
    assert '<h4 id="report-opinions-' in report.html  # under the activity's h3
    text = pdf_text(report)
    assert "Det som alla åsiktsgrupper håller med om" in text
    assert "grupp A: 100 % håller med · grupp B: 100 % håller med" in text
    assert "Hur åsiktsgrupperna går på tvärs mot labbets regioner och myndigheter" in text


def test_shared_ground_merged_into_a_note_hidden_since_is_left_out(
    workshop, lab, olle_organiser, dialogue_item, joined, in_english
):
    from larlabb.outcomes import dashboard

    board = make_activity(olle_organiser, dialogue_item, Activity.Kind.PERSPECTIVES)
    first = board.columns.order_by("position").first()
    root = actions.do_add_note(participant=joined["vera"], activity=board, text="Rot", column=first)
    for participant, text in ((joined["sanna"], "Region"), (joined["anders"], "Myndighet")):
        note = actions.do_add_note(participant=participant, activity=board, text=text, column=first)
        actions.do_merge_note(actor=olle_organiser, note=note, into=root)
    actions.do_hide_note(actor=olle_organiser, note=root, hidden=True)

    (section,) = [a for a in report_module.gather(workshop)["activities"] if a.activity == board]

    assert section.shared == []
    assert dashboard.shared_ground(lab) == []
