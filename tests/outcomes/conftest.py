import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from larlabb.outcomes import actions


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """Submitted files go to a folder of the test's own."""
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def preparation(lab, olle_organiser, workshop, now):
    return actions.do_create_assignment(
        actor=olle_organiser,
        lab=lab,
        details=actions.AssignmentDetails(
            title="Läs strategin",
            instructions="Läs kapitel 3 och skriv vad det betyder för er.",
            due_at=now + datetime.timedelta(days=3),
            workshop=workshop,
        ),
    )


@pytest.fixture
def surveys(lab, olle_organiser, now):
    return actions.do_set_up_survey(
        actor=olle_organiser,
        lab=lab,
        before=(now - datetime.timedelta(days=1), now + datetime.timedelta(days=10)),
        after=(now + datetime.timedelta(days=60), now + datetime.timedelta(days=90)),
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()
