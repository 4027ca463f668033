"""The filters of public lists and search, as forms that parse GET input.

A hand-edited URL with an unknown agency, directory, year or genre, an over-long
keyword or a malformed page cursor makes the form invalid: the view answers 400 with
the errors in Chinese, never a 500.
"""

from datetime import UTC, datetime, timedelta

import django_filters
from django import forms
from django.utils import timezone

from . import navigation, search
from .models import Item
from .widgets import CachedOptionsSelect, PlainSelect, PlainTextInput

FIRST_YEAR = 2008  # 条例 in force since 1 May 2008


def year_choices():
    return [
        (str(year), f"{year}年") for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    ]


class KnownChoiceField(django_filters.fields.ChoiceField):
    """A choice field that checks a value against a set, not by walking every choice.

    Django normalises and scans the whole choice list to validate one value: with
    2,000 agencies that was the largest part of a list page (`make bench`).
    """

    def __init__(self, *args, known, **kwargs):
        self.known = known
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return str(value) in self.known()


class KnownChoiceFilter(django_filters.ChoiceFilter):
    field_class = KnownChoiceField


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词", method="filter_keyword", max_length=100, widget=PlainTextInput
    )
    agency = KnownChoiceFilter(
        label="发布机构",
        choices=navigation.agency_neighbourhood,  # replaced per request in __init__
        known=navigation.agency_ids_by_code,
        method="filter_agency",
        empty_label="全部机关",
        widget=PlainSelect(attrs={"aria-describedby": "id_agency-help"}),
    )
    directory = KnownChoiceFilter(
        label="目录",
        choices=navigation.directory_choices,
        known=navigation.directory_keys,
        method="filter_directory",
        empty_label="全部目录",
        widget=CachedOptionsSelect("directories"),
    )
    # PlainSelect: Django's Select renders each option through two templates (~60 on a
    # list page); written directly, the filter form costs a fraction.
    year = django_filters.ChoiceFilter(
        label="发布年份",
        choices=year_choices,
        method="filter_year",
        empty_label="全部年份",
        widget=PlainSelect,
    )
    genre = django_filters.ChoiceFilter(
        label="体裁", choices=Item.Genre.choices, empty_label="全部体裁", widget=PlainSelect
    )
    validity = django_filters.ChoiceFilter(
        label="有效性", choices=Item.Validity.choices, empty_label="全部", widget=PlainSelect
    )

    class Meta:
        model = Item
        fields = ["q", "agency", "directory", "year", "genre", "validity"]

    _form_class = None

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Only the chosen agency's neighbourhood is offered (any known code stays valid).
        agency = self.form.fields["agency"]
        agency.choices = navigation.agency_neighbourhood(self.data.get("agency"))

    def get_form_class(self):
        # django-filter builds a new Form class, with new fields, for every request. Nothing in
        # them is per request (choices are callables; __init__ sets the agency's on the form's
        # own copy): one class serves every request.
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_keyword(self, queryset, name, value):
        return search.matching(queryset, search.query_terms(value))

    def filter_agency(self, queryset, name, value):
        return queryset.filter(agency_id=navigation.agency_id_for_code(value))

    def filter_directory(self, queryset, name, value):
        return queryset.filter(directory_id__in=navigation.subtree_ids(int(value)))

    def filter_year(self, queryset, name, value):
        # A range on the column (not a function of it) so the date indexes apply.
        start = datetime(int(value), 1, 1, tzinfo=timezone.get_current_timezone())
        end = datetime(int(value) + 1, 1, 1, tzinfo=timezone.get_current_timezone())
        return queryset.filter(published_at__gte=start, published_at__lt=end)

    @property
    def terms(self):
        return search.query_terms(self.form.cleaned_data.get("q", ""))


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(item):
    """An item's place in the date order, for keyset pagination: '<µs since epoch>_<id>'."""
    delta = item.published_at - EPOCH
    micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}_{item.pk}"


class CursorField(forms.RegexField):
    def __init__(self, **kwargs):
        super().__init__(r"^\d{1,16}_\d{1,18}$", required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        micros, pk = value.split("_")
        try:
            return EPOCH + timedelta(microseconds=int(micros)), int(pk)
        except OverflowError:
            raise forms.ValidationError("翻页参数无效") from None


class PageForm(forms.Form):
    """Sort order and the keyset cursor of a list or search page."""

    SORTS = [("new", "发布日期从新到旧"), ("old", "发布日期从旧到新")]

    sort = forms.ChoiceField(label="排序", choices=SORTS, required=False, widget=PlainSelect)
    after = CursorField(error_messages={"invalid": "翻页参数无效"})
    before = CursorField(error_messages={"invalid": "翻页参数无效"})

    def clean(self):
        data = super().clean()
        if data.get("after") and data.get("before"):
            raise forms.ValidationError("翻页参数无效")
        return data


class SearchPageForm(PageForm):
    SORTS = [*PageForm.SORTS, ("relevance", "相关度")]

    sort = forms.ChoiceField(label="排序", choices=SORTS, required=False, widget=PlainSelect)
    page = forms.IntegerField(min_value=1, max_value=search.RANK_WINDOW // 20, required=False)
