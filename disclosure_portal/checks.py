"""System checks for deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Without REDIS_URL every worker process has a cache of its own.

    The public version that makes cached pages stale after a publication or withdrawal
    lives in the cache: bumped in one gunicorn worker, the others would keep serving their
    cached pages until these expire (up to 10 minutes), and each would count the rate
    limits alone.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if backend != "django.core.cache.backends.locmem.LocMemCache":
        return []
    return [
        Warning(
            "缓存是各进程自己的内存（未设置 REDIS_URL）。",
            hint=(
                "多个工作进程（如 gunicorn --workers）或多台应用服务器时，"
                "发布或撤回后其他进程的页面缓存最长 10 分钟才更新，访问限制也各自计数。"
                "请设置 REDIS_URL=redis://主机:6379/0。"
            ),
            id="portal.W001",
        )
    ]
