"""The hottest public fragments (list rows, search results, the filter form) rendered with Jinja2.

A page of 20 rows cost the Django template language ~6 ms at 1,000,000 items (every
`{{ }}` is a context lookup through several dicts, every filter a call with its own
escaping); Jinja2 compiles the template to Python once and renders the same rows in
well under a millisecond (docs/performance.md §6). The output is the same as the
Django templates': values are escaped by Django's `escape` (its `&#x27;` and `&quot;`,
not markupsafe's), Django's safe strings (highlighted titles) are left alone, and
dates go through Django's `date` filter in the current time zone.

The templates are in templates/jinja2/; the tags in `catalog.templatetags.fragments`
let the Django templates include them.
"""

import functools
import unicodedata

from django.conf import settings
from django.template.defaultfilters import truncatechars
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup


def _escaped(value):
    """Django's escaping of one `{{ value }}` (markupsafe would write &#39; and &#34;)."""
    if hasattr(value, "__html__"):  # Django's SafeString and Jinja's Markup
        return value
    return escape(value)


# The two formats of every row, written directly: what Django's `dateformat` writes for
# them ("c": isoformat; "Y-m-d": zero-padded), without its per-call format lookups.
_FAST_FORMATS = {
    "c": lambda moment: moment.isoformat(),
    "Y-m-d": lambda moment: f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}",
}


def _date(value, format_string):
    """Django's `date` filter, as the Django templates apply it (in the current time zone)."""
    if value in (None, ""):
        return ""
    moment = template_localtime(value)
    fast = _FAST_FORMATS.get(format_string)
    return fast(moment) if fast else formats.date_format(moment, format_string)


@functools.cache
def _item_url_pattern(script_prefix, urlconf):
    marker = 987654321
    return reverse("catalog:item", args=[marker]).replace(str(marker), "{}")


def item_url(pk):
    """`Item.get_absolute_url()` without resolving the URL again for every row."""
    return _item_url_pattern(get_script_prefix(), get_urlconf()).format(pk)


def _truncatechars(value, length):
    """Django's `truncatechars`, whose Truncator (NFC normalising, a loop over every character)
    was a quarter of a list's rows: a text already in NFC and no longer than `length` is what
    it returns unchanged, and most summaries are that."""
    if isinstance(value, str) and len(value) <= length and unicodedata.is_normalized("NFC", value):
        return value
    return truncatechars(value, length)


def _default(value, fallback):
    """Django's `default` filter: the fallback for any false value (Jinja's is for undefined)."""
    return value or fallback


_environment = Environment(
    loader=FileSystemLoader(settings.BASE_DIR / "templates" / "jinja2"),
    autoescape=select_autoescape(default=True),
    finalize=_escaped,
    auto_reload=settings.DEBUG,
    keep_trailing_newline=True,
)
_environment.globals["item_url"] = item_url
_environment.filters.update({"date": _date, "default": _default, "truncatechars": _truncatechars})


def render(name, **context):
    """The fragment as markup (safe in Django templates): the template escaped every value."""
    # Autoescaped by the environment (and `_escaped`): only the template's own markup is raw.
    return Markup(_environment.get_template(name).render(context))  # noqa: S704


def _field(bound):
    """A filter form field as the template shows it; the widget as Django renders it."""
    return {
        "name": bound.name,
        "label": bound.label,
        "id": bound.id_for_label,
        "widget": str(bound),  # Django's safe string: its widget escaped every value
        # Django's `{{ field.errors|join:"；" }}`: each message escaped.
        "errors": mark_safe("；".join(conditional_escape(error) for error in bound.errors)),  # noqa: S308
    }


def filter_form_context(form, page_form, action, submit_label):
    """The context of includes/filter_form.html: the filters (`form`), then the sort order.

    The Django template it replaces looked up each field's label, id, widget and errors
    through the context, and the keyword box went through three widget templates; here
    each is read once (with PlainTextInput: the form 1.1 -> 0.7 ms, measured in-process).
    """
    errors = [each.non_field_errors() for each in (form, page_form)]
    return {
        "action": action,
        "submit_label": submit_label,
        # Rendered only when there are some: an empty ErrorList still renders its template.
        "non_field_errors": mark_safe("".join(str(each) for each in errors if each)),  # noqa: S308
        "fields": [_field(bound) for bound in form],
        "sort": _field(page_form["sort"]),
        "paging_error": any(page_form.errors.get(name) for name in ("after", "before", "page")),
        "agency_list_url": reverse("catalog:agency_list"),
    }
