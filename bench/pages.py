"""Benchmark of the public pages of the demo lab: how long the invitation page, the start page,
the two PDFs and the calendar files take to serve, their query counts, and the memory of the
process. Runs on a fresh SQLite database in a temporary folder (or DATABASE_URL when set).

    make bench        (or: DEBUG=1 .venv/bin/python bench/pages.py [--runs N])
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("LARLABB_DATA_DIR", tempfile.mkdtemp(prefix="larlabb-bench-"))
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "larlabb.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"migrate + load_demo: {time.perf_counter() - started:.2f} s")
    print(f"database: {connection.vendor}")

    client = Client()
    pages = {
        "start page": "/",
        "invitation page": "/labb/hallbar-utveckling/",
        "program for the day": "/labb/hallbar-utveckling/workshop/1/",
        "invitation PDF": "/labb/hallbar-utveckling/inbjudan.pdf",
        "program PDF": "/labb/hallbar-utveckling/program.pdf",
        "series .ics": "/labb/hallbar-utveckling/kalender.ics",
    }
    measure(client, pages, args.runs, CaptureQueriesContext, connection)

    # Synergy maps, as the organiser: the demo map (8 goals) and one of 40 goals scored
    # completely by 30 participants (46,800 scores).
    from larlabb.accounts.models import User

    big = big_synergy_map(goal_count=40, scorer_count=30)
    client.force_login(User.objects.get(email="organisator@example.org"))
    demo_map = big.lab.mapping_sessions.exclude(pk=big.pk).get()
    maps = {
        "synergy results 8x8": f"/synergier/{demo_map.pk}/resultat/",
        "synergy results 40x40": f"/synergier/{big.pk}/resultat/",
        "heatmap SVG 40x40": f"/synergier/{big.pk}/diagram/heatmap.svg",
        "network SVG 40x40": f"/synergier/{big.pk}/diagram/natverk.svg",
    }
    measure(client, maps, max(3, args.runs // 5), CaptureQueriesContext, connection)

    # Challenge-driven work, as the organiser: the demo's pages, then the portfolio and the
    # memo with 500 experiments (two learning entries and two actors each) under the mission.
    from larlabb.missions.models import Challenge, Initiative, Mission

    challenge = Challenge.objects.get(lab__slug="hallbar-utveckling")
    mission = Mission.objects.get(challenge=challenge)
    work = {
        "challenges": "/labb/hallbar-utveckling/utmaningar/",
        "mission page": f"/uppdrag/{mission.pk}/",
        "prerequisites radar SVG": f"/uppdrag/{mission.pk}/forutsattningar/radar.svg",
        "portfolio (demo)": "/labb/hallbar-utveckling/portfolj/",
    }
    measure(client, work, args.runs, CaptureQueriesContext, connection)
    big_portfolio(mission, 500 - Initiative.objects.count())
    work = {
        "portfolio, 500 experiments": "/labb/hallbar-utveckling/portfolj/",
        "memo, 500 experiments": "/labb/hallbar-utveckling/pm/",
        "memo PDF, 500 experiments": "/labb/hallbar-utveckling/pm.pdf",
    }
    measure(client, work, max(3, args.runs // 5), CaptureQueriesContext, connection)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")


def big_synergy_map(goal_count: int, scorer_count: int):
    """A map of the demo lab with ``goal_count`` goals, every cell scored by every scorer."""
    import random

    from larlabb.accounts.models import User
    from larlabb.actors.models import Organisation
    from larlabb.labs.models import Lab
    from larlabb.registrations.models import Registration
    from larlabb.synergies.actions import do_create_session
    from larlabb.synergies.models import Catalogue, Goal, Score

    lab = Lab.objects.get(slug="hallbar-utveckling")
    catalogue = Catalogue.objects.create(key="bench", name="Bench")
    goals = Goal.objects.bulk_create(
        Goal(catalogue=catalogue, code=f"G{n}", title=f"Mål {n}", position=n)
        for n in range(goal_count)
    )
    organiser = User.objects.get(email="organisator@example.org")
    session = do_create_session(actor=organiser, lab=lab, title="Bench", goals=goals)
    people = []
    for n in range(scorer_count):
        kind = "region" if n % 2 else "agency"
        organisation = Organisation.objects.create(name=f"Bench {n}", kind=kind)
        person = User.objects.create_user(f"bench{n}@example.org", name=f"Bench {n}")
        Registration.objects.create(lab=lab, person=person, organisation=organisation)
        people.append(person)
    rng = random.Random(0)
    Score.objects.bulk_create(
        (
            Score(session=session, scorer=p, row=r, column=c, value=rng.randint(-3, 3))
            for p in people
            for r in goals
            for c in goals
            if r != c
        ),
        batch_size=2000,
    )
    return session


def big_portfolio(mission, count: int) -> None:
    import datetime

    from larlabb.missions.models import Initiative, LearningEntry

    day = datetime.date(2026, 1, 1)
    made = Initiative.objects.bulk_create(
        Initiative(
            mission=mission,
            kind="experiment",
            title=f"Experiment {n}",
            plan="…",
            starts_on=day,
            ends_on=day,
            status="running",
        )
        for n in range(count)
    )
    organisations = list(mission.organisations.all()[:2])
    through = Initiative.organisations.through
    through.objects.bulk_create(
        through(initiative=i, organisation=o) for i in made for o in organisations
    )
    LearningEntry.objects.bulk_create(
        LearningEntry(
            initiative=i, happened_on=day, tried="Prövat", learned="Lärt", next_step="keep"
        )
        for i in made
        for _ in range(2)
    )


def measure(client, pages: dict[str, str], runs: int, capture, connection) -> None:
    print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'bytes':>9}")
    for name, url in pages.items():
        client.get(url)  # warm up templates and fonts
        timings = []
        for _ in range(runs):
            with capture(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(
            f"{name:<24}{statistics.median(timings):>9.1f}{p95:>9.1f}{timings[-1]:>9.1f}"
            f"{len(queries):>9}{len(response.content):>9}"
        )


if __name__ == "__main__":
    main()
