"""The pages the benchmark measures, and how to find their URLs in the generated data.

A page names the URL names it may have (first one that exists wins) and how
to build its paths from `Sample` (what the generated data offers). A page whose
URL name does not exist yet is reported as "n/a (not built yet)" and is
measured automatically once it exists.
"""

import random
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from catalog.filters import encode_cursor
from catalog.keyset import PAGE_SIZE
from catalog.models import Directory, Item
from organisation.models import Agency
from requests_app.models import Request

from .requests import query_code
from .vocabulary import RARE_TERM, SUBJECTS, WORKS

COMMON_TERM = "政务公开"
TWO_CHARACTER_TERM = "预算"
# A common term whose hits are all old (issue 20): titles name their year of publication, so
# the year four years back (fully inside the generated five years, none of the newest
# items) is in about 20% of the items. In December 2026: 2022年.
OLD_TERM = f"{timezone.localdate().year - 4}年"
ITEM_SAMPLE = 2000  # distinct item pages, so that nearly every request misses the page cache
DEEP_PAGE = 500  # how deep the "deep page" is, at most (20 items a page)


@dataclass
class Sample:
    """What the generated data offers to request."""

    agency_code: str  # the agency with the most items
    directory_id: int  # its fullest directory
    directory_items: int
    agency_items: int
    deep_cursor: str  # the keyset cursor of a deep page of the agency's list
    deep_page_number: int
    policy_directory_id: int
    last_year: int
    item_ids: list
    root_agency_id: int
    root_agency_code: str
    request_codes: list = field(default_factory=list)


@dataclass
class Page:
    key: str
    label: str
    kind: str  # floor, public, search, item, form, staff, report
    url_names: tuple
    paths: object  # (Sample, url name) -> list of paths
    staff: bool = False
    # Add a unique parameter to every request: measures the page, not the page cache.
    bust_cache: bool = True
    single_user: bool = False  # measured with one connection (long reports)
    tracked: bool = False  # an applicant's session that has opened a request's status


def sample():
    """Find the agency, directory, cursor and items the pages request."""
    public = Item.objects.public()
    agency_id, agency_items = (
        public.values_list("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("agency_id", "n")
        .first()
    )
    directory_id, directory_items = (
        public.filter(agency_id=agency_id)
        .values_list("directory_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("directory_id", "n")
        .first()
    )
    # The deep page is of the agency's whole list: at 10,000 items no directory of one agency
    # holds two pages (15 items at most), and an empty page would be compared with a full one.
    # Page n + 1 starts after the n × PAGE_SIZE-th item: 80% of the way down, at most DEEP_PAGE.
    listed = public.filter(agency_id=agency_id)
    depth = min(DEEP_PAGE, int((agency_items - 1) // PAGE_SIZE * 0.8)) or 1
    deep_item = listed.order_by("-published_at", "-id")[min(depth * PAGE_SIZE, agency_items) - 1]
    item_ids = list(
        public.filter(mode=Item.Mode.PROACTIVE)
        .order_by("?")
        .values_list("pk", flat=True)[:ITEM_SAMPLE]
    )
    root = Agency.objects.filter(level=0).order_by("tree_id").first()
    return Sample(
        agency_code=Agency.objects.get(pk=agency_id).credit_code,
        directory_id=directory_id,
        directory_items=directory_items,
        agency_items=agency_items,
        deep_cursor=encode_cursor(deep_item),
        deep_page_number=depth + 1,
        policy_directory_id=Directory.objects.get(name="政策文件").pk,
        last_year=timezone.localdate().year - 1,
        item_ids=item_ids,
        root_agency_id=root.pk,
        root_agency_code=root.credit_code,
        request_codes=request_codes(),
    )


def open_tracking(client, sample):
    """Open a request's status in `client`'s session, as an applicant does (number + code)."""
    if sample.request_codes:
        number, code = sample.request_codes[0]
        client.post(reverse("requests_app:track"), {"number": number, "code": code})


def request_codes():
    """(number, query code) of some generated requests, for the tracking page."""
    rows = Request.objects.order_by("?").values_list("pk", "number")[:200]
    return [(number, query_code(pk)) for pk, number in rows]


def with_query(path, **params):
    return f"{path}?{urlencode(params)}" if params else path


def one(name, *args, **params):
    return [with_query(reverse(name, args=args), **params)]


PAGES = [
    Page("floor", "floor: /healthz (middleware only)", "floor", ("healthz",),
         lambda s, n: one(n), bust_cache=False),
    Page("home", "home", "public", ("catalog:home",), lambda s, n: one(n)),
    Page("home_cached", "home (page cache hit)", "cached", ("catalog:home",),
         lambda s, n: one(n), bust_cache=False),
    Page("list_first", "agency directory list, page 1", "public", ("catalog:list",),
         lambda s, n: one(n, agency=s.agency_code, directory=s.directory_id)),
    Page("list_deep", "an agency's whole list, deep page", "public", ("catalog:list",),
         lambda s, n: one(n, agency=s.agency_code, after=s.deep_cursor)),
    Page("list_filtered", "filtered list (policy files, last year, 行政规范性文件)", "public",
         ("catalog:list",),
         lambda s, n: one(n, directory=s.policy_directory_id, year=s.last_year,
                          genre=Item.Genre.NORMATIVE)),
    # The open-data API (opendata/): issue 19 asks for ≤ 2× the HTML list page, 50 items a page.
    Page("api_items", "API items, an agency, 50 a page", "public", ("opendata:items",),
         lambda s, n: one(n, agency=s.agency_code, limit=50)),
    Page("api_items_deep", "API items, an agency, 50 a page, deep", "public", ("opendata:items",),
         lambda s, n: one(n, agency=s.agency_code, limit=50, after=s.deep_cursor)),
    Page("item", f"item page ({ITEM_SAMPLE:,} different items)", "item", ("catalog:item",),
         lambda s, n: [reverse(n, args=[pk]) for pk in s.item_ids], bust_cache=False),
    Page("item_cached", "item page (page cache hit)", "cached", ("catalog:item",),
         lambda s, n: [reverse(n, args=[s.item_ids[0]])], bust_cache=False),
    Page("search_common", f"search, common term ({COMMON_TERM})", "search", ("catalog:search",),
         lambda s, n: one(n, q=COMMON_TERM)),
    Page("search_rare", f"search, rare term ({RARE_TERM})", "search", ("catalog:search",),
         lambda s, n: one(n, q=RARE_TERM)),
    Page("search_two", f"search, two characters ({TWO_CHARACTER_TERM})", "search",
         ("catalog:search",), lambda s, n: one(n, q=TWO_CHARACTER_TERM)),
    Page("search_old", f"search, common term, every hit old ({OLD_TERM})", "search",
         ("catalog:search",), lambda s, n: one(n, q=OLD_TERM)),
    # The rows above repeat one term, as visitors do, so from the second request on they
    # measure a search whose hits are remembered (catalog.search.remembered). This one asks
    # a different search each time (subjects, kinds of work and years, as phrases and as
    # separate terms): what a term nobody asked for since the last publication costs.
    Page("search_varied", "search, a different term each request (hits not remembered)",
         "search", ("catalog:search",), lambda s, n: varied_searches(s, n)),
    Page("request_choose", "request: choose the agency (every agency)", "form",
         ("requests_app:apply",), lambda s, n: one(n), bust_cache=False),
    Page("request_form", "request form (an agency's 申请表)", "form",
         ("requests_app:apply_form",), lambda s, n: [reverse(n, args=[s.root_agency_code])],
         bust_cache=False),
    Page("tracking", "request tracking page (status of a request)", "form",
         ("requests_app:track",), lambda s, n: one(n), bust_cache=False, tracked=True),
    Page("staff_home", "staff home (公开办 of the province)", "staff", ("staff_home",),
         lambda s, n: one(n), staff=True, bust_cache=False),
    Page("worklist", "staff worklist (公开办 of the province)", "staff",
         ("requests_app:worklist", "requests_app:work", "admin:requests_app_request_changelist"),
         lambda s, n: one(n), staff=True, bust_cache=False),
    Page("worklist_overdue", "staff worklist, overdue view (公开办 of the province)", "staff",
         ("requests_app:worklist",), lambda s, n: one(n, view="overdue"), staff=True,
         bust_cache=False),
    Page("worklist_closed", "staff worklist, closed requests, page 50 (公开办 of the province)",
         "staff", ("requests_app:worklist",), lambda s, n: one(n, view="closed", page=50),
         staff=True, bust_cache=False),
    Page("annual_report", "annual report page (province, with subordinates)", "report",
         ("reports:detail_all", "reports:annual", "reports:annual_report"),
         lambda s, n: annual_report_paths(s, n), staff=True, bust_cache=False,
         single_user=True),
    Page("statistics", "public statistics (province, with subordinates)", "report",
         ("opendata:statistics_agency",),
         lambda s, n: one(n, s.root_agency_code, year=s.last_year, scope="all"),
         single_user=True),
    Page("annual_report_xlsx", "annual report XLSX (province, with subordinates)", "report",
         ("reports:xlsx_all", "reports:annual_xlsx", "reports:annual_report_xlsx"),
         lambda s, n: annual_report_paths(s, n), staff=True, bust_cache=False,
         single_user=True),
]  # fmt: skip


def varied_searches(s, name):
    """Nearly 2,000 different searches, in a fixed shuffled order."""
    years = [f"{s.last_year - back}年" for back in range(5)]
    queries = [f"{a}{b}" for a in SUBJECTS for b in WORKS]
    queries += [f"{a} {b}" for a in SUBJECTS for b in WORKS]
    queries += [f"{a} {y}" for a in SUBJECTS + WORKS for y in years]
    queries += SUBJECTS + WORKS + years
    random.Random(20).shuffle(queries)
    return [with_query(reverse(name), q=query) for query in queries]


def annual_report_paths(s, name):
    """The report of the province's root agency with everything below it, for last year."""
    attempts = [
        ([s.root_agency_id, s.last_year], {}),  # reports/urls.py: <agency pk>/<year>/all/
        ([], {"agency": s.root_agency_id, "year": s.last_year, "subordinates": 1}),
        ([s.last_year], {"agency": s.root_agency_id, "subordinates": 1}),
        ([s.root_agency_code, s.last_year], {"subordinates": 1}),
        ([s.root_agency_id, s.last_year], {"subordinates": 1}),
    ]
    for args, params in attempts:
        try:
            return [with_query(reverse(name, args=args), **params)]
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


def resolve(page, data):
    """(url name, paths) for `page`, or (None, []) if none of its URL names exists yet."""
    for name in page.url_names:
        try:
            return name, page.paths(data, name)
        except NoReverseMatch:
            continue
    return None, []
