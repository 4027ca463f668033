"""Per-address rate limits for the public request pages, counted in the default cache.

Fixed windows: "10/h" allows 10 hits per address per clock hour. With the default
per-process cache each app server counts on its own; with REDIS_URL they share the count.
(django-ratelimit refuses the per-process cache with a system error, hence these few lines.)
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

from organisation.client_address import client_address

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")


def parse_rate(rate):
    """ "10/h" -> (10, 3600); "5/10m" -> (5, 600)."""
    match = RATE.match(str(rate).strip())
    if not match:
        raise ImproperlyConfigured(
            f"rate {rate!r} should look like 10/h or 5/10m (count/period, period s, m, h or d)"
        )
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIODS[unit]


def _key(group, request, period):
    # Hash the address: the cache holds no IP addresses in clear.
    who = hashlib.sha256((client_address(request) or "unknown").encode()).hexdigest()[:32]
    return f"ratelimit:{group}:{who}:{period}:{int(time.time() // period)}"


def _rate(setting):
    return parse_rate(getattr(settings, setting))


def is_limited(group, request, setting):
    """True when this address already used up the `setting` rate in the current window."""
    count, period = _rate(setting)
    return (cache.get(_key(group, request, period)) or 0) >= count


def hit(group, request, setting):
    """Count one hit; True when it went over the limit."""
    count, period = _rate(setting)
    key = _key(group, request, period)
    cache.add(key, 0, period + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, period + 1)
        hits = 1
    return hits > count


def seconds_left(setting):
    _, period = _rate(setting)
    return period - int(time.time()) % period


def too_many_requests(request, setting):
    """The Chinese 429 page, with Retry-After."""
    wait = seconds_left(setting)
    response = render(
        request,
        "requests_app/public/too_many_requests.html",
        {"minutes": max(1, (wait + 59) // 60)},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def limit(group, setting, methods=("POST",)):
    """Decorate a view: every request with one of `methods` counts; over the limit, a 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and hit(group, request, setting):
                return too_many_requests(request, setting)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
