"""Learning and outcomes in the browser, on a phone: a participant submits their preparation
with a file, reflects on a workshop, answers the survey and registers a collaboration; the
dashboard shows the evidence; an organiser builds the workshop's documentation and watches its
progress bar until the report is ready. Every page passes axe-core and fits 390 px."""

import datetime
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from larlabb.actors.models import Organisation
from larlabb.outcomes import actions
from larlabb.outcomes.models import Collaboration, Reflection, Report, Response, Submission
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import OrganisationFactory
from tests.live.cast import registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


def checked(page: Page) -> None:
    assert_accessible(page)
    fits(page)


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def begun(workshop):
    """The first workshop began two hours ago."""
    workshop.starts_at = timezone.now() - datetime.timedelta(hours=2)
    workshop.ends_at = workshop.starts_at + datetime.timedelta(hours=7)
    workshop.save()
    return workshop


def png(tmp_path):
    path = tmp_path / "skiss.png"
    Image.new("RGB", (8, 8), "green").save(path)
    return path


def test_a_participant_prepares_reflects_answers_and_registers_a_collaboration_on_a_phone(
    phone: Page, lab, begun, sanna, anders, olle_organiser, live_server, tmp_path
):
    now = timezone.now()
    actions.do_create_assignment(
        actor=olle_organiser,
        lab=lab,
        details=actions.AssignmentDetails(
            title="Läs strategin",
            instructions="Läs kapitel 3.",
            due_at=now + datetime.timedelta(days=2),
        ),
    )
    actions.do_set_up_survey(
        actor=olle_organiser,
        lab=lab,
        before=(now - datetime.timedelta(days=1), now + datetime.timedelta(days=5)),
        after=(now + datetime.timedelta(days=30), now + datetime.timedelta(days=60)),
    )
    log_in(phone, sanna, live_server)
    phone.goto(f"/labb/{lab.slug}/larande/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lärande")
    checked(phone)

    phone.get_by_role("link", name="Läs strategin").click()
    checked(phone)
    phone.get_by_label("Ditt svar").fill("Vi har läst kapitlet.")
    phone.get_by_label("Fil").set_input_files(png(tmp_path))
    phone.get_by_role("button", name="Lämna in").click()
    expect(phone.get_by_text("Din inlämning har sparats.")).to_be_visible()
    checked(phone)
    assert Submission.objects.get().file_kind == "png"

    phone.goto(f"/labb/{lab.slug}/workshop/1/reflektion/")
    checked(phone)
    phone.get_by_label("Vad lärde jag mig?").fill("Att perspektiven möts i konkreta case.")
    phone.get_by_role("button", name="Spara reflektionen").click()
    expect(phone.get_by_text("Din reflektion har sparats.")).to_be_visible()
    assert Reflection.objects.get().shared is False

    phone.goto(f"/labb/{lab.slug}/enkat/before/")
    checked(phone)
    for legend in phone.locator("fieldset.likert").all():
        legend.get_by_label("4", exact=True).check()
    phone.get_by_label("Trafikverket").select_option("2")
    phone.get_by_role("button", name="Skicka svaren").click()
    expect(phone.get_by_text("Tack! Dina svar har sparats.")).to_be_visible()
    checked(phone)
    assert Response.objects.get().ties.get().level == 2

    phone.goto(f"/labb/{lab.slug}/samarbeten/")
    checked(phone)
    phone.get_by_label("Titel").fill("Gemensam kompetensanalys")
    phone.get_by_label("Den konkreta utmaningen").fill("Kompetensbrist i regionerna")
    phone.get_by_label("Organisationer som ingår").select_option(
        label=["Region Skåne", "Trafikverket"]
    )
    phone.get_by_role("button", name="Lägg till i registret").click()
    expect(phone.get_by_text("Samarbetet finns nu i registret.")).to_be_visible()
    checked(phone)
    assert Collaboration.objects.get().organisations.count() == 2

    phone.goto(f"/labb/{lab.slug}/nadde-vi-malen/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Nådde vi målen?")
    # only the first round has answers: the second is not measured yet, not "→ 0"
    expect(
        phone.get_by_text("Efter: inte mätt än, den andra omgången har inga svar.")
    ).to_have_count(2)
    checked(phone)

    phone.goto(f"/labb/{lab.slug}/workshop/1/med-hem/")
    checked(phone)
    phone.goto(f"/labb/{lab.slug}/workshop/1/med-hem/organisation/")
    checked(phone)


def test_the_documentation_report_shows_its_progress_until_it_is_ready(
    phone: Page, lab, begun, sanna, olle_organiser, live_server, run_tasks
):
    actions.do_save_reflection(
        actor=sanna,
        workshop=begun,
        learned="Vi behöver gemensamma mötesplatser.",
        bring_home="",
        next_steps="",
        shared=True,
    )
    log_in(phone, olle_organiser, live_server)
    for path in ("larande/", "uppgifter/ny/", "enkat/installningar/", "nadde-vi-malen/"):
        phone.goto(f"/labb/{lab.slug}/{path}")
        checked(phone)
    phone.goto(f"/labb/{lab.slug}/workshop/1/dokumentation/")
    checked(phone)
    phone.get_by_role("button", name="Skapa rapporten").click()
    bar = phone.get_by_role("progressbar")
    expect(bar).to_be_visible()
    checked(phone)

    # the worker reaches the second step: the page, asking every second, follows
    Report.objects.update(status=Report.Status.RUNNING, progress=40, step="Aktivitet 1 av 2")
    expect(bar).to_have_attribute("value", "40")
    expect(phone.get_by_text("Aktivitet 1 av 2")).to_be_visible()

    run_tasks()
    expect(phone.get_by_role("link", name="Ladda ned rapporten (PDF)")).to_be_visible()
    expect(phone.get_by_text("Vi behöver gemensamma mötesplatser.")).to_be_visible()
    assert Report.objects.get().status == Report.Status.DONE
    checked(phone)
    assert re.search(
        r"/dokumentation/\d+\.pdf$",
        phone.get_by_role("link", name=re.compile("PDF")).get_attribute("href"),
    )


def test_an_organiser_previews_a_take_home_brief_on_a_phone(
    phone: Page, lab, begun, sanna, olle_organiser, live_server
):
    log_in(phone, olle_organiser, live_server)

    phone.goto(f"/labb/{lab.slug}/workshop/1/med-hem/")

    expect(phone.locator(".notice")).to_contain_text("Förhandsvisning för arrangörerna")
    expect(phone.get_by_label("Organisation")).to_be_visible()
    checked(phone)


def test_the_survey_fits_a_320_px_screen_also_with_errors(
    browser, lab, workshop, sanna, anders, olle_organiser, live_server
):
    """Reflow (WCAG 1.4.10): the survey, its table of organisations (one with a long word in
    its name beside a select of long choices) and its error summary fit 320 CSS pixels with no
    sideways scrolling, the table included."""
    registered(
        lab,
        "jamstalldhet@example.org",
        "Jonna Jämlik",
        OrganisationFactory(name="Jämställdhetsmyndigheten", kind=Organisation.Kind.AGENCY),
    )
    now = timezone.now()
    actions.do_set_up_survey(
        actor=olle_organiser,
        lab=lab,
        before=(now - datetime.timedelta(days=1), now + datetime.timedelta(days=5)),
        after=(now + datetime.timedelta(days=30), now + datetime.timedelta(days=60)),
    )
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    log_in(page, sanna, live_server)

    page.goto(f"/labb/{lab.slug}/enkat/before/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    table = page.locator(".table-scroll")
    assert table.evaluate("(element) => element.scrollWidth <= element.clientWidth")
    assert_accessible(page)

    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    context.close()
