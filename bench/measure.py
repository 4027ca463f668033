"""Measure every page: SQL queries and time in-process, then latency and throughput over HTTP."""

import statistics
import time
from unittest import mock
from uuid import uuid4

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog import search

from . import load, server
from .pages import PAGES, open_tracking, resolve


def count_queries(client, page, paths):
    """SQL queries of a request as the load sends it: (status, first request, next request).

    The first request warms the navigation caches. The next one is what the load
    mostly sees: another item, or another cache-busting URL, or (for pages the
    load repeats) the same URL again.
    """
    if page.bust_cache:
        first, then = (f"{paths[0]}{'&' if '?' in paths[0] else '?'}_bench=q{n}" for n in (1, 2))
    else:
        first, then = paths[0], paths[1 % len(paths)]
    with CaptureQueriesContext(connection) as cold:
        response = client.get(first)
    with CaptureQueriesContext(connection) as warm:
        client.get(then)
    return response.status_code, len(cold), len(warm)


def app_time(client, page, paths, repeat=7):
    """Median milliseconds of one request handled in this process, one at a time.

    No HTTP, no concurrency: what the page costs the app and the database, which
    other work on a shared machine disturbs far less than the latencies under load.
    """
    times = []
    # The load repeats one term, whose hits are remembered after the first request
    # (catalog.search.remembered); here every search costs what its first visitor waits:
    # a key of its own each time, found nowhere (the count above has remembered the hits).
    forget = None
    if page.kind == "search":
        forget = mock.patch.object(search, "meaning_key", lambda kind, meaning: f"bench:{uuid4()}")
    for n in range(repeat):
        path = paths[(n + 2) % len(paths)]
        if page.bust_cache:
            path = f"{path}{'&' if '?' in path else '?'}_bench=t{n}"
        started = time.perf_counter()
        if forget:
            with forget:
                client.get(path)
        else:
            client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def measure_pages(sample, staff_user, *, duration, warmup, only=None, log=print):
    anonymous = Client(HTTP_HOST="127.0.0.1")
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(staff_user)
    cookie = f"sessionid={staff.cookies['sessionid'].value}"
    applicant = Client(HTTP_HOST="127.0.0.1")
    open_tracking(applicant, sample)
    tracked_cookie = (
        f"sessionid={applicant.cookies['sessionid'].value}"
        if "sessionid" in applicant.cookies
        else ""
    )
    pages = [p for p in PAGES if not only or p.key in only or p.key == "floor"]
    results = []
    for page in pages:
        url_name, paths = resolve(page, sample)
        result = {"key": page.key, "label": page.label, "kind": page.kind, "url_name": url_name}
        if not paths:
            result["status"] = "n/a (not built yet)"
            results.append(result)
            continue
        client = staff if page.staff else applicant if page.tracked else anonymous
        code, cold, warm = count_queries(client, page, paths)
        result.update(
            {
                "path": paths[0],
                "paths": len(paths),
                "http_status": code,
                "queries_cold": cold,
                "queries": warm,
                "app_ms": app_time(client, page, paths, repeat=3 if page.single_user else 7),
            }  # fmt: skip
        )
        results.append(result)
    workers = server.worker_count()
    with server.gunicorn(workers, log=log) as base_url:
        for page, result in zip(pages, results, strict=True):
            if "path" not in result:
                log(f"  {page.key:20} n/a (not built yet)")
                continue
            _, paths = resolve(page, sample)
            page_cookie = cookie if page.staff else tracked_cookie if page.tracked else ""
            status = server.fetch_status(base_url, paths[0], page_cookie)
            if status != 200:
                result["status"] = f"HTTP {status}"
                log(f"  {page.key:20} HTTP {status}: {paths[0]}")
                continue
            connections = 1 if page.single_user else workers
            options = {"connections": connections, "cookie": page_cookie, "bust": page.bust_cache}
            if warmup:
                load.run(base_url, paths, duration=warmup, **options)
            measured = load.run(base_url, paths, duration=duration, **options)
            result.update(
                {
                    "status": "ok" if not (measured.errors or measured.bad_status) else "errors",
                    "connections": connections,
                    "requests": measured.requests,
                    "rps": round(measured.rps, 1),
                    "p50_ms": round(measured.p50_ms, 1),
                    "p95_ms": round(measured.p95_ms, 1),
                    "p99_ms": round(measured.p99_ms, 1),
                    "errors": measured.errors,
                    "bad_status": measured.bad_status,
                }
            )
            log(
                f"  {page.key:20} {measured.rps:8.1f} req/s  p50 {measured.p50_ms:7.1f}  "
                f"p95 {measured.p95_ms:7.1f}  p99 {measured.p99_ms:7.1f} ms  "
                f"{result['queries']} queries"
            )
    return results, workers
