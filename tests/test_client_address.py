"""Who a client is, behind reverse proxies and without (issue 17, finding 2).

Every per-address limit (the applicants' rate limits, the captcha refresh, the login lockout)
takes the address from organisation/client_address.py. Behind PROXY_COUNT trusted proxies it
is the address the nearest one saw; without a proxy, X-Forwarded-For is the client's own
claim and changes nothing.
"""

import pytest
from django.test import Client, RequestFactory

from organisation.client_address import client_address
from tests.requesting import make_request

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"  # the reverse proxy, as gunicorn sees it


def via_proxy(client_ip, claimed=None):
    """A client behind one proxy (nginx's `proxy_add_x_forwarded_for`): the proxy appends
    the address it was connected from to whatever the client sent."""
    forwarded = f"{claimed}, {client_ip}" if claimed else client_ip
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def guess(client, request):
    return client.post("/track/", {"number": request.number, "code": "AAAA-AAAA-AAAA"})


@pytest.mark.parametrize(
    ("count", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.5"}, "203.0.113.5"),
        (0, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "203.0.113.5"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "198.51.100.7"),
        (
            1,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.1.1.1, 198.51.100.7"},
            "198.51.100.7",
        ),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "junk, 198.51.100.7"}, "198.51.100.7"),
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.1.1.1, 198.51.100.7, 10.0.0.2"},
            "198.51.100.7",
        ),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),  # a proxy that sends no header: its own address
        (
            1,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.168.3.4"},
            "192.168.3.4",
        ),  # intranet
    ],
)
def test_the_client_is_the_address_the_nearest_trusted_proxy_saw(settings, count, meta, expected):
    settings.PROXY_COUNT = count
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == expected


def test_behind_a_proxy_each_client_has_its_own_limit(settings, agency_a):
    """Before: ipware was not installed, so PROXY_COUNT did nothing and all clients had the
    proxy's address: 13 clients with one wrong guess each, and the 11th got 429."""
    settings.PROXY_COUNT = 1
    settings.REQUESTS_TRACK_RATE = "10/10m"
    request, _ = make_request(agency_a)
    statuses = [guess(via_proxy(f"198.51.100.{n}"), request).status_code for n in range(1, 14)]
    assert statuses == [400] * 13


def test_behind_a_proxy_a_spoofed_header_does_not_reset_the_limit(settings, agency_a):
    settings.PROXY_COUNT = 1
    settings.REQUESTS_TRACK_RATE = "3/10m"
    request, _ = make_request(agency_a)
    statuses = [
        guess(via_proxy("198.51.100.9", claimed=f"203.0.113.{n}"), request).status_code
        for n in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


def test_without_a_proxy_x_forwarded_for_is_ignored(settings, agency_a):
    settings.PROXY_COUNT = 0
    settings.REQUESTS_TRACK_RATE = "3/10m"
    request, _ = make_request(agency_a)
    statuses = [
        guess(Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"), request).status_code for n in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


def login(client, username, password):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )


def test_behind_a_proxy_a_guesser_does_not_lock_the_owner_out(settings, make_staff):
    """Before: five wrong passwords from anyone locked the account for every client of the
    proxy, the owner included."""
    settings.PROXY_COUNT = 1
    make_staff("officer")
    attacker = via_proxy("203.0.113.66")
    for _ in range(5):
        login(attacker, "officer", "wrong")
    assert login(attacker, "officer", "correct-horse-9").status_code == 429
    owner = via_proxy("198.51.100.20")
    assert login(owner, "officer", "correct-horse-9").status_code == 302


def test_without_a_proxy_a_spoofed_header_does_not_escape_the_lockout(settings, make_staff):
    settings.PROXY_COUNT = 0
    make_staff("officer")
    for n in range(5):
        login(Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"), "officer", "wrong")
    locked = login(Client(HTTP_X_FORWARDED_FOR="198.51.100.1"), "officer", "correct-horse-9")
    assert locked.status_code == 429
