"""What the API shows of agencies, directories, items and reports: public fields only.

Nothing here reads a person: no staff names, no applicants, no review comments. Agencies
come from the navigation cache (catalog/navigation.py), as on the public pages.
"""

import functools

import nh3
from django.urls import get_script_prefix, get_urlconf, reverse
from rest_framework import serializers

from catalog import navigation
from catalog.fragments import item_url
from catalog.models import Item
from catalog.publicity import shows_content


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="取值代码")
    label = serializers.CharField(help_text="中文名称")


def choice(value, choices):
    """`value` of the Django choices class `choices`, with its Chinese label."""
    if not value:
        return None
    return {"code": value, "label": str(_labels(choices).get(value, value))}


@functools.cache
def _labels(choices):
    return dict(choices.choices)


@functools.cache
def _api_item_url_pattern(script_prefix, urlconf):
    marker = 987654321
    return reverse("opendata:item", args=[marker]).replace(str(marker), "{}")


def api_item_url(pk):
    """reverse("opendata:item", args=[pk]) without resolving the URL again for every row
    (as `catalog.fragments.item_url`: 50 rows a page, two URLs a row)."""
    return _api_item_url_pattern(get_script_prefix(), get_urlconf()).format(pk)


class AgencySerializer(serializers.Serializer):
    credit_code = serializers.CharField(help_text="统一社会信用代码")
    name = serializers.CharField(help_text="机关名称")
    kind = ChoiceSerializer(help_text="机关类型")
    parent = serializers.CharField(allow_null=True, help_text="上级机关的统一社会信用代码")
    level = serializers.IntegerField(help_text="在机关树中的层级（0 为最上级）")
    address = serializers.CharField(help_text="办公地址")
    postcode = serializers.CharField(help_text="邮政编码")
    office_hours = serializers.CharField(help_text="办公时间")
    phone = serializers.CharField(help_text="联系电话")
    fax = serializers.CharField(help_text="传真")
    email = serializers.CharField(help_text="电子邮箱")
    url = serializers.URLField(help_text="机关的公开页面")
    items_url = serializers.URLField(help_text="该机关政府信息的接口地址")
    statistics_url = serializers.URLField(help_text="该机关的公开统计页面")

    def to_representation(self, agency):
        request = self.context.get("request")
        codes = self.context["codes"]
        return {
            "credit_code": agency.credit_code,
            "name": agency.name,
            "kind": choice(agency.kind, agency.Kind),
            "parent": codes.get(agency.parent_id),
            "level": agency.level,
            "address": agency.address,
            "postcode": agency.postcode,
            "office_hours": agency.office_hours,
            "phone": agency.phone,
            "fax": agency.fax,
            "email": agency.email,
            "url": _absolute(request, agency.get_absolute_url()),
            "statistics_url": _absolute(
                request, reverse("opendata:statistics_agency", args=[agency.credit_code])
            ),
            "items_url": _absolute(
                request, reverse("opendata:items") + f"?agency={agency.credit_code}"
            ),
        }


class DirectorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="目录名称")
    parent = serializers.IntegerField(allow_null=True, help_text="上级目录的 id")
    level = serializers.IntegerField(help_text="层级（0 为一级目录）")
    township_only = serializers.BooleanField(help_text="是否只用于乡镇街道")

    def to_representation(self, row):
        pk, name, parent, level, township_only = row
        return {
            "id": pk,
            "name": name,
            "parent": parent,
            "level": level,
            "township_only": township_only,
        }


class PathSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ItemAgencySerializer(serializers.Serializer):
    credit_code = serializers.CharField()
    name = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="文件名")
    url = serializers.URLField(help_text="下载地址")
    content_type = serializers.CharField(help_text="文件类型")
    size = serializers.IntegerField(help_text="大小（字节）")


class ItemSerializer(serializers.Serializer):
    """An item's public catalogue entry (the body only in the detail: see ItemDetailSerializer)."""

    id = serializers.IntegerField()
    index_number = serializers.CharField(allow_null=True, help_text="索引号")
    title = serializers.CharField(help_text="名称")
    document_number = serializers.CharField(help_text="文号")
    agency = ItemAgencySerializer(help_text="发布机构")
    directory = PathSerializer(many=True, help_text="目录路径，从一级目录到所在目录")
    genre = ChoiceSerializer(help_text="体裁")
    subject = serializers.CharField(help_text="主题分类")
    keywords = serializers.CharField(help_text="主题词")
    summary = serializers.CharField(help_text="内容概述")
    mode = ChoiceSerializer(help_text="公开方式")
    validity = ChoiceSerializer(allow_null=True, help_text="有效性")
    written_on = serializers.DateField(help_text="成文日期")
    published_at = serializers.DateTimeField(help_text="发布日期")
    corrected_at = serializers.DateTimeField(allow_null=True, help_text="更正日期")
    effective_on = serializers.DateField(allow_null=True, help_text="施行日期")
    invalid_on = serializers.DateField(allow_null=True, help_text="废止或失效日期")
    withdrawn = serializers.BooleanField(help_text="是否已撤回（撤回的信息保留目录条目）")
    withdrawn_at = serializers.DateTimeField(allow_null=True, help_text="撤回日期")
    updated_at = serializers.DateTimeField(help_text="最后修改时间")
    attachments = AttachmentSerializer(many=True, help_text="附件（只有公开正文的信息才有）")
    url = serializers.URLField(help_text="信息的公开页面")
    api_url = serializers.URLField(help_text="本条信息的接口地址")

    def to_representation(self, item):
        request = self.context.get("request")
        content = shows_content(item)
        agency = item.agency
        return {
            "id": item.pk,
            "index_number": item.index_number,
            "title": item.title,
            "document_number": item.document_number,
            "agency": {"credit_code": agency.credit_code, "name": agency.name},
            "directory": [
                {"id": pk, "name": name}
                for pk, name in navigation.directory_path(item.directory_id)
            ],
            "genre": choice(item.genre, Item.Genre),
            "subject": item.subject,
            "keywords": item.keywords,
            "summary": item.summary,
            "mode": choice(item.mode, Item.Mode),
            "validity": choice(item.validity, Item.Validity),
            "written_on": item.written_on.isoformat(),
            "published_at": item.published_at.isoformat(),
            "corrected_at": item.corrected_at and item.corrected_at.isoformat(),
            "effective_on": item.effective_on and item.effective_on.isoformat(),
            "invalid_on": item.invalid_on and item.invalid_on.isoformat(),
            "withdrawn": item.is_withdrawn,
            "withdrawn_at": item.withdrawn_at and item.withdrawn_at.isoformat(),
            "updated_at": item.updated_at.isoformat(),
            "attachments": [
                {
                    "name": each.download_name,
                    "url": _absolute(
                        request, reverse("catalog:attachment_file", args=[each.file.name])
                    ),
                    "content_type": each.content_type,
                    "size": each.size,
                }
                for each in (self._attachments(item) if content else [])
            ],
            "url": _absolute(request, item_url(item.pk)),
            "api_url": _absolute(request, api_item_url(item.pk)),
        }

    def _attachments(self, item):
        """A list's attachments come in the context (opendata.views.attachments), by item."""
        by_item = self.context.get("attachments")
        return item.attachments.all() if by_item is None else by_item.get(item.pk, [])


class ItemDetailSerializer(ItemSerializer):
    body_html = serializers.CharField(
        help_text="正文（已清理的 HTML；依申请公开、不予公开和已撤回的信息为空）"
    )

    def to_representation(self, item):
        data = super().to_representation(item)
        # Sanitised on save; cleaned again here, as on the item page, never trusted.
        data["body_html"] = nh3.clean(item.body) if shows_content(item) else ""
        return data
