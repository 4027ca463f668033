"""What happens when the public catalog changes, and what of an item the public sees.

The workflow (publish, correct, withdraw, import) calls `public_content_changed(item)`
on commit whenever an item enters or leaves the public catalog or its public content
changes. That one call keeps everything derived from public content current: the
item's search tokens, its agency's directory counters, and the version that every
cached public page's key contains. Bulk loads that bypass the workflow run
`manage.py rebuild_public_catalog` afterwards.
"""

import time

from django.core.cache import cache

PUBLIC_VERSION_KEY = "catalog:public-version"


def public_version():
    """A number that changes whenever public content changes: part of every public cache key."""
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        # Started from the clock, not 1: after the cache is flushed, no app server may take
        # the new version for one it has already seen (catalog/navigation.py keeps values).
        version = time.time_ns() // 1000
        if not cache.add(PUBLIC_VERSION_KEY, version, None):
            version = cache.get(PUBLIC_VERSION_KEY, version)
    return version


def shows_content(item):
    """Whether the public sees the item's body and attachments.

    Only 主动公开 items that are still published: 依申请公开 / 不予公开 items are
    catalogued without content (docs/catalog.md), and a withdrawn item keeps only its
    catalogue entry and the notice (what was withdrawn was wrong or outdated).
    """
    from .models import Item

    return item.mode == Item.Mode.PROACTIVE and item.is_published


def public_text(item):
    """The texts of an item that search may match: only what its public page shows."""
    from .tokens import BODY_CHARS, plain_text

    texts = [item.title, item.document_number, item.keywords, item.subject, item.summary]
    if shows_content(item):
        texts.append(plain_text(item.body)[:BODY_CHARS])
    return texts


def reindex(items):
    """Rewrite the search tokens of `items` (drafts and the like get none)."""
    from .models import Item
    from .tokens import document_vector

    for item in items:
        item.search_vector = document_vector(*public_text(item)) if item.is_public else ""
    # Only this column: timestamps and everything else stay as they are.
    Item.objects.bulk_update(items, ["search_vector"], batch_size=500)


def public_content_changed(item=None):
    """Bring search tokens, counters and cached pages up to date (call it on commit).

    `item` is the changed item, or an iterable of items. Without one, every agency's
    counters are recounted (search tokens need `rebuild_public_catalog`).
    """
    from . import counts
    from .models import Item

    if item is None:
        counts.recount_all()
    else:
        items = [item] if isinstance(item, Item) else list(item)
        # Re-read: the caller's instance may predate the committed change.
        fresh = list(Item.objects.filter(pk__in=[each.pk for each in items]))
        reindex(fresh)
        for agency_id in sorted({each.agency_id for each in items + fresh}):
            counts.recount_agency(agency_id)
    bump_public_version()


def bump_public_version(**signal_kwargs):
    """Make every cached public page stale (also a receiver of `agencies_changed`)."""
    try:
        cache.incr(PUBLIC_VERSION_KEY)
    except ValueError:
        public_version()  # not in the cache (flushed): a fresh one is new anyway


def agency_saved(sender, instance, **kwargs):
    """An agency's `lists_on_request_items` decides whether its 依申请公开 items are public:
    after every save of an agency, their search tokens and its counters follow (post_save)."""
    from django.db import transaction

    from .models import Item

    def refresh():
        items = list(Item.objects.filter(agency=instance, mode=Item.Mode.ON_REQUEST))
        if items:
            # Runs before the agency's own agencies_changed: the cached set of agencies
            # hiding such titles must be read afresh for the new setting.
            bump_public_version()
            public_content_changed(items)

    transaction.on_commit(refresh)
