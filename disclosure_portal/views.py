from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token

from organisation.access import is_active_staff, is_system_admin, staff_view

from . import staff_home as home


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static file."""
    return HttpResponseRedirect(static("favicon.ico"))


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawlers may read the public pages; staff pages, forms and personal data are not theirs."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap": sitemap}, content_type="text/plain")


def healthz(request):
    """Liveness for load balancers, and the benchmark's floor: the full middleware stack, no query."""
    return HttpResponse("ok", content_type="text/plain")


@staff_view()
def staff_home(request):
    """工作台: where every staff login lands (admin_site.py sends `admin:index` here)."""
    return render(
        request,
        "staff/home.html",
        {
            "panels": home.panels(request),
            "today": timezone.localdate(),
            # Users are the 系统管理员's alone, whatever permissions a group was given by hand.
            "manages_users": is_system_admin(request.user),
        },
    )


# --- error pages: Chinese, in the portal's design, with a way back -------------------------


def _layout(request):
    """Staff who meet an error on a staff page keep the staff layout and go back to 工作台."""
    staff_page = request.path.startswith(("/staff/", "/admin/"))
    return "staff/base.html" if staff_page and is_active_staff(request.user) else "base.html"


def _error_page(request, template, status, exception=None):
    # A message of our own (PermissionDenied("只有本机关的审核人才能发布。")) says why; the
    # framework's own exceptions carry none, or English, and are not shown.
    args = getattr(exception, "args", ())
    message = args[0] if args and isinstance(args[0], str) else ""
    reason = message if any("\u4e00" <= ch <= "\u9fff" for ch in message) else ""
    context = {"layout": _layout(request), "reason": reason}
    return render(request, template, context, status=status)


@requires_csrf_token
def permission_denied(request, exception):
    return _error_page(request, "403.html", 403, exception)


@requires_csrf_token
def page_not_found(request, exception):
    # Http404's messages ("没有这个年度的报告") are ours; Resolver404's are dictionaries.
    return _error_page(request, "404.html", 404, exception)


def server_error(request):
    """Rendered without the request's context: no database, no session, nothing that can
    fail a second time."""
    try:
        body = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    except Exception:  # e.g. a stylesheet missing from the static manifest
        body = "<!DOCTYPE html><html lang=zh-CN><title>服务器错误</title><h1>服务器暂时无法处理您的请求</h1><p>请稍后再试。</p><p><a href=/>返回首页</a></p>"
    return HttpResponse(body, status=500)
