"""<select>s for long choice lists (every agency, every directory), and the keyword box.

Django renders each <option> through a template: with 2,000 agencies that was most of
a list or search page's time, and of the staff worklist's (measured with `make
bench`). `PlainSelect` writes the options directly; `CachedOptionsSelect`, for lists
that are the same for every visitor until public content changes, renders them once
per public version and caches them; a request only marks the chosen one.
`PlainTextInput` writes the filter form's text box directly too.
"""

from html import escape

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .publicity import public_version

TTL = 300  # as catalog.navigation: agencies and directories added appear within minutes


class PlainSelect(forms.Select):
    """A single <select> without optgroups, its options written without templates."""

    def options_html(self):
        # What format_html_join would write (Django's escape is html.escape of the text), without
        # its per-call wrappers: a fifth of the cost for 2,000 agencies.
        return mark_safe(  # noqa: S308 -- every value and label is escaped here
            "".join(
                f'<option value="{escape(str(v))}">{escape(str(label))}</option>'
                for v, label in self.choices
            )
        )

    def render(self, name, value, attrs=None, renderer=None):
        # The chosen value is marked by replacing its (escaped) opening tag.
        options = self.options_html()
        chosen = self.format_value(value)
        if chosen and chosen[0]:
            option = format_html('<option value="{}">', chosen[0])
            options = options.replace(option, option[:-1] + " selected>", 1)
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 -- every value and label is escaped above
            format_html('<select name="{}"{}>', name, flatatt(final_attrs)) + options + "</select>"
        )


class PlainTextInput(forms.TextInput):
    """A text <input>, written as Django's input.html and attrs.html write it, without the
    three templates Django renders it through (the keyword box of every list and search)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = f' value="{escape(str(value))}"' if value is not None else ""
        # In attrs.html's order (flatatt would sort them).
        written = "".join(
            f" {escape(str(key))}" if each is True else f' {escape(str(key))}="{escape(str(each))}"'
            for key, each in self.build_attrs(self.attrs, attrs).items()
            if each is not False
        )
        return mark_safe(  # noqa: S308 -- every name and value is escaped here
            f'<input type="{escape(self.input_type)}" name="{escape(name)}"{shown}{written}>'
        )


class CachedOptionsSelect(PlainSelect):
    def __init__(self, cache_name, attrs=None):
        super().__init__(attrs)
        self.cache_name = cache_name

    def options_html(self):
        key = f"catalog:options:{self.cache_name}:{public_version()}"
        html = cache.get(key)
        if html is None:
            html = str(super().options_html())
            cache.set(key, html, TTL)
        return html


class ItemBodyEditor(forms.Textarea):
    """The 正文 box of the item admin as a rich-text editor (django-prose-editor, self-hosted):
    paragraphs, headings, lists, tables, links, and text pasted from Word/WPS. Without script
    it stays a plain box, whose lines become paragraphs on save (sanitise.clean_body)."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 16, "cols": 80, "data-item-editor": "正文", **(attrs or {})})

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
            ]
        }
        js = [forms.Script("js/item-editor.js", type="module")]
