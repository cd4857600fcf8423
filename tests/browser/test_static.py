import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_stylesheet_and_htmx_load(page: Page):
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto("/")
    assert failed == []
    assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 50
    assert page.evaluate("() => typeof window.htmx") == "object"
