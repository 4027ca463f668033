import functools

from django.conf import settings
from django.core.cache import cache
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from catalog.navigation import public_agencies
from catalog.publicity import public_version
from organisation.models import Agency

from .staff_nav import staff_nav

SWITCHER_CACHE_KEY = "catalog:agency-switcher"


def switcher_agencies():
    """The agencies offered by the header's switcher: the top two levels of the tree.

    Cached, and cleared whenever an agency is saved, so a page pays no query for it.
    """
    choices = cache.get(SWITCHER_CACHE_KEY)
    if choices is None:
        choices = list(
            Agency.objects.filter(level__lte=1)
            .order_by("tree_id", "lft")
            .values_list("credit_code", "name", "level")
        )
        cache.set(SWITCHER_CACHE_KEY, choices, 600)
    return choices


def portal_agency():
    """The agency that runs the portal (the first root of the tree), for the footer."""
    return next(iter(public_agencies().values()), False)


@functools.cache
def _site_urls(script_prefix, urlconf):
    # The same on every page: reversing the header's five links on each page cost ~0.5 ms.
    names = ["catalog:home", "catalog:agency_switch", "catalog:agency_list"]
    names += ["requests_app:apply", "reports:public_index"]
    names += ["opendata:statistics", "opendata:docs"]  # the footer's open-data links
    return {name.split(":")[1]: reverse(name) for name in names}


def portal(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_urls": _site_urls(get_script_prefix(), get_urlconf()),
        "switcher_agencies": SimpleLazyObject(switcher_agencies),
        "portal_agency": SimpleLazyObject(portal_agency),
        # The key of cached navigation fragments ({% cache … public_version … %}).
        "public_version": SimpleLazyObject(public_version),
        # The staff header (staff pages and the admin): read only where it is shown.
        "staff_nav": SimpleLazyObject(lambda: staff_nav(request)),
    }


def forget_switcher_agencies(**kwargs):
    """Connected to `agencies_changed`: the header's switcher shows agency names."""
    cache.delete(SWITCHER_CACHE_KEY)
