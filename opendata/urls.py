"""/api/v1/ (the read-only API, its OpenAPI document and page), the DCAT catalog, bulk
downloads and /statistics/. Every view goes through `http.open_data` (rate limit, CORS,
ETag and conditional GET, page cache)."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import dcat, docs_views, downloads, statistics_views, views
from .http import open_data

app_name = "opendata"


def api(view_class, **kwargs):
    return open_data(view_class.as_view(), **kwargs)


urlpatterns = [
    path("api/v1/", docs_views.api_docs, name="docs"),
    path(
        "api/v1/openapi.json",
        open_data(SpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[])),
        name="openapi",
    ),
    path("api/v1/dcat.jsonld", open_data(dcat.dcat_catalog), name="dcat"),
    path("api/v1/agencies/", api(views.AgencyList), name="agencies"),
    path("api/v1/agencies/<str:code>/", api(views.AgencyDetail), name="agency"),
    path("api/v1/directories/", api(views.DirectoryList), name="directories"),
    path("api/v1/items/", api(views.ItemList), name="items"),
    # Not page-cached: its Last-Modified comes from the item (one small query).
    path("api/v1/items/<int:pk>/", api(views.ItemDetail, cached=False), name="item"),
    path("api/v1/reports/", api(views.ReportList), name="reports"),
    path("api/v1/reports/<str:code>/<int:year>/", api(views.ReportDetail), name="report"),
    path(
        "api/v1/reports/<str:code>/<int:year>/all/",
        api(views.ReportAllDetail),
        name="report_all",
    ),
    path("statistics/", statistics_views.index, name="statistics"),
    path(
        "statistics/<str:code>/",
        statistics_views.agency_statistics,
        name="statistics_agency",
    ),
    path(
        "statistics/<str:code>/csv/",
        statistics_views.agency_statistics_csv,
        name="statistics_csv",
    ),
    # Streamed, so never page-cached (the cache keeps whole answers only).
    path(
        "api/v1/downloads/<str:code>/<int:year>/items.csv",
        open_data(downloads.csv_download, cached=False),
        name="download_csv",
    ),
    path(
        "api/v1/downloads/<str:code>/<int:year>/items.xlsx",
        open_data(downloads.xlsx_download, cached=False),
        name="download_xlsx",
    ),
]
