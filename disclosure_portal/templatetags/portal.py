"""`{% switcher_options %}`: the options of the header's agency switcher, on every page."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def switcher_options(context):
    """The same markup the template's loop wrote (~100 options at 2,000 agencies), built
    with one escape per name: the loop, with its `if` per option, was ~1.5 ms of every
    public page (docs/performance.md §6). The page's agency, if any, is selected."""
    agency = context.get("agency")
    chosen = agency.credit_code if agency else None
    pieces = []
    for code, name, level in context["switcher_agencies"]:
        selected = " selected" if code == chosen else ""
        indent = "　" if level else ""
        pieces.append(
            f'\n            <option value="{escape(code)}"{selected}>{indent}{escape(name)}</option>\n          '
        )
    return mark_safe("".join(pieces))  # noqa: S308 -- codes and names escaped above
