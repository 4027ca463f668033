"""{% to_catalog obj %}: the request page's part of 依申请公开转主动公开 (requests_app/to_catalog.py)."""

from django import template

from .. import to_catalog

register = template.Library()


@register.inclusion_tag("requests_app/_to_catalog.html", takes_context=True)
def to_catalog_panel(context, obj):
    user = context["request"].user
    return {
        "obj": obj,
        "items": list(to_catalog.items_from(obj).only("pk", "title", "status")),
        "can_draft": to_catalog.disclosed(obj) and to_catalog.may_draft(obj, user),
    }
