"""Login that holds a rush and an attack (issue 18, 5): the limits count the real client
address behind the trusted proxy, a room of 150 behind one public address logs in at once,
a flood for one address does not keep its owner out, guessing stays limited, and the admin's
login has limits too. Every request goes through the proxy at 10.0.0.1 (REMOTE_ADDR), which
writes the client's address last in X-Forwarded-For."""

import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from larlabb.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DOOR = reverse("account_request_login_code")
CONFIRM = reverse("account_confirm_login_code")
PROXY = "10.0.0.1"
OFFICE = "203.0.113.7"  # a workshop venue's one public address
behind_the_proxy = override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)


def through_proxy(client_address: str) -> Client:
    """A browser of its own, whose requests reach Lärlabb through the proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{client_address}")


def ask_code(browser: Client, email: str) -> bool:
    """Whether the door sent a code (it goes on to the page where the code is typed)."""
    response = browser.post(DOOR, {"email": email})
    return response.status_code == 302 and response["Location"].startswith(CONFIRM)


def code_in(mailbox, address: str) -> str:
    text = mailbox.text(mailbox.to(address)[-1])
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", text, re.MULTILINE)
    assert match, text
    return match.group(1)


@behind_the_proxy
def test_150_people_behind_one_address_ask_their_codes_within_a_minute():
    asked = [ask_code(through_proxy(OFFICE), f"deltagare{n}@example.org") for n in range(150)]

    assert asked.count(True) == 150
    assert User.objects.filter(email__startswith="deltagare").count() == 150


@behind_the_proxy
def test_a_flood_for_one_address_does_not_keep_its_owner_out(mailbox, run_tasks):
    UserFactory(email="sanna@example.org", name="Sanna Skåning")
    # a fresh session for every request (one session asks one code and waits for it)
    flood = [ask_code(through_proxy("198.51.100.66"), "sanna@example.org") for _ in range(20)]
    owner = through_proxy(OFFICE)
    asked = ask_code(owner, "sanna@example.org")
    run_tasks()
    response = owner.post(CONFIRM, {"code": code_in(mailbox, "sanna@example.org")})

    assert flood.count(True) == 3  # one client's share of an address's codes
    assert asked
    assert response.status_code == 302
    assert owner.get(reverse("accounts:profile")).status_code == 200


@behind_the_proxy
def test_a_guesser_gets_at_most_thirty_tries_a_minute_at_one_address_from_any_addresses():
    UserFactory(email="sanna@example.org", name="Sanna Skåning")
    codes, tries = 0, 0
    for n in range(20):  # a new client address for every code
        guesser = through_proxy(f"198.51.100.{n}")
        if not ask_code(guesser, "sanna@example.org"):
            continue
        codes += 1
        for guess in ("BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "FFFF-FFFF"):
            response = guesser.post(CONFIRM, {"code": guess})
            tries += 1
            if response.status_code == 302:  # the last try: the code is gone
                assert response["Location"] == DOOR
                break

    assert codes == 10
    assert tries == 30  # three tries a code, then the code is gone
    assert not ask_code(through_proxy("192.0.2.1"), "sanna@example.org")  # for this minute


def test_without_a_trusted_proxy_everyone_is_the_proxy():
    """The address the limits count is the connection's unless a proxy is trusted: a client
    cannot make itself someone else by writing X-Forwarded-For (the setting's default)."""
    UserFactory(email="sanna@example.org")
    for n in range(3):
        assert ask_code(through_proxy(f"198.51.100.{n}"), "sanna@example.org")

    assert not ask_code(through_proxy(OFFICE), "sanna@example.org")  # the same proxy address


@pytest.mark.parametrize(
    ("environment", "count", "header"),
    [
        ({}, 0, None),
        ({"TRUSTED_PROXY_COUNT": "1"}, 1, None),
        ({"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, 0, "X-Real-IP"),
    ],
)
def test_the_trusted_proxy_comes_from_the_environment(environment, count, header):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER"}
    }
    env |= {"DEBUG": "1", **environment}
    script = (
        "from larlabb import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )

    output = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout

    assert output.split() == [str(count), str(header)]


# --- The admin's login ----------------------------------------------------------------------

ADMIN_LOGIN = reverse("admin:login")


@pytest.fixture
def stina(stina_staff) -> User:
    stina_staff.set_password("rätt lösenord 2026")
    stina_staff.save()
    return stina_staff


def admin_login(browser: Client, email: str, password: str) -> int:
    return browser.post(
        ADMIN_LOGIN, {"username": email, "password": password, "next": "/admin/"}
    ).status_code


@behind_the_proxy
def test_five_wrong_passwords_close_the_admin_login_of_an_account_for_a_while(stina):
    attacker = through_proxy("198.51.100.66")
    wrong = [admin_login(attacker, stina.email, f"gissning {n}") for n in range(5)]

    from_elsewhere = admin_login(through_proxy(OFFICE), stina.email, "rätt lösenord 2026")

    assert wrong == [200] * 5  # the form again, with its message
    assert from_elsewhere == 429
    page = through_proxy(OFFICE).post(ADMIN_LOGIN, {"username": stina.email, "password": "x"})
    assert "För många försök" in page.content.decode()


@behind_the_proxy
def test_twenty_failures_from_one_address_close_the_admin_login_for_that_address(stina):
    attacker = through_proxy("198.51.100.66")
    failures = [admin_login(attacker, f"n{n}@example.org", "gissning") for n in range(20)]

    assert failures == [200] * 20
    assert admin_login(attacker, stina.email, "rätt lösenord 2026") == 429
    assert admin_login(through_proxy(OFFICE), stina.email, "rätt lösenord 2026") == 302


@behind_the_proxy
def test_a_login_that_succeeds_costs_nothing(stina):
    office = through_proxy(OFFICE)
    for _ in range(8):
        assert admin_login(office, stina.email, "rätt lösenord 2026") == 302
        office.post(reverse("admin:logout"))

    assert office.get(reverse("admin:index")).status_code == 302
