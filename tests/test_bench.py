"""The benchmark's generator at a tiny scale, and the pieces of its measurement.

The generator bypasses the models (COPY), so these tests check that what it
loads is what the app itself would have written: the mptt tree, gap-free
索引号 serials and their counters, search tokens, working days, directory
counters; and that the public pages work on it.
"""

import http.server
import io
import json
import subprocess
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from bench import load, pgload, report
from bench.generate import Generator, Scale
from bench.management.commands.bench_scale import Command as BenchScale
from bench.requests import query_code
from bench.vocabulary import RARE_TERM, load_vocabulary
from catalog.models import DirectoryCount, IndexCounter, Item
from catalog.numbering import next_serial, parse_index_number
from catalog.publicity import public_text
from catalog.timeliness import workdays_taken
from catalog.tokens import document_vector
from organisation.models import Agency
from requests_app.models import Answer, Request, RequestCounter

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator loads with PostgreSQL COPY"
)
TINY = Scale("tiny", items=400, agencies=30, requests=60)


@pytest.fixture
def province(db):
    generator = Generator(TINY, log=lambda message: None)
    generator.run(vacuum=False)  # VACUUM cannot run inside the test's transaction
    return generator


@postgres_only
def test_generator_loads_the_scale_with_no_column_left_to_defaults(province):
    assert Agency.objects.count() == TINY.agencies
    assert Item.objects.count() == TINY.items
    assert not any(province.defaulted.values()), province.defaulted


@postgres_only
def test_generated_agency_tree_is_what_mptt_would_build(province):
    generated = list(Agency.objects.order_by("pk").values_list("pk", "lft", "rght", "level"))
    Agency.objects.rebuild()
    assert list(Agency.objects.order_by("pk").values_list("pk", "lft", "rght", "level")) == (
        generated
    )
    root = Agency.objects.get(level=0)
    assert root.get_descendant_count() == TINY.agencies - 1


@postgres_only
def test_index_numbers_are_gap_free_per_agency_and_year_and_counters_continue(province):
    serials = defaultdict(list)
    for item in Item.objects.exclude(index_number=None).select_related("agency"):
        code, year, serial = parse_index_number(item.index_number)
        assert code == item.agency.credit_code
        assert (year, serial) == (item.index_year, item.index_serial)
        serials[item.agency_id, year].append(serial)
    assert serials
    for (agency_id, year), found in serials.items():
        assert sorted(found) == list(range(1, len(found) + 1))
        assert IndexCounter.objects.get(agency_id=agency_id, year=year).last_serial == len(found)
    (agency_id, year), found = next(iter(serials.items()))
    with transaction.atomic():
        assert next_serial(agency_id, year) == len(found) + 1


@postgres_only
def test_requests_have_numbers_in_order_working_query_codes_and_answers(province):
    numbers = defaultdict(list)  # one series a year for the whole portal
    for request in Request.objects.order_by("pk"):
        year, serial = request.number.removeprefix("YS").split("-")
        assert int(year) == request.received_on.year
        numbers[int(year)].append(int(serial))
        assert Request.objects.get_by_number_and_code(request.number, query_code(request.pk))
        closed = request.status == Request.Status.CLOSED
        assert Answer.objects.filter(request=request).exists() == closed
        assert request.events.exists()
        assert request.stored_due() == request.due()  # the stored due date, as the app stores it
    assert sum(map(len, numbers.values())) == TINY.requests
    for year, found in numbers.items():
        assert found == list(range(1, len(found) + 1))
        assert RequestCounter.objects.get(year=year).last == len(found)


@postgres_only
def test_derived_columns_match_what_the_app_writes(province):
    public = 0
    for item in Item.objects.all():
        if item.status in (Item.Status.PUBLISHED, Item.Status.WITHDRAWN):
            assert item.days_late == max(0, item.workdays_to_publish - 20)
        if item.is_public:
            public += 1
            stored = Item.objects.filter(pk=item.pk).values_list("search_vector", flat=True)[0]
            with connection.cursor() as cursor:
                cursor.execute("SELECT %s::tsvector::text", [document_vector(*public_text(item))])
                assert stored == cursor.fetchone()[0]
            assert item.workdays_to_publish == workdays_taken(item.written_on, item.published_at)
        elif item.status not in Item.PUBLIC_STATUSES:
            assert item.index_number is None and item.published_at is None
    total = sum(DirectoryCount.objects.values_list("items", flat=True))
    assert total == public == Item.objects.public().count()


@postgres_only
def test_public_pages_work_on_generated_data(province, client):
    item = Item.objects.public().filter(mode=Item.Mode.PROACTIVE).first()
    assert client.get(item.get_absolute_url()).status_code == 200
    response = client.get("/search/", {"q": "政务公开"})
    assert response.status_code == 200
    assert response.context["total"] > 0
    assert client.get("/catalog/", {"agency": item.agency.credit_code}).status_code == 200


def test_vocabulary_has_sentences_without_the_rare_term():
    vocabulary = load_vocabulary()
    assert len(vocabulary.sentences) >= 8
    assert not any(RARE_TERM in s for s in vocabulary.sentences)
    assert not any("\t" in s or "\\" in s or "\n" in s for s in vocabulary.sentences)


def test_bench_refuses_a_database_not_named_bench(db):
    with pytest.raises(CommandError):
        call_command(BenchScale(), "--scale=tiny", "--generate-only")


@postgres_only
def test_a_common_term_with_every_hit_old_is_generated(province, client):
    """About a fifth of the items name the year four years back, and no newer item does."""
    from bench.pages import OLD_TERM

    year = int(OLD_TERM.removesuffix("年"))
    public = Item.objects.public()
    naming = public.filter(title__contains=OLD_TERM)
    assert 0.1 * public.count() <= naming.count() <= 0.3 * public.count()
    assert not naming.exclude(published_at__year__lte=year).exists()
    assert client.get("/search/", {"q": OLD_TERM}).context["total"] == naming.count()


@pytest.mark.parametrize("size", [1, 7, 64, 10_000])
@pytest.mark.parametrize("as_lines", [False, True])
def test_row_stream_gives_every_row_once_in_any_chunk_size(size, as_lines):
    rows = [[str(n), f"标题{n}", r"\N"] for n in range(100)]
    if as_lines:  # the item generator yields whole COPY lines
        rows = ["\t".join(r) + "\n" for r in rows]
        expected = "".join(rows)
    stream = pgload.RowStream(iter(rows))
    chunks = []
    while chunk := stream.read(size):
        chunks.append(chunk)
    if not as_lines:
        expected = "".join("\t".join(r) + "\n" for r in rows)
    assert "".join(chunks) == expected


@pytest.mark.parametrize(
    ("statement", "gin", "locks"),
    [
        ("CREATE INDEX item_search_gin ON public.catalog_item USING gin (search_vector)",
         True, False),
        ("CREATE INDEX item_pub_date ON public.catalog_item USING btree (published_at DESC)",
         False, False),
        ('ALTER TABLE "catalog_item" ADD CONSTRAINT "item_unique_serial" UNIQUE (agency_id)',
         False, True),
        ('ALTER TABLE "catalog_item_channels" ADD CONSTRAINT "fk" FOREIGN KEY (item_id) '
         "REFERENCES catalog_item(id) DEFERRABLE INITIALLY DEFERRED", False, True),
        ('ALTER TABLE "catalog_item_channels" ADD CONSTRAINT "fk2" FOREIGN KEY (channel_id) '
         "REFERENCES catalog_channel(id) DEFERRABLE INITIALLY DEFERRED", False, False),
        ('ALTER TABLE "requests_app_answer" ADD CONSTRAINT "fk3" FOREIGN KEY (request_id) '
         "REFERENCES requests_app_request(id)", False, False),
    ],
)  # fmt: skip
def test_only_item_constraints_wait_for_the_search_index(statement, gin, locks):
    """The search index is built on a second connection; what conflicts with it waits."""
    assert pgload.is_gin(statement, "catalog_item") is gin
    assert pgload.locks_table(statement, "catalog_item") is locks


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, r"\N"), (True, "t"), (3, "3"), ("a\tb\\c\nd", "a\\tb\\\\c\\nd"), ("公开", "公开")],
)
def test_copy_text_escapes_values(value, expected):
    assert pgload.text(value) == expected


@pytest.mark.parametrize(
    ("page", "met"),
    [
        ({"kind": "public", "p95_ms": 40, "rps": 100}, True),
        ({"kind": "public", "p95_ms": 60, "rps": 100}, False),
        ({"kind": "search", "p95_ms": 90, "rps": 50}, True),
        ({"kind": "item", "p95_ms": 30, "rps": 250}, False),
        ({"kind": "item", "p95_ms": 30, "rps": 350}, True),
        ({"kind": "report", "p95_ms": 2500, "rps": 0.4}, False),
        ({"kind": "staff", "p95_ms": 500, "rps": 5}, None),
    ],
)
def test_targets_of_issue_7(page, met):
    assert report.target(page, floor_p95=10)[1] is met


LIST_PAGES = [
    {"key": "list_first", "label": "list, page 1", "kind": "public", "p95_ms": 40, "rps": 90},
    {"key": "list_deep", "label": "list, deep", "kind": "public", "p95_ms": 50, "rps": 90},
]


@pytest.mark.parametrize(
    ("page", "met"),
    [
        ({"key": "statistics", "kind": "report", "p95_ms": 1200, "rps": 1}, False),
        ({"key": "statistics", "kind": "report", "p95_ms": 800, "rps": 1}, True),
        ({"key": "api_items", "kind": "public", "p95_ms": 80, "rps": 50}, True),
        ({"key": "api_items", "kind": "public", "p95_ms": 81, "rps": 50}, False),
        ({"key": "api_items_deep", "kind": "public", "p95_ms": 100, "rps": 50}, True),
        ({"key": "api_items_deep", "kind": "public", "p95_ms": 101, "rps": 50}, False),
    ],
)
def test_targets_of_issue_19(page, met):
    """Statistics p95 < 1 s; a page of 50 API items ≤ 2× the HTML list page of the same run."""
    checks = report.targets(page, floor_p95=10, pages=LIST_PAGES)
    assert [ok for key, _, ok in checks if key in ("statistics", "api")] == [met]


@pytest.mark.parametrize(
    ("page", "missed"),
    [
        ({"key": "item", "kind": "item", "p95_ms": 30, "p99_ms": 600, "rps": 350}, ["p99"]),
        ({"key": "search_two", "kind": "search", "p95_ms": 90, "p99_ms": 120, "rps": 50}, []),
        ({"key": "search_two", "kind": "search", "p95_ms": 250, "p99_ms": 300, "rps": 9},
         ["search_10x", "two_chars"]),
        ({"key": "search_old", "kind": "search", "p95_ms": 90, "p99_ms": 1200, "rps": 9},
         ["p99"]),
        ({"key": "home_cached", "kind": "cached", "p95_ms": 9, "p99_ms": 12, "rps": 900},
         ["cached"]),
        ({"key": "staff_home", "kind": "staff", "p95_ms": 250, "p99_ms": 300, "rps": 20},
         ["staff_home"]),
        ({"key": "worklist", "kind": "staff", "p95_ms": 250, "p99_ms": 300, "rps": 20}, []),
        ({"key": "statistics", "kind": "report", "p95_ms": 1200, "p99_ms": 1300, "rps": 1},
         ["statistics"]),
        ({"key": "annual_report", "kind": "report", "p95_ms": 1200, "p99_ms": 1300, "rps": 1},
         []),
        # Nothing finished during the run (every request slower than it): 0 ms is not a result.
        ({"key": "search_old", "kind": "search", "p95_ms": 0.0, "p99_ms": 0.0, "rps": 0,
          "requests": 0}, ["search_10x", "p99"]),
        # Time-outs are requests slower than the p99 limit, whatever the others' p99.
        ({"key": "search_old", "kind": "search", "p95_ms": 50, "p99_ms": 90, "rps": 9,
          "requests": 30, "errors": 2}, ["p99"]),
    ],
)  # fmt: skip
def test_targets_of_issue_20(page, missed):
    checks = report.targets(page, floor_p95=10)
    assert [key for key, _, met in checks if not met] == missed


def _measured(key, kind, p95, p99, rps, label=None):
    return {
        "key": key, "label": label or key, "kind": kind, "p50_ms": p95 / 2, "p95_ms": p95,
        "p99_ms": p99, "rps": rps, "queries": 1, "errors": 0, "bad_status": 0, "app_ms": 1.0,
    }  # fmt: skip


def _run(name, items, pages, generation=None):
    return {
        "scale": {"name": name, "items": items, "agencies": 1, "requests": 0},
        "machine": {"cpu": "cpu", "cores": 2, "memory": "1 GiB"},
        "postgresql": "15", "workers": 5, "load_generator": "wrk", "duration": 1, "warmup": 0,
        "load_before": [], "load_after": [], "generation": generation or {}, "pages": pages,
    }  # fmt: skip


def test_report_prints_every_target_with_its_result():
    small = _run("small", 10_000, [
        _measured("floor", "floor", 10, 12, 1000),
        _measured("item", "item", 30, 40, 350),
        _measured("search_two", "search", 50, 60, 80),
    ])  # fmt: skip
    large = _run("large", 1_000_000, [
        _measured("floor", "floor", 10, 12, 1000),
        _measured("item", "item", 40, 60, 250),
        _measured("search_two", "search", 90, 120, 40),
        _measured("search_old", "search", 80, 900, 40, "search, every hit old"),
        _measured("staff_home", "staff", 150, 190, 30),
    ], generation={"items": 100.0, "total": 290.0})  # fmt: skip
    text = report.markdown({"small": small, "large": large})
    results = dict(report.summary({"small": small, "large": large}))
    assert [target for target, _ in report.summary({"large": large})] == [
        text for _, text in report.TARGETS
    ]
    assert results["item page ≥ 300 req/s uncached"] == "**no**: item"
    assert results["two-character search p95 ≤ 200 ms"] == "yes"
    assert results["p95 growth small → large ≤ 1.5× for every page"] == "**no**: search_two"
    assert results[report.TARGETS[5][1]] == "**no**: search, every hit old"
    assert results["staff home p95 < 200 ms (province 公开办)"] == "yes"
    assert results["cached pages ≥ 1,000 req/s"] == "not measured"
    assert results["generating the large scale ≤ 5 minutes"] == "yes (290 s)"
    assert "### Targets at 1,000,000 items (large)" in text
    assert "| item | 250 |" in text and "≥ 300 req/s **no**; p95 ≤ 5× floor yes" in text


def test_bench_keeps_the_databases_of_a_suffix_apart(monkeypatch, tmp_path):
    """`--db-suffix` names the databases, e.g. bench_tiny_before for the code before a change."""
    from bench.management.commands import bench as bench_command

    created, urls = [], []

    def fake_run(command, env, **kwargs):
        urls.append(env["DATABASE_URL"])
        out = next(arg for arg in command if arg.startswith("--out=")).removeprefix("--out=")
        Path(out).write_text(json.dumps(_run("tiny", 300, [])))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(
        bench_command.Command, "create_database", lambda self, s, n: created.append(n)
    )
    monkeypatch.setattr(bench_command.subprocess, "run", fake_run)
    call_command(bench_command.Command(), "--scales=tiny", "--db-suffix=_before", f"--out={tmp_path}",
                 stdout=io.StringIO())  # fmt: skip
    assert created == ["bench_tiny_before"]
    assert urls[0].endswith("/bench_tiny_before")
    monkeypatch.setenv("BENCH_DB_SUFFIX", "_after")
    call_command(
        bench_command.Command(), "--scales=tiny", f"--out={tmp_path}", stdout=io.StringIO()
    )
    assert created[-1] == "bench_tiny_after"
    with pytest.raises(CommandError, match="后缀"):
        call_command(
            bench_command.Command(), "--scales=tiny", "--db-suffix=x; drop", f"--out={tmp_path}"
        )


def test_report_lists_pages_not_built_yet():
    run = {
        "scale": {"name": "tiny", "items": 1, "agencies": 1, "requests": 0},
        "machine": {"cpu": "cpu", "cores": 2, "memory": "1 GiB"},
        "postgresql": "15",
        "workers": 5,
        "load_generator": "wrk",
        "duration": 1,
        "warmup": 0,
        "load_before": [],
        "load_after": [],
        "pages": [
            {
                "key": "floor",
                "label": "floor",
                "kind": "floor",
                "p95_ms": 2.0,
                "p50_ms": 1.0,
                "p99_ms": 3.0,
                "rps": 900.0,
                "queries": 0,
                "errors": 0,
                "bad_status": 0,
            },
            {
                "key": "tracking",
                "label": "tracking",
                "kind": "form",
                "status": "n/a (not built yet)",
            },
        ],  # fmt: skip
    }
    assert "| tracking | n/a (not built yet) |" in report.markdown({"tiny": run})


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 -- the standard library's name
        status = 404 if self.path.startswith("/missing") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_python_load_generator_measures_a_local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        ok = load.run_threads(base, ["/a", "/b"], 2, 0.5, "", True)
        missing = load.run_threads(base, ["/missing"], 1, 0.3, "", False)
    finally:
        server.shutdown()
    assert ok.requests > 0 and ok.bad_status == 0 and ok.errors == 0
    assert 0 < ok.p50_ms <= ok.p95_ms <= ok.p99_ms
    assert missing.bad_status == missing.requests > 0


@postgres_only
def test_every_measured_page_answers_on_generated_data(province, client):
    from django.test import Client

    from bench.pages import PAGES, open_tracking, resolve, sample

    data = sample()
    staff = Client()
    staff.force_login(BenchScale().staff_user(data.root_agency_id))
    applicant = Client()
    open_tracking(applicant, data)
    for page in PAGES:
        url_name, paths = resolve(page, data)
        if url_name is None:
            continue  # not built yet: reported as such
        user = staff if page.staff else applicant if page.tracked else client
        response = user.get(paths[0])
        assert response.status_code == 200, (page.key, paths[0])
    tracking = next(page for page in PAGES if page.key == "tracking")
    number = data.request_codes[0][0]
    assert number in applicant.get(resolve(tracking, data)[1][0]).text  # the status, not the form
