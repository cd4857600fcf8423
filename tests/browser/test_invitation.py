"""The demo lab's invitation page, read in a real browser: every fact of the seed invitation,
in the seed's order, in Swedish and in English, with zero axe-core violations."""

import pytest
from django.utils import formats, translation
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = [
    "Lärlabb: Hållbar utveckling",
    "Hur genomför vi tillsammans målen om hållbar regional utveckling i hela landet?",
    "Välkommen till RUS-nätverkets labb för att fördjupa arbetet med den nationella strategin",
    "Syftet med workshoparna är att lära känna varandra",
    "Regional utveckling – hur får vi perspektiven att mötas?",
    "Framsyn: Regional utveckling 2030",
    "Så genomför vi strategin – dialog om konkreta case",
    "9.30–16.30",
    "Stockholm",
    "pandemirestriktionerna",
    "Ökad gemensam kapacitet att genomföra målen i den nationella strategin.",
    "Stärkta relationer mellan myndigheter och regioner.",
    "Gemensam identifiering av strategiska intresseområde och synergier, utmaningar och "
    "målkonflikter.",
    "Skapa en grund för fortsatt samarbete kopplat till konkreta utmaningar",
    "Inbjudna är Reglabs RUS-nätverk",
    "Deltagarna förväntas ha kunskap om det regionala utvecklingsuppdraget",
    "Lärlabbet syftar till gemensamt lärande, erfarenhetsutbyte och inspiration.",
    "Catarina Lahti, Reglab",
    "Sara Tunheden, processledare",
    "Anna Ebenmark, Tillväxtverket",
]

INTERFACE = {
    "sv": [
        "På programmet bland annat:",
        "Inbjudan som PDF",
        "Program för dagen",
        "Tid och plats",
        "Workshop 1:",
        "Workshop 2:",
        "Vi planerar för fysiska möten i Stockholm.",
        "Har du redan anmält dig behöver du inte göra det igen.",
        "Varför",
        "Labbets förväntade resultat:",
        "Vem",
        "Varje organisation är välkommen att delta med 1–2 personer.",
        "Deltagarna står själva för resor och logi.",
        "Hur",
        "Workshoparna leds av Catarina Lahti, Reglab, och Sara Tunheden, processledare.",
        "Anmälan",
        "Sista anmälningsdag är den",
        "Mer information",
        "Har du frågor eller funderingar, ta kontakt med Anna Ebenmark, Tillväxtverket, eller "
        "Catarina Lahti, Reglab.",
        "Välkommen!",
    ],
    "en": [
        "On the programme, among other things:",
        "Invitation as PDF",
        "Programme for the day",
        "Time and place",
        "Workshop 1:",
        "Workshop 2:",
        "We plan for physical meetings in Stockholm.",
        "If you have already registered, you need not register again.",
        "Why",
        "The expected results of the lab:",
        "Who",
        "Each organisation is welcome to take part with 1–2 people.",
        "Participants pay for their own travel and lodging.",
        "How",
        "The workshops are led by Catarina Lahti, Reglab, and Sara Tunheden, processledare.",
        "Registration",
        "The last day to register is",
        "More information",
        "If you have questions or thoughts, contact Anna Ebenmark, Tillväxtverket, or "
        "Catarina Lahti, Reglab.",
        "Welcome!",
    ],
}

SECTIONS = {
    "sv": ["Tid och plats", "Varför", "Vem", "Hur", "Anmälan", "Mer information"],
    "en": ["Time and place", "Why", "Who", "How", "Registration", "More information"],
}


def dates(demo, language: str) -> list[str]:
    with translation.override(language):
        days = [
            formats.date_format(w.starts_at.astimezone(), "j F Y")
            for w in demo.workshops.order_by("number")
        ]
        return [*days, formats.date_format(demo.registration_deadline, "j F Y")]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_invitation_page_shows_every_fact_of_the_seed(page: Page, demo, language):
    page.goto(demo.get_absolute_url())
    if language == "en":
        page.get_by_role("button", name="In English").click()
    text = " ".join(page.locator("main").inner_text().split())

    for fact in [*CONTENT, *INTERFACE[language], *dates(demo, language)]:
        assert fact in text, fact
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    order = [headings.index(title) for title in SECTIONS[language]]
    assert order == sorted(order), headings
    expect(page.get_by_role("link", name=INTERFACE[language][1])).to_have_attribute(
        "href", f"/labb/{demo.slug}/inbjudan.pdf"
    )
    assert_accessible(page)


def test_the_pdf_links_download_real_pdfs(page: Page, demo, live_server):
    page.goto(demo.get_absolute_url())
    for name in ["Inbjudan som PDF", "Program för dagen"]:
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(f"{live_server.url}{href}")
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")


def test_the_program_for_the_day_page_is_accessible_on_a_phone(phone: Page, demo):
    phone.goto(f"/labb/{demo.slug}/workshop/1/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Workshop 1")
    expect(phone.locator("main")).to_contain_text("Framsyn: Regional utveckling 2030")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)
