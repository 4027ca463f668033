"""Who may see what: every URL pattern of the portal × every kind of user, by GET.

The matrix is walked from the URL resolver, so a new page that nobody classified here
fails `test_every_url_pattern_is_classified`: whoever adds a page says who may see it.
Rows read: route → how to build a URL for it → the outcome for each kind of user
(tests/access.py): anonymous, applicant (tracking agency A's request with its query code),
staff of agency A, staff of agency B, 公开办 of the county above both, 系统管理员 (superuser).
An applicant without the code is the anonymous visitor: the /track/ rows show the difference.

Outcomes: OK (200), LOGIN (302 to a login page), DENIED (403), MISSING (404),
AWAY (302 elsewhere), NOT_ALLOWED (405, POST-only URLs).
Beyond the status, no page may show agency A's applicant's name, phone or ID number to
anyone who may not see the request (tests/test_access_matrix.py::test_personal_data_...).
What the admin's widgets fetch and show (raw-id labels and popups, autocompletes) has a
matrix of its own: tests/test_access_widgets.py.
"""

import logging

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import ROLES, SECRET_ID, SECRET_NAME, SECRET_PHONE, build_world

OK, LOGIN, DENIED, MISSING, AWAY, NOT_ALLOWED = 200, "login", 403, 404, "away", 405


def everyone(outcome=OK):
    return dict.fromkeys(ROLES, outcome)


def staff(staff_a, staff_b, office, admin_, outsiders=LOGIN):
    """Outcomes of a staff page: the public (with or without a query code) must log in."""
    return {
        "anonymous": outsiders,
        "applicant": outsiders,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "office": office,
        "admin": admin_,
    }


def u(template):
    """A URL builder from a template with {world attributes}."""
    return lambda w: template.format(w=w)


# --- the public site -----------------------------------------------------------------------

PUBLIC = {
    "": (u("/"), everyone()),
    "catalog/": (u("/catalog/"), everyone()),
    "search/": (u("/search/?q=信息"), everyone()),
    "agencies/": (u("/agencies/"), everyone()),
    "agencies/switch/": (u("/agencies/switch/?code={w.agency_a.credit_code}"), everyone(AWAY)),
    "agencies/<str:code>/": (u("/agencies/{w.agency_a.credit_code}/"), everyone()),
    "agencies/<str:code>/guide/": (u("/agencies/{w.agency_a.credit_code}/guide/"), everyone()),
    # A shortcut to the agency's list filtered to its 政府信息公开制度 directory.
    "agencies/<str:code>/rules/": (u("/agencies/{w.agency_a.credit_code}/rules/"), everyone(AWAY)),
    "items/<int:pk>/": (u("/items/{w.published.pk}/"), everyone()),
    # Attachments, served by the portal after a look at their item (catalog/attachment_views.py).
    "media/<path:name>": (u("/media/{w.public_file.file.name}"), everyone()),
    "feeds/latest/": (u("/feeds/latest/"), everyone()),
    "feeds/agencies/<str:code>/": (u("/feeds/agencies/{w.agency_a.credit_code}/"), everyone()),
    "feeds/directories/<int:pk>/": (u("/feeds/directories/{w.directory.pk}/"), everyone()),
    "feeds/agencies/<str:code>/directories/<int:pk>/": (
        u("/feeds/agencies/{w.agency_a.credit_code}/directories/{w.directory.pk}/"),
        everyone(),
    ),
    "sitemap.xml": (u("/sitemap.xml"), everyone()),
    "sitemap-<section>.xml": (u("/sitemap-items.xml"), everyone()),
    "healthz": (u("/healthz"), everyone()),
    "robots.txt": (u("/robots.txt"), everyone()),
    "favicon.ico": (u("/favicon.ico"), everyone(AWAY)),  # to the static file
    "captcha/^image/(?P<key>\\w+)/$": (u("/captcha/image/{w.captcha_key}/"), everyone()),
    "captcha/^image/(?P<key>\\w+)@2/$": (u("/captcha/image/{w.captcha_key}@2/"), everyone()),
    # Only for apply.js (X-Requested-With); a plain GET is not a page.
    "captcha/refresh/": (u("/captcha/refresh/"), everyone(MISSING)),
}

# Drafts and pending items have no public page, whoever asks (staff preview in the admin).
UNPUBLISHED = {
    "draft item page": (u("/items/{w.draft.pk}/"), everyone(MISSING)),
    "pending item page": (u("/items/{w.pending.pk}/"), everyone(MISSING)),
    # …and their files only for staff whose agencies include the item's.
    "draft item's attachment": (
        u("/media/{w.draft_file.file.name}"),
        staff(OK, MISSING, OK, OK, outsiders=MISSING),
    ),
}

# --- applicants ----------------------------------------------------------------------------

APPLICANTS = {
    "apply/": (u("/apply/"), everyone()),
    "apply/receipt/": (u("/apply/receipt/"), everyone()),  # "shown once" page; empty now
    "apply/suggest/": (u("/apply/suggest/?q=预算"), everyone()),  # published items only
    "apply/<str:code>/": (u("/apply/{w.agency_a.credit_code}/"), everyone()),
    "track/": (u("/track/"), everyone()),  # the form, or the tracked request (see below)
    "track/end/": (u("/track/end/"), everyone(NOT_ALLOWED)),
    # The letters of the tracked request: only with its code; others are sent to /track/.
    "track/documents/<slug:kind>/": (
        u("/track/documents/receipt/"),
        {**everyone(AWAY), "applicant": OK},
    ),
    # A file issued with the answer: only with the code, and only once the answer is issued
    # (the world's request is still open, so even its applicant finds nothing).
    "track/attachments/<int:attachment_pk>/": (
        u("/track/attachments/{w.fee_notice_pk}/"),
        {**everyone(AWAY), "applicant": MISSING},
    ),
    "track/documents/<slug:kind>/<int:record_id>/": (
        u("/track/documents/fee/{w.fee_notice_pk}/"),
        {**everyone(AWAY), "applicant": OK},
    ),
}

# --- the staff workbench for requests (/staff/requests/) -----------------------------------

# A's requests: A's handler and the 公开办 above see them; B's staff get 404 (not 403:
# they must not learn that the number exists).
A_REQUEST = staff(OK, MISSING, OK, OK)

WORKBENCH = {
    "staff/requests/": (u("/staff/requests/"), staff(OK, OK, OK, OK)),
    "staff/requests/new/": (u("/staff/requests/new/"), staff(OK, OK, DENIED, OK)),
    "staff/requests/new/on-the-spot/": (
        u("/staff/requests/new/on-the-spot/"),
        staff(OK, OK, DENIED, OK),
    ),
    "staff/requests/ledger/import/": (
        u("/staff/requests/ledger/import/"),
        staff(OK, OK, DENIED, OK),
    ),
    "staff/requests/ledger/import/confirm/": (
        u("/staff/requests/ledger/import/confirm/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/requests/ledger/export/": (
        u("/staff/requests/ledger/export/"),
        staff(OK, OK, OK, OK),
    ),
    "staff/requests/cases/import/": (
        u("/staff/requests/cases/import/"),
        staff(OK, OK, DENIED, OK),
    ),
    "staff/requests/cases/import/confirm/": (
        u("/staff/requests/cases/import/confirm/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/requests/<int:pk>/": (u("/staff/requests/{w.request.pk}/"), A_REQUEST),
    # 依申请公开转主动公开 (条例第四十四条): drafting needs catalog.add_item; candidates: 公开办.
    "staff/requests/<int:pk>/to-catalog/": (
        u("/staff/requests/{w.request.pk}/to-catalog/"),
        staff(OK, MISSING, DENIED, OK),
    ),
    "staff/requests/to-catalog/candidates/": (
        u("/staff/requests/to-catalog/candidates/"),
        staff(DENIED, DENIED, OK, OK),
    ),
    "staff/requests/<int:pk>/do/<slug:name>/": (
        u("/staff/requests/{w.request.pk}/do/draft/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/requests/routing/": (u("/staff/requests/routing/"), staff(OK, OK, OK, OK)),
    "staff/requests/<int:pk>/routing/<slug:name>/": (
        u("/staff/requests/{w.request.pk}/routing/route/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/requests/<int:pk>/reset-code/": (
        u("/staff/requests/{w.request.pk}/reset-code/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/requests/<int:pk>/attachments/": (
        u("/staff/requests/{w.request.pk}/attachments/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/requests/<int:pk>/attachments/<int:attachment_pk>/": (
        u("/staff/requests/{w.request.pk}/attachments/{w.attachment.pk}/"),
        A_REQUEST,
    ),
    "staff/requests/<int:pk>/documents/<slug:kind>/": (
        u("/staff/requests/{w.request.pk}/documents/receipt/"),
        A_REQUEST,
    ),
    "staff/requests/<int:pk>/documents/<slug:kind>/<int:record_id>/": (
        u("/staff/requests/{w.fee_request.pk}/documents/fee/{w.fee_notice_pk}/"),
        A_REQUEST,
    ),
}

# --- annual reports (/staff/reports/) ------------------------------------------------------

# A's report: A's 负责人 and the 公开办 above; B's staff get 404. Sums over the county's
# subtree: only those who oversee it (公开办, 系统管理员).
A_REPORT = staff(OK, MISSING, OK, OK)
COUNTY_SUMS = staff(MISSING, MISSING, OK, OK)

REPORTS = {
    "staff/reports/": (u("/staff/reports/"), staff(OK, OK, OK, OK)),
    # Last year's unpublished reports of the user's agencies: the list the staff home links to.
    "staff/reports/unpublished/": (u("/staff/reports/unpublished/"), staff(OK, OK, OK, OK)),
    "staff/reports/<int:pk>/<int:year>/": (u("/staff/reports/{w.agency_a.pk}/2024/"), A_REPORT),
    "staff/reports/<int:pk>/<int:year>/xlsx/": (
        u("/staff/reports/{w.agency_a.pk}/2024/xlsx/"),
        A_REPORT,
    ),
    "staff/reports/<int:pk>/<int:year>/override/": (
        u("/staff/reports/{w.agency_a.pk}/2024/override/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/reports/<int:pk>/<int:year>/all/": (
        u("/staff/reports/{w.county.pk}/2024/all/"),
        COUNTY_SUMS,
    ),
    "staff/reports/<int:pk>/<int:year>/all/xlsx/": (
        u("/staff/reports/{w.county.pk}/2024/all/xlsx/"),
        COUNTY_SUMS,
    ),
    "staff/reports/<int:pk>/<int:year>/all/override/": (
        u("/staff/reports/{w.county.pk}/2024/all/override/"),
        everyone(NOT_ALLOWED),
    ),
}

# Publishing is POST-only; the public report pages show published revisions only, and the
# world publishes none: 404 for everybody, staff included (their drafts are under /staff/).
_R = "reports/<str:code>/<int:year>/"
PUBLISHED_REPORTS = {
    "staff/reports/<int:pk>/<int:year>/publish/": (
        u("/staff/reports/{w.agency_a.pk}/2024/publish/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/reports/<int:pk>/<int:year>/withdraw/": (
        u("/staff/reports/{w.agency_a.pk}/2024/withdraw/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/reports/<int:pk>/<int:year>/all/publish/": (
        u("/staff/reports/{w.county.pk}/2024/all/publish/"),
        everyone(NOT_ALLOWED),
    ),
    "staff/reports/<int:pk>/<int:year>/all/withdraw/": (
        u("/staff/reports/{w.county.pk}/2024/all/withdraw/"),
        everyone(NOT_ALLOWED),
    ),
    "reports/": (u("/reports/"), everyone()),
    "reports/<str:code>/": (u("/reports/{w.agency_a.credit_code}/"), everyone()),
    **{
        _R + rest: (u("/reports/{w.agency_a.credit_code}/2024/" + path), everyone(MISSING))
        for rest, path in [
            ("", ""),
            ("xlsx/", "xlsx/"),
            ("r<int:number>/", "r1/"),
            ("r<int:number>/xlsx/", "r1/xlsx/"),
            ("all/", "all/"),
            ("all/xlsx/", "all/xlsx/"),
            ("all/r<int:number>/", "all/r1/"),
            ("all/r<int:number>/xlsx/", "all/r1/xlsx/"),
        ]
    },
}

# --- open data (opendata/): the public catalog only, for everybody ---------------------------

OPEN_DATA = {
    "api/v1/": (u("/api/v1/"), everyone()),
    "api/v1/openapi.json": (u("/api/v1/openapi.json"), everyone()),
    "api/v1/agencies/": (u("/api/v1/agencies/"), everyone()),
    "api/v1/dcat.jsonld": (u("/api/v1/dcat.jsonld"), everyone()),
    "api/v1/agencies/<str:code>/": (u("/api/v1/agencies/{w.agency_a.credit_code}/"), everyone()),
    "api/v1/directories/": (u("/api/v1/directories/"), everyone()),
    "api/v1/items/": (u("/api/v1/items/?agency={w.agency_a.credit_code}"), everyone()),
    "api/v1/items/<int:pk>/": (u("/api/v1/items/{w.published.pk}/"), everyone()),
    "api/v1/reports/": (u("/api/v1/reports/"), everyone()),
    # The world publishes no report: 404 for everybody, staff included.
    "api/v1/reports/<str:code>/<int:year>/": (
        u("/api/v1/reports/{w.agency_a.credit_code}/2024/"),
        everyone(MISSING),
    ),
    "api/v1/reports/<str:code>/<int:year>/all/": (
        u("/api/v1/reports/{w.county.credit_code}/2024/all/"),
        everyone(MISSING),
    ),
    "api/v1/downloads/<str:code>/<int:year>/items.csv": (
        u("/api/v1/downloads/{w.agency_a.credit_code}/2025/items.csv"),
        everyone(),
    ),
    "api/v1/downloads/<str:code>/<int:year>/items.xlsx": (
        u("/api/v1/downloads/{w.agency_a.credit_code}/2025/items.xlsx"),
        everyone(),
    ),
    "statistics/": (u("/statistics/"), everyone(AWAY)),  # to the top agency's page
    "statistics/<str:code>/": (u("/statistics/{w.county.credit_code}/?scope=all"), everyone()),
    "statistics/<str:code>/csv/": (
        u("/statistics/{w.county.credit_code}/csv/?scope=all"),
        everyone(),
    ),
    # Unpublished items are not in the API for anybody, staff included (they use the admin).
    "api API: draft item": (u("/api/v1/items/{w.draft.pk}/"), everyone(MISSING)),
    "api API: pending item": (u("/api/v1/items/{w.pending.pk}/"), everyone(MISSING)),
    "api API: search for the applicant": (u("/api/v1/items/?q={w.secret_name}"), everyone()),
}

# --- the admin -----------------------------------------------------------------------------

# The staff home: every staff member, each seeing their own work (tests/test_staff_home.py).
STAFF_HOME = {"staff/": (u("/staff/"), staff(OK, OK, OK, OK))}

ADMIN_SITE = {
    # The admin's index is the staff home (where logging in lands); its model index moved.
    "admin/": (u("/admin/"), staff(AWAY, AWAY, AWAY, AWAY)),
    "admin/models/": (u("/admin/models/"), staff(OK, OK, OK, OK)),
    "admin/login/": (u("/admin/login/"), {**everyone(OK), **staff(AWAY, AWAY, AWAY, AWAY, OK)}),
    "admin/logout/": (
        u("/admin/logout/"),
        staff(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, AWAY),
    ),
    "admin/password_change/": (u("/admin/password_change/"), staff(OK, OK, OK, OK)),
    "admin/password_change/done/": (u("/admin/password_change/done/"), staff(OK, OK, OK, OK)),
    # Without a known field the autocomplete refuses everybody (403) — after the login check.
    "admin/autocomplete/": (u("/admin/autocomplete/"), staff(DENIED, DENIED, DENIED, DENIED)),
    "admin/jsi18n/": (u("/admin/jsi18n/"), staff(OK, OK, OK, OK)),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        u("/admin/r/{w.item_type_pk}/{w.published.pk}/"),
        staff(AWAY, AWAY, AWAY, AWAY),
    ),
    "admin/^(?P<app_label>axes|organisation|auth|workcalendar|catalog|requests_app)/$": (
        u("/admin/catalog/"),
        staff(OK, OK, OK, OK),
    ),
    "admin/(?P<url>.*)$": (u("/admin/nothing-here/"), staff(MISSING, MISSING, MISSING, MISSING)),
}

# Per registered model: which object to open, and the outcome of its changelist, add, change,
# history, delete and bare-object (redirect) pages. An object outside a user's agencies is
# "not found" for them, which the admin answers with a redirect to its index (AWAY).
ONLY_ADMIN = staff(DENIED, DENIED, DENIED, OK)
NOBODY = staff(DENIED, DENIED, DENIED, DENIED)
ADMIN_MODELS = {
    "catalog.item": {
        "object": "published",
        "changelist": staff(OK, OK, OK, OK),
        "add": staff(OK, OK, DENIED, OK),
        "change": staff(OK, AWAY, OK, OK),  # the 公开办 views it read-only
        "history": staff(OK, AWAY, OK, OK),
        "delete": staff(DENIED, DENIED, DENIED, DENIED),  # published: never deleted
    },
    "organisation.agency": {
        "object": "agency_a",
        "changelist": staff(OK, OK, OK, OK),
        "add": ONLY_ADMIN,
        "change": staff(OK, AWAY, OK, OK),
        "history": staff(OK, AWAY, OK, OK),
        "delete": ONLY_ADMIN,
    },
    "catalog.directory": {
        "object": "directory",
        "changelist": staff(OK, OK, OK, OK),
        "add": staff(DENIED, DENIED, OK, OK),
        "change": staff(OK, OK, OK, OK),
        "history": staff(OK, OK, OK, OK),
        "delete": staff(DENIED, DENIED, DENIED, OK),
    },
    "workcalendar.calendarday": {
        "object": "calendar_day",
        "changelist": staff(OK, OK, OK, OK),
        "add": staff(DENIED, DENIED, OK, OK),
        "change": staff(OK, OK, OK, OK),
        "history": staff(OK, OK, OK, OK),
        "delete": staff(DENIED, DENIED, OK, OK),
    },
    "workcalendar.calendaryear": {
        "object": "calendar_year",
        "changelist": staff(OK, OK, OK, OK),
        "add": staff(DENIED, DENIED, OK, OK),
        "change": staff(OK, OK, OK, OK),
        "history": staff(OK, OK, OK, OK),
        "delete": staff(DENIED, DENIED, OK, OK),
    },
    "requests_app.request": {
        "object": "request",
        "changelist": staff(OK, OK, OK, OK),
        "add": staff(DENIED, DENIED, DENIED, DENIED),  # requests arrive by the workbench
        "change": staff(OK, AWAY, OK, OK),  # read-only
        "history": staff(OK, AWAY, OK, OK),
        "delete": NOBODY,
    },
    "requests_app.case": {
        "object": "case",
        "changelist": staff(OK, OK, OK, OK),
        "add": staff(OK, OK, DENIED, OK),
        "change": staff(OK, AWAY, OK, OK),
        "history": staff(OK, AWAY, OK, OK),
        "delete": staff(DENIED, DENIED, DENIED, OK),
    },
    "auth.user": {
        "object": "staff_a_user",
        "changelist": ONLY_ADMIN,
        "add": ONLY_ADMIN,
        "change": ONLY_ADMIN,
        "history": ONLY_ADMIN,
        "delete": ONLY_ADMIN,
    },
    "auth.group": {
        "object": "a_group",
        "changelist": ONLY_ADMIN,
        "add": ONLY_ADMIN,
        "change": ONLY_ADMIN,
        "history": ONLY_ADMIN,
        "delete": ONLY_ADMIN,
    },
    # django-axes' login records: for the 系统管理员 (who may unlock a colleague).
    **{
        f"axes.{name}": {
            "object": None,
            "changelist": ONLY_ADMIN,
            "add": NOBODY,  # written by the login form only
            "change": None,
            "history": None,
            "delete": None,
        }
        for name in ("accessattempt", "accesslog", "accessfailurelog")
    },
}

# The admin's own extra pages.
ADMIN_EXTRA = {
    "admin/organisation/agency/import/": (u("/admin/organisation/agency/import/"), ONLY_ADMIN),
    "admin/organisation/agency/import/confirm/": (
        u("/admin/organisation/agency/import/confirm/"),
        staff(DENIED, DENIED, DENIED, AWAY),
    ),
    "admin/organisation/agency/import/template.xlsx": (
        u("/admin/organisation/agency/import/template.xlsx"),
        ONLY_ADMIN,
    ),
    "admin/organisation/agency/export.xlsx": (
        u("/admin/organisation/agency/export.xlsx"),
        ONLY_ADMIN,
    ),
    "admin/catalog/item/import/": (
        u("/admin/catalog/item/import/"),
        staff(OK, OK, DENIED, OK),
    ),
    "admin/catalog/item/import/confirm/": (
        u("/admin/catalog/item/import/confirm/"),
        staff(AWAY, AWAY, DENIED, AWAY),
    ),
    "admin/catalog/item/import/template.xlsx": (
        u("/admin/catalog/item/import/template.xlsx"),
        staff(OK, OK, DENIED, OK),
    ),
    "admin/catalog/item/<path:object_id>/workflow/<str:step>/": (
        u("/admin/catalog/item/{w.published.pk}/workflow/withdraw/"),
        staff(OK, AWAY, OK, OK),  # the reason form; whether the step is allowed: POST tests
    ),
    # The public page of a draft as it will look once published (catalog/admin/item_preview.py).
    "admin/catalog/item/<path:object_id>/preview/": (
        u("/admin/catalog/item/{w.draft.pk}/preview/"),
        staff(OK, MISSING, OK, OK),
    ),
    # The 公开办's screen of everything published below it (catalog/screening.py).
    "admin/catalog/item/privacy/": (
        u("/admin/catalog/item/privacy/"),
        staff(DENIED, DENIED, OK, OK),
    ),
    # The privacy panel's actions are POST-only; who may take them: tests/test_privacy_screen.py.
    "admin/catalog/item/<path:object_id>/privacy/mask/": (
        u("/admin/catalog/item/{w.pending.pk}/privacy/mask/"),
        staff(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ),
    "admin/catalog/item/<path:object_id>/privacy/accept/": (
        u("/admin/catalog/item/{w.pending.pk}/privacy/accept/"),
        staff(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ),
    # django-reversion's recover pages: nothing is ever deleted, so nothing to recover.
    "admin/catalog/item/^recover/$": (u("/admin/catalog/item/recover/"), NOBODY),
    "admin/catalog/item/^recover/(\\d+)/$": (
        u("/admin/catalog/item/recover/{w.version_pk}/"),
        NOBODY,
    ),
    "admin/catalog/item/^([^/]+)/history/(\\d+)/$": (
        u("/admin/catalog/item/{w.published.pk}/history/{w.version_pk}/"),
        staff(OK, DENIED, OK, OK),
    ),
    "admin/auth/user/<id>/password/": (
        u("/admin/auth/user/{w.staff_a_user.pk}/password/"),
        ONLY_ADMIN,
    ),
}


def admin_model_rows():
    """The rows of ADMIN_MODELS, keyed by the routes the admin registers for each model."""
    rows = {}
    for label, spec in ADMIN_MODELS.items():
        app, model = label.split(".")
        base = f"admin/{app}/{model}/"
        obj = spec["object"]
        pages = {
            "changelist": ("", ""),
            "add": ("add/", "add/"),
            "change": ("<path:object_id>/change/", "{pk}/change/"),
            "history": ("<path:object_id>/history/", "{pk}/history/"),
            "delete": ("<path:object_id>/delete/", "{pk}/delete/"),
            "bare": ("<path:object_id>/", "{pk}/"),
        }
        for page, (route, template) in pages.items():
            if page == "bare":
                expected = None if obj is None else staff(AWAY, AWAY, AWAY, AWAY)
            else:
                expected = spec[page]
            build = (
                None
                if expected is None
                else (lambda w, t=base + template, o=obj: "/" + t.format(pk=o and getattr(w, o).pk))
            )
            rows[base + route] = (build, expected)
    return rows


ROWS = {
    **PUBLIC,
    **UNPUBLISHED,
    **APPLICANTS,
    **WORKBENCH,
    **REPORTS,
    **PUBLISHED_REPORTS,
    **OPEN_DATA,
    **STAFF_HOME,
    **ADMIN_SITE,
    **ADMIN_EXTRA,
    **admin_model_rows(),
}


def url_routes(patterns=None, prefix=""):
    """Every URL pattern of the project, as its full route string."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + str(pattern.pattern)


def test_every_url_pattern_is_classified():
    routes = set(url_routes())
    unclassified = sorted(routes - ROWS.keys())
    assert not unclassified, (
        "pages nobody said who may see; add them to tests/test_access_matrix.py:\n"
        + "\n".join(unclassified)
    )


def test_every_admin_model_is_classified():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


@pytest.fixture
def world(make_agency, make_staff):
    from captcha.models import CaptchaStore
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    from catalog.models import Item

    w = build_world(make_agency, make_staff)
    w.captcha_key = CaptchaStore.generate_key()
    w.fee_notice_pk = w.fee_request.fee_notices.get().pk
    w.item_type_pk = ContentType.objects.get_for_model(Item).pk
    w.version_pk = Version.objects.get_for_object(w.published).first().pk
    w.staff_a_user = w.users["staff_a"]
    w.a_group = Group.objects.get(name="审核人")
    w.secret_name = SECRET_NAME
    return w


def outcome(response):
    if response.status_code == 302:
        return LOGIN if "/login/" in response["Location"] else AWAY
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_what(world, role, caplog):
    caplog.set_level(logging.DEBUG)
    client = world.client(role)
    wrong = []
    for route, (build, expected) in ROWS.items():
        if build is None:
            continue
        url = build(world)
        response = client.get(url)
        got = outcome(response)
        if got != expected[role]:
            wrong.append(f"{url} ({route}): expected {expected[role]}, got {got}")
        if outsider(role, route):
            # Streamed answers too (the open-data CSV and XLSX downloads, attachments).
            streamed = response.streaming
            body = b"".join(response.streaming_content) if streamed else response.content
            shown = [s for s in (SECRET_NAME, SECRET_PHONE, SECRET_ID) if s.encode() in body]
            if shown:
                wrong.append(f"{url} ({route}) shows personal data: {shown}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
    assert_no_personal_data_logged(caplog)


def assert_no_personal_data_logged(caplog):
    """Nothing the portal logs (404s, 403s, warnings) names the applicant. SQL logging is
    off in production (DEBUG=0) and is not the portal's own."""
    logged = "\n".join(
        record.getMessage() + (record.exc_text or "")
        for record in caplog.records
        if record.name != "django.db.backends"
    )
    assert logged, "nothing was logged: the check would prove nothing"
    for secret in (SECRET_NAME, SECRET_PHONE, SECRET_ID):
        assert secret not in logged


def outsider(role, route):
    """Whether `role` must not see agency A's applicant's personal data on `route`."""
    if role == "applicant":
        return not route.startswith("track/")  # their own request, with its code
    return role in ("anonymous", "staff_b")


def test_the_query_code_opens_the_request_and_nothing_else_does(world):
    number = world.fee_request.number
    assert number in world.client("applicant").get("/track/").text
    for role in ("anonymous", "staff_b"):
        assert number not in world.client(role).get("/track/").text
    wrong_code = world.client("anonymous").post("/track/", {"number": number, "code": "X" * 12})
    assert wrong_code.status_code == 400 and SECRET_NAME not in wrong_code.text
    assert outcome(world.client("anonymous").get("/track/documents/receipt/")) == AWAY


def test_no_personal_data_in_any_sitemap_or_feed(world):
    from catalog.sitemaps import SITEMAPS

    client = world.client("anonymous")
    urls = [f"/sitemap-{section}.xml" for section in SITEMAPS] + [
        "/sitemap.xml",
        "/feeds/latest/",
        f"/feeds/agencies/{world.agency_a.credit_code}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in (SECRET_NAME, SECRET_PHONE, SECRET_ID):
            assert secret.encode() not in response.content, (url, secret)
