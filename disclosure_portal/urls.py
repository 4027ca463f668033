from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from catalog.caching import public_page
from catalog.sitemaps import SITEMAPS

from . import views
from .login import StaffLoginForm

admin.site.login_form = StaffLoginForm  # a captcha once a username is being guessed at
handler403 = "disclosure_portal.views.permission_denied"
handler404 = "disclosure_portal.views.page_not_found"
handler500 = "disclosure_portal.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", views.staff_home, name="staff_home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # /staff/requests/ (workbench) and /apply/, /track/ (applicants): one namespace.
    path("", include("requests_app.urls")),
    path("captcha/", include("requests_app.captcha")),
    path("", include("reports.urls")),
    path(
        "", include("opendata.urls")
    ),  # /api/v1/, DCAT, downloads, /statistics/  # /staff/reports/ (annual reports)
    path("", include("catalog.urls")),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
