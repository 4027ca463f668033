"""Filters of the staff item list: each one an indexed condition, never a scan of choices."""

import datetime

from django.contrib import admin
from django.utils import timezone

from organisation.access import staff_agencies

from ..models import Item


class ScopedAgencyFilter(admin.RelatedFieldListFilter):
    """发布机构: only the agencies the staff member works for (not every agency of the province)."""

    def field_choices(self, field, request, model_admin):
        return list(staff_agencies(request).order_by("tree_id", "lft").values_list("pk", "name"))


class TimelinessFilter(admin.SimpleListFilter):
    """条例第二十六条: published within its directory's limit (default 20 working days of
    成文日期, catalog/timeliness.py), or late and by how many days (in that limit's unit)."""

    title = "发布时效"
    parameter_name = "timeliness"

    def lookups(self, request, model_admin):
        return [
            ("ontime", "按期发布（目录时限内，默认20个工作日）"),
            ("late", "逾期发布"),
            ("late10", "逾期超过10天"),
            ("late20", "逾期超过20天"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "ontime":
            return queryset.filter(days_late=0)
        if value == "late":
            return queryset.filter(days_late__gt=0)
        if value == "late10":
            return queryset.filter(days_late__gt=10)
        if value == "late20":
            return queryset.filter(days_late__gt=20)
        return queryset


class PublicationYearFilter(admin.SimpleListFilter):
    title = "发布年份"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(year), f"{year}年") for year in range(this_year, this_year - 6, -1)]

    def queryset(self, request, queryset):
        value = self.value()
        if not (value and value.isdigit() and 2000 <= int(value) <= 2100):
            return queryset
        year = int(value)
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
        return queryset.filter(published_at__gte=start, published_at__lt=end)


class StatusFilter(admin.SimpleListFilter):
    """状态, with 待审核 first: it is what reviewers come for."""

    title = "状态"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        order = [
            Item.Status.PENDING,
            Item.Status.RETURNED,
            Item.Status.DRAFT,
            Item.Status.PUBLISHED,
            Item.Status.WITHDRAWN,
        ]
        return [(status.value, status.label) for status in order]

    def queryset(self, request, queryset):
        if self.value() in Item.Status.values:
            return queryset.filter(status=self.value())
        return queryset
