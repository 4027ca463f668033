from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Open data: the read-only API, the DCAT catalog, bulk downloads and public statistics.

    Depends on catalog, requests_app and reports; nothing depends on it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "opendata"
    verbose_name = "开放数据"
