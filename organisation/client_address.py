"""Who a client is, for every per-address limit: the login lockout (django-axes, through
AXES_CLIENT_IP_CALLABLE), the applicants' rate limits and the captcha refresh
(requests_app/ratelimit.py). One rule, so all of them agree on who a client is.

The address comes from django-ipware, told how many reverse proxies stand in front of the
portal (PROXY_COUNT, docs/deployment.md):

- PROXY_COUNT=0 (the default: clients connect to gunicorn directly): the connection's own
  address. An X-Forwarded-For header is then only the client's claim about itself; trusting
  it would let anyone pose as a new client with every request.
- PROXY_COUNT=n: each proxy appends the address it was connected from to X-Forwarded-For, so
  the client is the n-th address from the right; whatever the client wrote in the header
  itself stands further left and is never taken. Before, ipware was not installed and the
  setting did nothing: every client had the proxy's address, and one visitor's guesses closed
  /track/ and /apply/ for everybody.
"""

from django.conf import settings
from ipware import get_client_ip


def client_address(request):
    """The client's IP address, or None when the request has none (e.g. a login forced by a
    management command or test: django-axes stores the address in an inet column)."""
    count = settings.PROXY_COUNT
    if count:
        # ipware counts the proxies listed in the header besides the client: the nearest
        # proxy is the connection (REMOTE_ADDR), not an entry, hence count - 1.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=count - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or None
