"""Sign-in throttling as an attacker would test it: locking someone out from elsewhere,
spraying one password at many accounts from one address, and forging X-Forwarded-For."""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from config import throttling
from config.client_address import client_address
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
SPRAY_PAGE = "<h1>Too many attempts to sign in from your network</h1>"
ACCOUNT_PAGE = "<h1>Too many attempts to sign in</h1>"
_addresses = itertools.count(1)


@pytest.fixture
def address():
    """An address of this test's own: the counts live in the cache, which outlives a test."""

    def make():
        n = next(_addresses) + os.getpid() % 200 * 250
        return f"198.{18 + n // 65536 % 2}.{n // 256 % 256}.{n % 256}"

    return make


def sign_in(client, username, password, ip, **headers):
    return client.post(
        "/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def test_failures_from_another_address_cannot_lock_a_person_out(client, reader, address):
    attacker, person = address(), address()
    for _ in range(10):
        sign_in(client, "reader", "wrong-password", attacker)
    assert ACCOUNT_PAGE in sign_in(client, "reader", PASSWORD, attacker).content.decode()
    response = sign_in(client, "reader", PASSWORD, person)
    assert response.status_code == 302 and response["Location"] == "/"


@override_settings(WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS=10)
def test_spraying_one_password_at_many_accounts_is_paused_for_that_address(client, address):
    for n in range(12):
        UserFactory(username=f"staff{n}")
    sprayer, elsewhere = address(), address()
    for n in range(10):
        response = sign_in(client, f"staff{n}", "Summer2026!", sprayer)
        assert response.status_code == 200  # each account failed once: no account lock
    paused = sign_in(client, "staff10", "Summer2026!", sprayer)
    page = paused.content.decode()
    assert paused.status_code == 429
    assert SPRAY_PAGE in page
    assert "signing in from this address is paused for" in page
    assert "nhsuk-header" in page
    # Even the right password is not checked from there until the window ends ...
    assert sign_in(client, "staff11", PASSWORD, sprayer).status_code == 429
    # ... while everyone elsewhere signs in.
    assert sign_in(client, "staff11", PASSWORD, elsewhere).status_code == 302


@override_settings(
    WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS=3, WAYMARK_SIGN_IN_ADDRESS_WINDOW_MINUTES=15
)
def test_the_pause_ends_with_its_window(rf, address):
    request = rf.post("/sign-in/", REMOTE_ADDR=address())
    start = 1_800_000_000.0  # the start of a 15-minute window
    for _ in range(3):
        throttling.record_failure(request, now=start + 60)
    assert throttling.paused_for_minutes(request, now=start + 61) == 14
    assert throttling.paused_for_minutes(request, now=start + 899) == 1
    assert throttling.paused_for_minutes(request, now=start + 900) == 0


@override_settings(WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS=5)
def test_a_forged_x_forwarded_for_is_ignored_without_trusted_proxies(client, reader, address):
    ip = address()
    for n in range(5):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}
        sign_in(client, "reader", "wrong-password", ip, **forged)
    # The five failures were all counted against the real address, whatever the header said:
    # the account is locked there, and so is the address.
    response = sign_in(client, "reader", PASSWORD, ip, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


@override_settings(WAYMARK_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_added(client, reader, address):
    proxy, person, attacker = address(), address(), address()
    # The attacker writes their own X-Forwarded-For; the proxy appends their real address.
    for n in range(5):
        sign_in(
            client,
            "reader",
            "wrong-password",
            proxy,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, {attacker}",
        )
    locked = sign_in(
        client, "reader", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"{person}, {attacker}"
    )
    assert locked.status_code == 429 and ACCOUNT_PAGE in locked.content.decode()
    # The person, behind the same proxy, is another address: not locked out.
    response = sign_in(client, "reader", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=person)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "proxies, header, remote, expected",
    [
        (0, "203.0.113.7", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.7", "10.0.0.1", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "10.0.0.1", "203.0.113.7"),  # the left part is forged
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1", "10.0.0.1"),  # fewer hops than proxies: not via them
        (1, "", "10.0.0.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (1, "2001:db8::1", "10.0.0.1", "2001:db8::1"),
    ],
)
def test_client_address(proxies, header, remote, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    with override_settings(WAYMARK_TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == expected


def test_another_header_can_be_named(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.8")
    with override_settings(
        WAYMARK_TRUSTED_PROXY_COUNT=1, WAYMARK_CLIENT_IP_HEADER="HTTP_X_REAL_IP"
    ):
        assert client_address(request) == "203.0.113.8"


def _settings(**env) -> list[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WAYMARK_TRUSTED", "WAYMARK_CLIENT", "WAYMARK_SIGN_IN"))
    }
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.WAYMARK_TRUSTED_PROXY_COUNT, s.WAYMARK_CLIENT_IP_HEADER, "
        "s.AXES_CLIENT_IP_CALLABLE, s.AXES_LOCKOUT_PARAMETERS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_settings_default_to_the_connecting_address_and_come_from_the_environment():
    assert _settings() == (
        "0 HTTP_X_FORWARDED_FOR config.client_address.client_address [['username', 'ip_address']]"
    )
    assert _settings(
        WAYMARK_TRUSTED_PROXY_COUNT="2", WAYMARK_CLIENT_IP_HEADER="X-Real-IP"
    ).startswith("2 HTTP_X_REAL_IP ")


def test_a_request_without_an_address_has_none(rf):
    """A login made in code has no REMOTE_ADDR: axes stores None, which every database's
    address column takes (PostgreSQL refuses a word there)."""
    request = rf.get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) is None
