"""Whole-page caching of anonymous public GET pages, keyed by the public version.

Any change to public content bumps `public_version()`, so a cached page is never
stale for longer than it takes to publish; the timeout only bounds memory. Only GET
pages without POST forms use this (never forms with CSRF tokens, never staff pages),
only for anonymous visitors, and only 200 answers are kept.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse

from .publicity import public_version

TIMEOUT = 600


def _key(request):
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"catalog:page:{public_version()}:{digest}"


def meaning_key(kind, meaning):
    """A cache key for what a request means (`meaning`: its terms, filters, cursor…), under
    the public version: URLs that differ only in other parameters (tracking codes, a cache
    buster) share it, and any change to public content leaves it behind."""
    digest = hashlib.sha256(repr(meaning).encode()).hexdigest()
    return f"catalog:{kind}:{public_version()}:{digest}"


def remembered(kind, meaning, compute):
    """`compute()` (never None), kept under `meaning_key(kind, meaning)`."""
    key = meaning_key(kind, meaning)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render"):
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapper
