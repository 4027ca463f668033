from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from catalog.caching import public_page
from catalog.sitemaps import SITEMAPS

from . import views
from .login import StaffLoginForm

admin.site.site_header = f"{settings.SITE_NAME} · 管理后台"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "工作台"
admin.site.login_form = StaffLoginForm  # a captcha once a username is being guessed at

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    # /staff/requests/ (workbench) and /apply/, /track/ (applicants): one namespace.
    path("", include("requests_app.urls")),
    path("captcha/", include("requests_app.captcha")),
    path("", include("reports.urls")),  # /staff/reports/ (annual reports)
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
