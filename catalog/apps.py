from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "政府信息公开目录"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the deployment checks
        from .roles import sync_role_groups

        # Groups need the permissions of every app, so sync after each migrate run.
        post_migrate.connect(sync_role_groups, dispatch_uid="catalog.sync_role_groups")
