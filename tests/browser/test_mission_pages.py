"""Challenge-driven work in the browser: a participant proposes a challenge on a phone; the
owner gives it a mission with an experiment and two turns of its learning loop; the mission's
prerequisites are assessed twice and drawn as a radar. Every page passes axe-core."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from larlabb.actors.models import Organisation
from larlabb.missions.actions import ChallengeDetails, do_propose_challenge
from larlabb.missions.models import Action, Challenge, Initiative, Mission, PrerequisiteAssessment
from larlabb.registrations.models import Registration
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import OrganisationFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, page.url


@pytest.fixture
def registered(lab, sanna_participant):
    RegistrationFactory(
        lab=lab,
        person=sanna_participant,
        organisation=sanna_participant.organisation,
        status=Registration.Status.CONFIRMED,
    )
    return sanna_participant


def test_a_participant_proposes_a_challenge_on_a_phone(
    phone: Page, lab, registered, region_skane, live_server
):
    log_in(phone, registered, live_server)
    phone.goto(f"/labb/{lab.slug}/")
    phone.get_by_role("link", name="Utmaningar och missioner").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Utmaningar")
    assert_accessible(phone)
    fits(phone)

    phone.get_by_role("link", name="Föreslå en utmaning").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Föreslå en utmaning")
    assert_accessible(phone)
    fits(phone)
    phone.get_by_role("button", name="Föreslå utmaningen").click()  # empty: refused
    expect(phone.locator(".errorlist").first).to_contain_text("Detta fält måste fyllas i")
    assert not Challenge.objects.exists()
    assert_accessible(phone)

    phone.get_by_label("Titel").fill("Unga lämnar landsbygden")
    phone.get_by_label("Beskrivning").fill("Unga flyttar och kompetensen försvinner.")
    phone.get_by_label("Geografisk omfattning").select_option("interregional")
    phone.get_by_label("Varför den är komplex").fill("Många orsaker och ingen ensam ägare.")
    phone.get_by_label("Organisationer som deltar").select_option(label="Region Skåne")
    phone.get_by_role("button", name="Föreslå utmaningen").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Unga lämnar landsbygden")
    challenge = Challenge.objects.get()
    assert list(challenge.owners.all()) == [registered]
    assert list(challenge.organisations.all()) == [region_skane]
    expect(phone.locator(".breadth")).to_contain_text("Ingen kommun")
    assert_accessible(phone)
    fits(phone)

    # The lab assesses it against the two criteria and votes for it.
    for question in [
        "Är det en större komplex samhällsutmaning?",
        "Kräver den medverkan av flera aktörer?",
    ]:
        phone.get_by_role("group", name=question).get_by_label("Ja").check()
    phone.get_by_role("button", name="Spara bedömningen").click()
    expect(phone.locator(".messages")).to_contain_text("Din bedömning har sparats.")
    phone.get_by_role("button", name="Rösta på den här utmaningen").click()
    expect(phone.locator(".messages")).to_contain_text("Din röst har räknats.")
    assert challenge.votes.count() == 1
    assert challenge.assessments.get().needs_several_actors
    assert_accessible(phone)


def test_the_owner_gives_a_mission_an_experiment_with_two_learning_entries(
    page: Page, lab, olle_organiser, region_skane, live_server
):
    from larlabb.missions import actions

    challenge = actions.do_propose_challenge(
        actor=olle_organiser,
        lab=lab,
        details=actions.ChallengeDetails(
            title="Kompetensförsörjning", description="Svårt att rekrytera.", scope="national"
        ),
    )
    agency = OrganisationFactory(name="Tillväxtverket", kind=Organisation.Kind.AGENCY)
    log_in(page, olle_organiser, live_server)
    page.goto(f"/utmaningar/{challenge.pk}/")
    page.get_by_role("link", name="Skapa en mission för utmaningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny mission")
    assert_accessible(page)

    year = timezone.localdate().year
    page.get_by_label("Titel").fill("Kompetensplattformar")
    # the label's text is "Mål*": the required mark is hidden from screen readers only
    page.get_by_label(re.compile(r"^Mål\*?$")).fill("Alla regioner har en kompetensplattform.")
    page.get_by_label("Målår").fill(str(year - 1))
    page.get_by_label("Ansvarig organisation").select_option(label="Tillväxtverket")
    page.get_by_role("button", name="Spara missionen").click()
    expect(page.get_by_text(f"Målåret {year - 1} har redan passerat")).to_be_visible()
    assert not Mission.objects.exists()

    page.get_by_label("Målår").fill(str(year + 9))
    page.get_by_role("button", name="Spara missionen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetensplattformar")
    mission = Mission.objects.get()
    assert mission.owner == agency
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till en expedition eller ett experiment").click()
    page.get_by_label("Experiment").check()
    page.get_by_label("Titel").fill("Gemensam prognos")
    page.get_by_label("Hypotes").fill("En gemensam prognos ger ett bättre utbildningsutbud.")
    page.get_by_label("Vad som ska göras").fill("Två regioner delar en prognosmodell.")
    page.get_by_label("Startdatum").fill("2026-09-01")
    page.get_by_label("Slutdatum").fill("2027-06-30")
    assert_accessible(page)
    page.get_by_role("button", name="Lägg till i portföljen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemensam prognos")

    page.get_by_label("Status").select_option("running")
    page.get_by_role("button", name="Ändra status").click()
    expect(page.locator(".messages")).to_contain_text("Statusen har ändrats.")
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Ändra status").click()
    expect(page.locator(".messages")).to_contain_text("lärandeanteckning")
    assert Initiative.objects.get().status == "running"

    for date, tried, learned, step in [
        ("2026-10-01", "En första workshop om prognosdata.", "Kommunerna saknar data.", "Anpassa"),
        ("2026-11-10", "Data från SCB för alla kommuner.", "Samtalet blev konkret.", "Fortsätt"),
    ]:
        page.get_by_role("link", name="Lägg till en lärandeanteckning").click()
        page.get_by_label("Datum").fill(date)
        page.get_by_label("Vad som prövades").fill(tried)
        page.get_by_label("Lärdomar").fill(learned)
        page.get_by_label(step, exact=True).check()
        assert_accessible(page)
        page.get_by_role("button", name="Lägg till lärandeanteckningen").click()
        expect(page.locator(".messages")).to_contain_text("Lärandeanteckningen har lagts till.")

    expect(page.locator(".loop > li")).to_have_count(2)
    expect(page.get_by_role("heading", name="Varv 2, 10 november 2026")).to_be_visible()
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Ändra status").click()
    expect(page.locator(".badge.status-completed")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Portfölj").click()
    expect(page.locator(".timeline > li")).to_have_count(2)
    assert_accessible(page)


def test_the_prerequisites_are_assessed_twice_and_drawn_as_a_radar(
    phone: Page, lab, olle_organiser, tillvaxtverket, live_server
):
    from larlabb.missions import actions, rules

    challenge = actions.do_propose_challenge(
        actor=olle_organiser,
        lab=lab,
        details=actions.ChallengeDetails(title="Klimat", description="…", scope="national"),
    )
    mission = actions.do_create_mission(
        actor=olle_organiser,
        challenge=challenge,
        today=timezone.localdate(),
        details=actions.MissionDetails(
            title="Fossilfria transporter", goal="…", target_year=2045, owner=tillvaxtverket
        ),
    )
    log_in(phone, olle_organiser, live_server)
    phone.goto(f"/uppdrag/{mission.pk}/")
    phone.get_by_role("link", name="Bedömningar av förutsättningarna med radardiagram").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Förutsättningar")
    assert_accessible(phone)
    fits(phone)

    for date, value in [("2026-05-01", "2"), ("2026-11-01", "4")]:
        phone.get_by_label("Datum").fill(date)
        for _key, label in rules.PREREQUISITES:
            group = phone.get_by_role("group", name=str(label_sv(label)))
            group.get_by_label(value, exact=True).check()
        phone.get_by_role("group", name="Iterativt arbetssätt").get_by_label("Kommentar").fill(
            "Vi prövar i korta varv."
        )
        phone.get_by_role("button", name="Spara bedömningen").click()
        expect(phone.locator(".messages")).to_contain_text("Bedömningen har sparats")

    assert PrerequisiteAssessment.objects.filter(mission=mission).count() == 2
    radar = phone.locator("img.radar")
    expect(radar).to_be_visible()
    phone.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=radar.element_handle(), timeout=15000
    )
    table = phone.get_by_role("table", name="Den senaste bedömningen")
    expect(table.get_by_role("row", name="Iterativt arbetssätt")).to_contain_text("+2")
    expect(table.get_by_role("row", name="Iterativt arbetssätt")).to_contain_text("korta varv")
    assert_accessible(phone)
    fits(phone)


def label_sv(label) -> str:
    from django.utils import translation

    with translation.override("sv"):
        return str(label)


def test_every_page_of_the_demos_challenge_driven_work_passes_axe_on_a_phone(
    phone: Page, demo, live_server
):
    from larlabb.accounts.models import User

    challenge = Challenge.objects.get(lab=demo)
    mission = Mission.objects.get(challenge=challenge)
    experiment = Initiative.objects.get(mission=mission)
    action = Action.objects.filter(lab=demo).first()
    log_in(phone, User.objects.get(email="organisator@example.org"), live_server)
    slug = demo.slug
    for url, heading in [
        ("/utmaningsdrivet/begrepp/", "Begrepp"),
        (f"/labb/{slug}/utmaningar/", "Utmaningar"),
        (f"/utmaningar/{challenge.pk}/", challenge.title),
        (f"/utmaningar/{challenge.pk}/redigera/", "Ändra utmaningen"),
        (f"/uppdrag/{mission.pk}/", mission.title),
        (f"/uppdrag/{mission.pk}/redigera/", "Ändra missionen"),
        (f"/uppdrag/{mission.pk}/indikatorer/ny/", "Ny indikator"),
        (f"/arbete/{experiment.pk}/", experiment.title),
        (f"/arbete/{experiment.pk}/larande/", "Ny lärandeanteckning"),
        (f"/arbete/{experiment.pk}/redigera/", "Ändra arbetet"),
        (f"/handlingsplan/{action.pk}/redigera/", "Ändra åtgärden"),
        (f"/labb/{slug}/portfolj/", "Portfölj"),
        (f"/labb/{slug}/forutsattningar/", "Förutsättningar"),
        (f"/labb/{slug}/dialoger/", "Dialoger"),
        (f"/labb/{slug}/handlingsplan/", "Handlingsplan"),
        (f"/labb/{slug}/pm/", "PM"),
    ]:
        phone.goto(url)
        expect(phone.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(phone)
        fits(phone)
    # The demo's first next step is overdue: highlighted in the action plan.
    phone.goto(f"/labb/{slug}/handlingsplan/")
    expect(phone.locator("tr.overdue")).to_have_count(1)


def test_a_long_swedish_compound_in_a_heading_fits_a_320_px_screen(
    browser, lab, registered, live_server
):
    """Reflow (WCAG 1.4.10): a title of one long word ("Kompetensförsörjningssamverkan") in
    the page's large heading breaks instead of making the page scroll sideways, in Swedish and
    in English (where the title is marked as Swedish)."""
    challenge = do_propose_challenge(
        actor=registered,
        lab=lab,
        details=ChallengeDetails(
            title="Kompetensförsörjningssamverkan", description="Ett test.", scope="national"
        ),
    )
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    log_in(page, registered, live_server)
    for language in ["sv", "en"]:
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page.goto(f"/utmaningar/{challenge.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(challenge.title)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, language
        assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "sv")
    context.close()
