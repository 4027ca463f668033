"""The history of an item, read-only.

django-reversion keeps every saved version with who, when and why. Its admin
can also *revert* to an old version, which would change a published item (or its
status) behind the workflow's back, so here a version can only be looked at.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from reversion.models import Version


def _display(field, value, names):
    if value in (None, ""):
        return "—"
    if field.many_to_many:
        return "、".join(names.get((field.name, pk), str(pk)) for pk in value) or "—"
    if field.is_relation:
        return names.get((field.name, value), str(value))
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def version_rows(model, field_dict):
    """(label, value) for every field stored in a version, related objects by name."""
    fields = [f for f in model._meta.get_fields() if f.concrete and f.name in field_dict]
    names = {}
    for field in fields:
        if not field.is_relation:
            continue
        value = field_dict[field.name]
        pks = list(value) if field.many_to_many else [value]
        related = field.related_model._default_manager.filter(pk__in=[pk for pk in pks if pk])
        names.update({(field.name, obj.pk): str(obj) for obj in related})
    return [
        (field.verbose_name, _display(field, field_dict[field.name], names)) for field in fields
    ]


class VersionViews:
    """Mixed into a VersionAdmin: history entries open read-only; no revert, no recover."""

    object_history_template = "admin/catalog/item/object_history.html"

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("历史版本只能查看，不能恢复。")
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"历史版本：{obj}",
            "opts": self.opts,
            "original": obj,
            "version": version,
            "rows": version_rows(self.model, version.field_dict),
        }
        return TemplateResponse(request, "admin/catalog/item/version.html", context)

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied("已删除的信息不能从后台恢复。")

    def recoverlist_view(self, request, extra_context=None):
        raise PermissionDenied("已删除的信息不能从后台恢复。")
