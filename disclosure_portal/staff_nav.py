"""The staff navigation: the sections a staff member may open, and the one a page belongs to.

One header (templates/staff/_header.html) for every staff page: the portal's own (/staff/…)
and the admin's (templates/admin/base_site.html). A section is shown to those who hold its
permission; a page belongs to the section with the longest matching path.
"""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    permission: str | None  # None: every staff member
    paths: tuple = ()  # URL names (or (name, kwargs)) whose paths, and below, belong here

    def url(self):
        return reverse(self.url_name)


def _app(label):
    return ("admin:app_list", {"app_label": label})


SECTIONS = (
    Section("工作台", "staff_home", None),
    Section("政府信息", "admin:catalog_item_changelist", "catalog.view_item", (_app("catalog"),)),
    Section(
        "依申请公开",
        "requests_app:worklist",
        "requests_app.view_request",
        ("requests_app:worklist", "admin:requests_app_request_changelist"),
    ),
    Section("年度报告", "reports:list", "reports.view_annualreport", ("reports:list",)),
    Section(
        "台账",
        "requests_app:ledger_export",
        "requests_app.view_request",
        (
            "requests_app:ledger_export",
            "requests_app:ledger_import",
            "requests_app:cases_import",
            "admin:requests_app_case_changelist",
        ),
    ),
    Section(
        "机关与用户",
        "admin:organisation_agency_changelist",
        "organisation.view_agency",
        (_app("organisation"), _app("auth")),
    ),
)


@functools.cache
def _prefixes(script_prefix, urlconf):
    """[(path prefix, section index)], longest first, so /staff/requests/ledger/ is 台账."""
    prefixes = []
    for index, section in enumerate(SECTIONS):
        for entry in section.paths:
            name, kwargs = entry if isinstance(entry, tuple) else (entry, None)
            prefixes.append((reverse(name, kwargs=kwargs), index))
    return sorted(prefixes, key=lambda pair: -len(pair[0]))


def current_section(path):
    """The index in SECTIONS of the section `path` belongs to, or None."""
    if path == reverse("staff_home"):
        return 0
    for prefix, index in _prefixes(get_script_prefix(), get_urlconf()):
        if path.startswith(prefix):
            return index
    return None


@dataclass
class StaffNav:
    name: str
    agencies: list
    sections: list  # [(label, url, aria-current value or "")]
    section: str  # the label of the section the page is in, or ""


def staff_nav(request):
    """The header of a staff page for `request.user`, or None for anyone but active staff."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    current = current_section(request.path)
    sections = []
    for index, section in enumerate(SECTIONS):
        if section.permission and not user.has_perm(section.permission):
            continue
        url = section.url()
        here = "" if index != current else "page" if request.path == url else "true"
        sections.append((section.label, url, here))
    agencies = list(user.agencies.order_by("tree_id", "lft").values_list("name", flat=True))
    section = SECTIONS[current].label if current is not None else ""
    return StaffNav(user.get_full_name() or user.get_username(), agencies, sections, section)
