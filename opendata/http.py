"""What every open-data endpoint does around its view: rate limit, CORS, conditional GET, cache.

- Rate limit: per address, as the public request pages (requests_app/ratelimit.py), with
  its own setting OPENDATA_RATE; over it, a Chinese JSON 429 with Retry-After.
- CORS: any origin may GET (the data is public); a preflight OPTIONS is answered here.
- Conditional GET: the ETag is the public version (catalog/publicity.py) and the URL, so it
  changes whenever public content does; If-None-Match with it answers 304 without running
  the view. Last-Modified is what the view says (an item's 更新时间), when it says it.
- Page cache: anonymous 200 answers are kept per public version (catalog/caching.py).
"""

import hashlib
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from catalog.caching import public_page
from catalog.publicity import public_version
from requests_app import ratelimit

RATE_SETTING = "OPENDATA_RATE"
ALLOWED_HEADERS = "If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def etag_for(request):
    url = request.get_full_path().encode()
    return f'"{public_version()}-{hashlib.sha256(url).hexdigest()[:16]}"'


def _matches(header, etag):
    if not header:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def too_many(request):
    wait = ratelimit.seconds_left(RATE_SETTING)
    response = JsonResponse(
        {"detail": f"请求过于频繁，请在{max(1, wait)}秒后再试"},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(wait)
    return response


def open_data(view=None, *, cached=True):
    """Decorate a public open-data view (a plain Django view, or a DRF view's as_view())."""

    def decorate(view):
        inner = public_page(view) if cached else view

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
                response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response["Access-Control-Max-Age"] = "86400"
                return _cors(response)
            if request.method not in ("GET", "HEAD"):
                response = JsonResponse({"detail": "只支持 GET 请求"}, status=405)
                response["Allow"] = "GET, HEAD, OPTIONS"
                return _cors(response)
            if ratelimit.hit("opendata", request, RATE_SETTING):
                return _cors(too_many(request))
            etag = etag_for(request)
            if _matches(request.headers.get("If-None-Match"), etag):
                response = HttpResponse(status=304)
                response["ETag"] = etag
                return _cors(response)
            response = inner(request, *args, **kwargs)
            if response.status_code == 200:
                response["ETag"] = etag
                modified = getattr(response, "last_modified", None)
                if modified is not None:
                    response["Last-Modified"] = http_date(modified.timestamp())
                    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
                    if (
                        since is not None
                        and int(modified.timestamp()) <= since
                        and not (request.headers.get("If-None-Match"))
                    ):
                        not_modified = HttpResponse(status=304)
                        not_modified["ETag"] = etag
                        not_modified["Last-Modified"] = response["Last-Modified"]
                        return _cors(not_modified)
            patch_vary_headers(response, ["Accept-Encoding"])
            return _cors(response)

        return wrapper

    return decorate(view) if view is not None else decorate
