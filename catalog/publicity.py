"""What happens when the public catalog changes.

The workflow (publish, correct, withdraw, import) calls `public_content_changed`
whenever an item enters or leaves the public catalog or its public content
changes; public pages, counts and feeds depend on it being called.
"""

from django.core.cache import cache

PUBLIC_VERSION_KEY = "catalog:public-version"


def public_version():
    """A number that changes whenever public content changes: part of every public cache key."""
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(PUBLIC_VERSION_KEY, version, None)
    return version


def public_content_changed(item=None):
    """Invalidate cached public pages (call it on commit of the change)."""
    try:
        cache.incr(PUBLIC_VERSION_KEY)
    except ValueError:
        cache.set(PUBLIC_VERSION_KEY, 2, None)
