"""Atom feeds of the public catalog: latest, per agency, per directory (with its subtree)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from organisation.models import Agency

from . import navigation
from .models import Directory, Item

FEED_SIZE = 20


class LatestFeed(Feed):
    feed_type = Atom1Feed
    title = "最新公开的政府信息"
    subtitle = "政府信息公开目录中最新发布的信息"

    def link(self, obj=None):
        return reverse("catalog:list")

    def queryset(self, obj):
        return Item.objects.public()

    def items(self, obj=None):
        return list(
            self.queryset(obj)
            .select_related("agency")
            .defer("body", "search_vector")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"【已撤回】{item.title}" if item.is_withdrawn else item.title

    def item_description(self, item):
        # Feed readers treat the summary as HTML: escape the text so markup stays text.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.withdrawn_at or item.corrected_at or item.published_at

    def item_author_name(self, item):
        return item.agency.name

    def item_guid(self, item):
        return item.index_number or str(item.pk)

    item_guid_is_permalink = False


class AgencyFeed(LatestFeed):
    def get_object(self, request, code):
        return get_object_or_404(Agency, credit_code=code)

    def title(self, obj):
        return f"{obj.name} · 政府信息公开"

    def subtitle(self, obj):
        return f"{obj.name}最新公开的政府信息"

    def link(self, obj):
        return obj.get_absolute_url()

    def queryset(self, obj):
        return Item.objects.public().filter(agency=obj)


class DirectoryFeed(LatestFeed):
    """A directory and everything below it, of all agencies or of one."""

    def get_object(self, request, pk, code=None):
        directory = get_object_or_404(Directory, pk=pk)
        agency = get_object_or_404(Agency, credit_code=code) if code else None
        return directory, agency

    def title(self, obj):
        directory, agency = obj
        return f"{agency.name} · {directory.name}" if agency else f"{directory.name} · 政府信息公开"

    def subtitle(self, obj):
        return f"“{obj[0].name}”目录最新公开的政府信息"

    def link(self, obj):
        directory, agency = obj
        from .views import list_url

        return list_url(agency=agency and agency.credit_code, directory=directory.pk)

    def queryset(self, obj):
        directory, agency = obj
        items = Item.objects.public().filter(directory_id__in=navigation.subtree_ids(directory.pk))
        return items.filter(agency=agency) if agency else items
