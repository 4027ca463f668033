"""System checks for deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
NO_SERVER_BACKEND = "disclosure_portal.mail.NoMailServerBackend"


@register(deploy=True)
def check_mail_server(app_configs, **kwargs):
    """Receipts reach applicants only through a mail server, and never through the log.

    Without EMAIL_HOST production mail is refused (disclosure_portal/mail.py): applicants who
    gave an e-mail address get no receipt. The console backend would print every receipt (name,
    address, request number, query code) into the server log.
    """
    backend = settings.EMAIL_BACKEND
    if backend == NO_SERVER_BACKEND:
        return [
            Error(
                "未设置外发邮件服务器（环境变量 EMAIL_HOST）：申请人收不到回执邮件。",
                hint="请设置 EMAIL_HOST（及需要时的 EMAIL_PORT、EMAIL_HOST_USER、"
                "EMAIL_HOST_PASSWORD、EMAIL_USE_TLS 或 EMAIL_USE_SSL）。",
                id="portal.E001",
            )
        ]
    if backend == CONSOLE_BACKEND:
        return [
            Error(
                "邮件会打印到服务器日志（EMAIL_BACKEND 为控制台后端）：回执中的申请人姓名、"
                "电子邮箱和查询码会进入日志。",
                hint="生产环境请设置 EMAIL_HOST，并去掉 EMAIL_BACKEND 的控制台设置。",
                id="portal.E002",
            )
        ]
    return []


@register(deploy=True)
def check_proxy_count(app_configs, **kwargs):
    """Behind a reverse proxy (BEHIND_PROXY=1) with PROXY_COUNT=0, every client has the proxy's
    address: one visitor's failed guesses close /track/ and /apply/ for all, and five wrong
    passwords lock a staff account at every desk (organisation/client_address.py)."""
    if settings.SECURE_PROXY_SSL_HEADER and not settings.PROXY_COUNT:
        return [
            Warning(
                "门户在反向代理之后（BEHIND_PROXY=1），但 PROXY_COUNT 为 0：所有访客的地址都是代理的地址，"
                "按地址计的访问限制和登录锁定会波及所有人。",
                hint="请把 PROXY_COUNT 设为门户前面的代理层数（如只有一台 nginx 则为 1）。",
                id="portal.W002",
            )
        ]
    return []
