"""URLs of publishing (staff) and of the published reports (public), included by reports/urls.py."""

from django.urls import path

from . import public_views, publish_views

# Under /staff/reports/, beside the report page of reports/urls.py.
staff_patterns = [
    path("<int:pk>/<int:year>/publish/", publish_views.publish, name="publish"),
    path("<int:pk>/<int:year>/withdraw/", publish_views.withdraw, name="withdraw"),
    path(
        "<int:pk>/<int:year>/all/publish/",
        publish_views.publish,
        {"subordinates": True},
        name="publish_all",
    ),
    path(
        "<int:pk>/<int:year>/all/withdraw/",
        publish_views.withdraw,
        {"subordinates": True},
        name="withdraw_all",
    ),
]


def _report_patterns(prefix, name, extra):
    """The page and XLSX of the newest revision and of revision N, for one scope."""
    page, xlsx = public_views.report_page, public_views.report_xlsx
    return [
        path(f"{prefix}", page, extra, name=name),
        path(f"{prefix}xlsx/", xlsx, extra, name=f"{name}_xlsx"),
        path(f"{prefix}r<int:number>/", page, extra, name=f"{name}_revision"),
        path(f"{prefix}r<int:number>/xlsx/", xlsx, extra, name=f"{name}_revision_xlsx"),
    ]


# Under /reports/: one agency's published reports, then each report by year.
public_patterns = [
    path("", public_views.report_index, name="public_index"),
    path("<str:code>/", public_views.agency_reports, name="public_agency"),
    *_report_patterns("<str:code>/<int:year>/", "public", {}),
    *_report_patterns("<str:code>/<int:year>/all/", "public_all", {"subordinates": True}),
]
