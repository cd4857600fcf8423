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
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'bytes':>9}")
    for name, url in pages.items():
        client.get(url)  # warm up templates and fonts
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(
            f"{name:<22}{statistics.median(timings):>9.1f}{p95:>9.1f}{timings[-1]:>9.1f}"
            f"{len(queries):>9}{len(response.content):>9}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
