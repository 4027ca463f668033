from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`manage.py bench`: a synthetic province, served and measured (docs/performance.md)."""

    name = "bench"
    verbose_name = "性能基准"
