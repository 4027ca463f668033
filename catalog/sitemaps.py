"""sitemap.xml: agencies, their guides, and every public item, in id-range pages.

Django's sitemap paginator counts the items and slices with OFFSET, which reads every
skipped row (seconds deep into a million items). Items are paged by id range instead:
page n holds the public items with id in ((n-1)·limit, n·limit], a page may hold fewer
than `limit`, and no page costs more than one indexed range read.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.urls import reverse

from organisation.models import Agency

from .models import Item


class IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page

    @property
    def num_pages(self):
        last = self.queryset.aggregate(last=Max("pk"))["last"] or 0
        return max(1, -(-last // self.per_page))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("页码无效") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("没有这一页")
        start = (number - 1) * self.per_page
        return IdRangePage(
            self.queryset.filter(pk__gt=start, pk__lte=start + self.per_page).order_by("pk")
        )


class ItemSitemap(Sitemap):
    # Rendering is the cost of a page (~3 s for 20,000 URLs measured): keep pages small.
    limit = 5000
    changefreq = "monthly"

    def items(self):
        return Item.objects.public().only("pk", "published_at", "corrected_at", "withdrawn_at")

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        # Django's default reads every item's lastmod for the index: not at this size.
        return None

    def lastmod(self, item):
        return item.withdrawn_at or item.corrected_at or item.published_at


class AgencySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Agency.objects.order_by("tree_id", "lft").only("credit_code")


class GuideSitemap(AgencySitemap):
    changefreq = "monthly"

    def location(self, agency):
        return reverse("catalog:agency_guide", args=[agency.credit_code])


SITEMAPS = {"agencies": AgencySitemap, "guides": GuideSitemap, "items": ItemSitemap}
