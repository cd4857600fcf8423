"""Benchmark of a workshop's documentation report and take-home brief for a full room: 150
registered and checked-in participants from 75 organisations; a board with 300 notes and the
dots of everyone, a poll everyone answers, foresight with 20 trends rated by everyone; a
synergy map of the 17 SDGs scored completely by all 150; 10 collaborations and 60 shared
reflections. Times ``gather`` and ``build`` (the page's HTML and the PDF, as the task worker
runs it, with the time of each step) and one organisation's brief, and prints the PDFs' pages
and sizes, the query counts and the peak memory of the process. Target: the report is ready
within 60 seconds. Runs on a fresh SQLite database in a temporary folder (or DATABASE_URL).

    .venv/bin/python bench/report.py [--people 150] [--notes 300] [--trends 20] [--goals 17]
"""

import argparse
import datetime
import io
import os
import random
import resource
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_SECONDS = 60.0
KINDS = ("region", "agency", "municipality", "civil_society", "academia")
WORDS = (
    *("samverkan", "regional", "utveckling", "kompetensförsörjning", "infrastruktur", "klimat"),
    *("omställning", "landsbygd", "innovation", "dialog", "myndighet", "region", "kunskap"),
    *("finansiering", "uppföljning", "lärande", "digitalisering", "bostäder", "näringsliv"),
)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--trends", type=int, default=20)
    parser.add_argument("--goals", type=int, default=17)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="larlabb-bench-")
    os.environ.setdefault("LARLABB_DATA_DIR", data_dir)
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "larlabb.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.2f} s; database: {connection.vendor}")
    started = time.perf_counter()
    workshop = full_room(args)
    print(f"data: {time.perf_counter() - started:.2f} s")
    measure_report(workshop)
    measure_brief(workshop)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")


def full_room(args: argparse.Namespace):
    from larlabb.accounts.models import User
    from larlabb.actors.models import Organisation
    from larlabb.labs.models import Lab, ProgramItem, Workshop
    from larlabb.live import actions
    from larlabb.live.actions import do_choose_axes, do_write_narrative
    from larlabb.live.models import Activity, Column, Note, Participant, Rating, Theme, Vote
    from larlabb.outcomes.models import Collaboration, Reflection
    from larlabb.registrations.models import Attendance, Registration
    from larlabb.synergies.actions import do_create_session
    from larlabb.synergies.models import Catalogue, Goal, Score

    rng = random.Random(2030)
    host = Organisation.objects.create(name="Reglab", kind="other")
    organiser = User.objects.create_user(
        "organisator@example.org", name="Olle Organisatör", role="organiser", organisation=host
    )
    lab = Lab.objects.create(title="Lärlabb: hållbar regional utveckling", slug="bench")
    lab.hosts.add(host)
    lab.organisers.add(organiser)
    starts = datetime.datetime(2027, 3, 10, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
    workshop = Workshop.objects.create(
        lab=lab,
        number=1,
        title="Perspektiven möts",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        venue="Konferenscentret",
        city="Stockholm",
    )
    items = {}
    for hour, minute, title, kind in (
        (9, 30, "Välkommen och inledning", "talk"),
        (10, 0, "Regional utveckling – hur får vi perspektiven att mötas?", "dialogue"),
        (11, 30, "Synergier och målkonflikter", "dialogue"),
        (12, 0, "Lunch", "lunch"),
        (13, 0, "Framsyn 2030", "foresight"),
        (15, 0, "Vad tar vi med oss hem?", "talk"),
    ):
        item = ProgramItem.objects.create(
            workshop=workshop,
            starts=datetime.time(hour, minute),
            ends=datetime.time(hour + 1, minute),
            title=title,
            kind=kind,
        )
        item.leaders.add(organiser)
        items[title[:5]] = item

    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {n:02d}", kind=KINDS[n % len(KINDS)])
        for n in range(args.people // 2)
    )
    people, registrations = [], []
    for n in range(args.people):
        organisation = organisations[n % len(organisations)]
        person = User(email=f"person{n}@example.org", name=f"Person {n}")
        person.organisation = organisation
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people)
    people = list(User.objects.filter(email__startswith="person").order_by("pk"))
    registrations = Registration.objects.bulk_create(
        Registration(lab=lab, person=p, organisation_id=p.organisation_id, status="confirmed")
        for p in people
    )
    Attendance.objects.bulk_create(
        Attendance(workshop=workshop, registration=r) for r in registrations
    )
    room = actions.get_or_create_room(workshop)
    by_org = {o.pk: o for o in organisations}
    participants = Participant.objects.bulk_create(
        Participant(
            room=room,
            user=p,
            name=p.name,
            organisation_id=p.organisation_id,
            side=by_org[p.organisation_id].side,
        )
        for p in people
    )

    def activity(item, kind, title, **options):
        made = actions.do_create_activity(
            actor=organiser, program_item=items[item], kind=kind, title=title, **options
        )
        Activity.objects.filter(pk=made.pk).update(status="closed")
        made.refresh_from_db()
        return made

    board = activity("Regio", Activity.Kind.BOARD, "Möjligheter och hinder", dots_per_person=5)
    columns = list(board.columns.all())
    notes = Note.objects.bulk_create(
        Note(
            activity=board,
            column=columns[n % 2],
            author=participants[n % len(participants)],
            organisation_id=participants[n % len(participants)].organisation_id,
            side=participants[n % len(participants)].side,
            text=sentence(rng, rng.randint(4, 30))[:280],
            position=n,
        )
        for n in range(args.notes)
    )
    Note.objects.filter(pk__in=[n.pk for n in notes[-10:]]).update(merged_into=notes[0])
    Note.objects.filter(pk__in=[n.pk for n in notes[-15:-10]]).update(hidden=True)
    votable = notes[:-15]
    Vote.objects.bulk_create(
        Vote(activity=board, participant=p, note=note, value=1)
        for p in participants
        for note in rng.sample(votable, 5)
    )
    for number in range(8):
        theme = Theme.objects.create(
            activity=board, label=f"Tema {number + 1}", status="accepted", position=number
        )
        Note.objects.filter(pk__in=[n.pk for n in votable[number::8]]).update(theme=theme)

    poll = activity(
        "Vad t",
        Activity.Kind.POLL,
        "Vad tar vi med oss hem?",
        options=["Fler gemensamma workshops", "Ett gemensamt forum", "Delad data", "Inget"],
    )
    options = list(poll.notes.all())
    Vote.objects.bulk_create(
        Vote(activity=poll, participant=p, note=rng.choice(options), value=1) for p in participants
    )

    foresight = activity("Frams", Activity.Kind.FORESIGHT, "Trender mot 2030")
    steep = list(foresight.columns.order_by("position"))
    trends = Note.objects.bulk_create(
        Note(
            activity=foresight,
            column=steep[n % len(steep)],
            author=participants[n],
            organisation_id=participants[n].organisation_id,
            side=participants[n].side,
            text=sentence(rng, 4),
            position=n,
        )
        for n in range(args.trends)
    )
    Rating.objects.bulk_create(
        Rating(trend=t, participant=p, impact=rng.randint(1, 5), uncertainty=rng.randint(1, 5))
        for t in trends
        for p in participants
    )
    do_choose_axes(actor=organiser, activity=foresight, x=trends[0], y=trends[1])
    for quadrant in foresight.columns.filter(kind=Column.Kind.SCENARIO):
        do_write_narrative(actor=organiser, column=quadrant, narrative=sentence(rng, 60))

    catalogue = Catalogue.objects.create(key="sdg", name="Globala målen")
    goals = Goal.objects.bulk_create(
        Goal(catalogue=catalogue, code=f"SDG {n + 1}", title=f"Globalt mål {n + 1}", position=n)
        for n in range(args.goals)
    )
    session = do_create_session(
        actor=organiser,
        lab=lab,
        title="Strategins mål och Agenda 2030",
        goals=goals,
        workshop=workshop,
    )
    Score.objects.bulk_create(
        (
            Score(session=session, scorer=p, row=r, column=c, value=rng.randint(-3, 3))
            for p in people
            for r in goals
            for c in goals
            if r != c
        ),
        batch_size=5000,
    )
    for n in range(10):
        collaboration = Collaboration.objects.create(
            lab=lab,
            workshop=workshop,
            title=f"Samarbete {n + 1}: {sentence(rng, 3)}",
            challenge_text=sentence(rng, 6),
            description=sentence(rng, 40),
            contact=people[n],
            needs=["coordination", "forum"],
            status="started",
            next_meeting=datetime.date(2027, 4, 1 + n),
        )
        collaboration.organisations.set(rng.sample(organisations, 3))
    Reflection.objects.bulk_create(
        Reflection(
            workshop=workshop,
            person=p,
            organisation_id=p.organisation_id,
            learned=sentence(rng, 40),
            bring_home=sentence(rng, 30),
            next_steps=sentence(rng, 20),
            shared=n < 60,
        )
        for n, p in enumerate(people[:90])
    )
    print(
        f"{len(people)} people from {len(organisations)} organisations; board: "
        f"{len(notes)} notes, {Vote.objects.filter(activity=board).count()} dots; poll: "
        f"{Vote.objects.filter(activity=poll).count()} votes; foresight: {len(trends)} trends, "
        f"{Rating.objects.count()} ratings; synergy map: {len(goals)} goals, "
        f"{Score.objects.count()} scores by {len(people)} scorers"
    )
    return Workshop.objects.select_related("lab").get(pk=workshop.pk)


def measure_report(workshop) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from larlabb.outcomes import report
    from larlabb.outcomes.models import Report

    with CaptureQueriesContext(connection) as queries:
        begin = time.perf_counter()
        report.gather(workshop)
        gathered = time.perf_counter() - begin
    print(f"gather: {gathered:.2f} s, {len(queries)} queries")

    steps: list[tuple[float, str]] = []
    save = report.save_progress

    def timed(target, percent, step):
        steps.append((time.perf_counter(), step))
        save(target, percent, step)

    report.save_progress = timed
    target = Report.objects.create(workshop=workshop, language="sv")
    begin = time.perf_counter()
    report.build(target)
    built = time.perf_counter() - begin
    target.refresh_from_db()
    assert target.status == Report.Status.DONE, target.error
    ends = [moment for moment, _step in steps[1:]] + [begin + built]
    for (moment, step), end in zip(steps, ends, strict=True):
        print(f"  {step:<28}{end - moment:>7.2f} s")
    with target.pdf.open("rb") as file:
        content = file.read()
    pages = len(PdfReader(io.BytesIO(content)).pages)
    verdict = "within" if built <= TARGET_SECONDS else "OVER"
    print(
        f"build (gather, HTML, PDF): {built:.2f} s ({verdict} the {TARGET_SECONDS:.0f} s "
        f"target); PDF {pages} pages, {len(content) / 1024:.0f} KiB; page HTML "
        f"{len(target.html) / 1024:.0f} KiB"
    )


def measure_brief(workshop) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from larlabb.core.pdf import render_pdf
    from larlabb.outcomes import brief
    from larlabb.registrations.models import Registration

    registration = Registration.objects.select_related("person", "organisation").first()
    with CaptureQueriesContext(connection) as queries:
        begin = time.perf_counter()
        context = brief.gather(
            workshop, organisation=registration.organisation, person=registration.person
        )
        gathered = time.perf_counter() - begin
    begin = time.perf_counter()
    content = render_pdf("outcomes/pdf/brief.html", context)
    rendered = time.perf_counter() - begin
    pages = len(PdfReader(io.BytesIO(content)).pages)
    print(
        f"brief: gather {gathered:.2f} s, {len(queries)} queries; PDF {rendered:.2f} s, "
        f"{pages} page(s), {len(content) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
