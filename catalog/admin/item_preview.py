"""The public page of an item as it will look once published, for the 审核人 before
审核通过并发布 (and for the 信息员 who wrote it): the public template, with a banner.

Who may open it is who may see the item and its files on the staff side (the rule of
catalog/attachment_views.py): staff with the view permission whose agencies include the item's
— its 信息员, 审核人, the 公开办 above it; anyone else gets a 404.
"""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from .. import navigation
from ..attachment_views import staff_may_see
from ..views import item_page


class ItemPreviewViews:
    """Mixed into ItemAdmin."""

    def preview_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="catalog_item_preview",
            ),
        ]

    @staticmethod
    def may_preview(user, item):
        return staff_may_see(user, item)

    def preview_view(self, request, object_id):
        item = self.get_object(request, unquote(object_id))
        if item is None or not self.may_preview(request.user, item):
            raise Http404
        navigation.with_agencies([item])
        # The body and files show as they will once published: 主动公开 items only.
        context = item_page(item, item.mode == item.Mode.PROACTIVE and not item.is_withdrawn)
        context["preview"] = True
        response = render(request, "catalog/item_detail.html", context)
        response["X-Robots-Tag"] = "noindex"
        return response
