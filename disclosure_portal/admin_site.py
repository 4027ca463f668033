"""The admin as one part of the staff side, not a product of its own.

Its index (`admin:index`, where logging in lands) is the staff home; the list of every model
the user may open moves one link away (`admin:models`); its pages wear the staff header
(templates/admin/base_site.html), so the staff navigation replaces the admin's sidebar.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import path


class PortalAdminSite(admin.AdminSite):
    site_header = f"{settings.SITE_NAME} · 管理后台"
    site_title = settings.SITE_NAME
    index_title = "全部管理功能"
    enable_nav_sidebar = False  # the staff navigation is in the header

    def index(self, request, extra_context=None):
        """Logging in at /admin/ lands here: the staff home is where the work is."""
        return redirect("staff_home")

    def model_index(self, request, extra_context=None):
        """The admin's own index: every model the user may open, by app."""
        return super().index(request, extra_context)

    def get_urls(self):
        return [
            path("models/", self.admin_view(self.model_index), name="models"),
            *super().get_urls(),
        ]


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with this site: installed in its place (settings.INSTALLED_APPS)."""

    default_site = "disclosure_portal.admin_site.PortalAdminSite"
