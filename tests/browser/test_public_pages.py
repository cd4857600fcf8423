"""The start page, the demo lab's invitation page, the login and password-reset pages, in
Swedish and English, on a desktop and a phone screen, each with zero axe-core violations."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "start": ("/", {"sv": "Lärlabb", "en": "Learning labs"}),
    "lab": ("/labb/hallbar-utveckling/", {"sv": "Tid och plats", "en": "Time and place"}),
    "login": ("/konto/login/", {"sv": "Logga in med lösenord", "en": "Log in with a password"}),
    "login-code": (
        "/konto/login/code/",
        {"sv": "Logga in eller anmäl dig", "en": "Log in or register"},
    ),
    "password-reset": (
        "/konto/password/reset/",
        {"sv": "Välj ett nytt lösenord", "en": "Choose a new password"},
    ),
    "password-reset-done": (
        "/konto/password/reset/done/",
        {"sv": "Titta i din e-post", "en": "Check your email"},
    ),
    "password-reset-bad-link": (
        "/konto/password/reset/key/x-wrong/",
        {"sv": "Länken fungerar inte", "en": "The link does not work"},
    ),
    "missing": ("/labb/finns-inte/", {"sv": "Sidan finns inte", "en": "The page was not found"}),
    # The old sign-up address leads to the code door.
    "signup": ("/konto/signup/", {"sv": "Logga in eller anmäl dig", "en": "Log in or register"}),
}


def switch_to_english(page: Page) -> None:
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_page_is_accessible_in_both_languages(page: Page, demo, name, language):
    path, expected = PAGES[name]
    page.goto(path)
    if language == "en":
        switch_to_english(page)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main")).to_contain_text(expected[language])
    assert_accessible(page)


@pytest.mark.parametrize("name", PAGES)
def test_page_works_on_a_phone_screen(phone: Page, demo, name):
    path, expected = PAGES[name]
    phone.goto(path)
    expect(phone.locator("main")).to_contain_text(expected["sv"])
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
    assert_accessible(phone)


def test_the_skip_link_moves_focus_to_the_content(page: Page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page.locator("main")).to_be_focused()
