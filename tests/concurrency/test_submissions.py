"""Two submissions of one person's assignment sent at once (a double click, two tabs): both
are answered, one submission is kept with the later file, and no file is left behind. Real
threads with their own connections to PostgreSQL; saving is slowed so that both are inside
their transactions at once. Without the lock on the person's registration both would insert a
submission and one would fail on the unique constraint."""

import datetime
import io
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone
from PIL import Image

from larlabb.outcomes import actions
from larlabb.outcomes.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race test runs on PostgreSQL (CI runs the suite again with DATABASE_URL)")


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_two_submissions_at_once_keep_one_submission_and_one_file(
    lab, olle_organiser, sanna, settings, tmp_path, monkeypatch
):
    settings.PRIVATE_ROOT = tmp_path / "private"
    assignment = actions.do_create_assignment(
        actor=olle_organiser,
        lab=lab,
        details=actions.AssignmentDetails(
            title="Läs strategin",
            instructions="Läs kapitel 3.",
            due_at=timezone.now() + datetime.timedelta(days=2),
        ),
    )
    original = Submission.save

    def slowed(self, *args, **kwargs):
        time.sleep(0.3)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Submission, "save", slowed)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def submit(colour: str) -> None:
        barrier.wait()
        try:
            actions.do_submit(
                actor=sanna,
                assignment=assignment,
                upload=io.BytesIO(png(colour)),
                upload_name=f"{colour}.png",
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(c,)) for c in ("red", "blue")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    submission = Submission.objects.get()
    stored = list((tmp_path / "private").rglob("*.png"))
    assert [path.name for path in stored] == [submission.file.name.rsplit("/", 1)[-1]]
