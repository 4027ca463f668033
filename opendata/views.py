"""/api/v1/: the public catalog and the published annual reports as read-only JSON.

Every item query starts from `Item.objects.public()` (the catalog's one public rule) and is
filtered by the public lists' own `ItemFilter` and searched by `catalog.search`, so the API
shows exactly what the public pages show. Lists are keyset-paginated on (发布日期, id) like
the public lists (`catalog.keyset`): follow `next` to the end, stable under new publications.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import navigation, search
from catalog.filters import ItemFilter, PageForm
from catalog.keyset import paginate
from catalog.models import Attachment, Item
from catalog.publicity import shows_content
from reports.build import data_from_snapshot
from reports.models import AnnualReport, ReportRevision

from . import reports_data
from .forms import PAGE_SIZE, ItemQueryForm, subtree_agency_ids
from .serializers import (
    AgencySerializer,
    DirectorySerializer,
    ItemDetailSerializer,
    ItemSerializer,
)

COUNT_CAP = 1000  # as the public search: an exact count over millions of rows is too slow


class BadRequest(Exception):
    def __init__(self, errors):
        self.errors = errors


def _errors(*forms):
    errors = {}
    for form in forms:
        for name, messages in form.errors.items():
            errors.setdefault("non_field_errors" if name == "__all__" else name, []).extend(
                str(message) for message in messages
            )
    return errors


class PublicAPIView(APIView):
    """Anonymous, read-only, JSON only."""

    authentication_classes = []
    permission_classes = []
    http_method_names = ["get", "head", "options"]

    def handle_exception(self, exc):
        if isinstance(exc, BadRequest):
            return Response({"detail": "查询参数无效", "errors": exc.errors}, status=400)
        if isinstance(exc, Http404):
            return Response({"detail": str(exc) or "没有找到"}, status=404)
        return super().handle_exception(exc)


def page_envelope(name, results):
    return inline_serializer(
        name=name,
        fields={
            "next": serializers.URLField(
                allow_null=True, help_text="下一页的地址；最后一页为 null"
            ),
            "previous": serializers.URLField(allow_null=True, help_text="上一页的地址"),
            "results": results,
        },
    )


AGENCY_CODE = OpenApiParameter("agency", str, description="机关的统一社会信用代码")
ITEM_PARAMETERS = [
    OpenApiParameter("agency", str, description="发布机构的统一社会信用代码"),
    OpenApiParameter("subtree", bool, description="为 true 时包括该机关的全部下级机关"),
    OpenApiParameter("directory", int, description="目录 id（包括其下级目录）"),
    OpenApiParameter("year", int, description="发布年份"),
    OpenApiParameter("genre", str, enum=Item.Genre.values, description="体裁"),
    OpenApiParameter("validity", str, enum=Item.Validity.values, description="有效性"),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="只列出此后修改过的信息（日期或 ISO 8601 时间）",
    ),
    OpenApiParameter("q", str, description="关键词，与公开检索相同（按发布日期排序）"),
    OpenApiParameter(
        "sort", str, enum=["new", "old"], description="new：从新到旧（默认）；old：从旧到新"
    ),
    OpenApiParameter("limit", int, description=f"每页条数，默认 {PAGE_SIZE}，最多 100"),
    OpenApiParameter("after", str, description="翻页参数：请直接使用响应中的 next"),
    OpenApiParameter("before", str, description="翻页参数：请直接使用响应中的 previous"),
]


class AgencyList(PublicAPIView):
    @extend_schema(
        operation_id="agencies_list",
        summary="机关列表",
        description="全部机关，按机关树的顺序（上级在前）；每个机关的 parent 给出上级机关。",
        responses=AgencySerializer(many=True),
        tags=["机关与目录"],
    )
    def get(self, request):
        agencies = navigation.public_agencies()
        codes = {pk: each.credit_code for pk, each in agencies.items()}
        context = {"request": request, "codes": codes}
        return Response(AgencySerializer(agencies.values(), many=True, context=context).data)


class AgencyDetail(PublicAPIView):
    @extend_schema(
        operation_id="agency_retrieve",
        summary="一个机关",
        responses=AgencySerializer,
        tags=["机关与目录"],
    )
    def get(self, request, code):
        agency = navigation.public_agency(code)
        if agency is None:
            raise Http404("没有找到该机关")
        codes = {pk: each.credit_code for pk, each in navigation.public_agencies().items()}
        return Response(AgencySerializer(agency, context={"request": request, "codes": codes}).data)


class DirectoryList(PublicAPIView):
    @extend_schema(
        operation_id="directories_list",
        summary="目录树",
        description="政府信息公开目录的全部目录，按树的顺序；parent 给出上级目录。",
        responses=DirectorySerializer(many=True),
        tags=["机关与目录"],
    )
    def get(self, request):
        return Response(DirectorySerializer(navigation.directory_rows(), many=True).data)


def _filtered(request):
    """(the public items the query selects, the same without its keyword, the search terms,
    the page options). Invalid input raises BadRequest with Chinese messages."""
    query = ItemQueryForm(request.GET)
    page_form = PageForm(request.GET)
    data = request.GET.copy()
    if query.is_valid() and query.cleaned_data["subtree"]:
        data.pop("agency", None)  # filtered below over the whole subtree
    filterset = ItemFilter(data, queryset=Item.objects.public())
    valid = filterset.is_valid() & query.is_valid() & page_form.is_valid()
    if not valid:
        raise BadRequest(_errors(filterset.form, query, page_form))
    extra = query.cleaned_data
    unkeyed = Item.objects.public()
    for name, value in filterset.form.cleaned_data.items():
        if name != "q" and value not in (None, ""):
            unkeyed = filterset.filters[name].filter(unkeyed, value)
    code = request.GET.get("agency", "")
    if extra["subtree"] and code:
        if navigation.agency_id_for_code(code) is None:
            raise BadRequest({"agency": ["没有这个机关"]})
        unkeyed = unkeyed.filter(agency_id__in=subtree_agency_ids(code))
    if extra["updated_since"]:
        unkeyed = unkeyed.filter(updated_at__gte=extra["updated_since"])
    terms = filterset.terms
    keyed = search.matching(unkeyed, terms)
    return unkeyed, keyed, terms, {**page_form.cleaned_data, "limit": extra["limit"] or PAGE_SIZE}


def _link(request, **cursor):
    params = request.GET.copy()
    for name in ("after", "before"):
        params.pop(name, None)
    params.update(cursor)
    return request.build_absolute_uri(request.path + "?" + params.urlencode())


def attachments(items):
    """{item id: [its attachments]} of the items whose files the public sees, in one query.

    Not prefetch_related("attachments"): it builds a queryset for every item (~2 ms a page of 50).
    """
    shown = [item.pk for item in items if shows_content(item)]
    by_item = {}
    for attachment in Attachment.objects.filter(item_id__in=shown) if shown else ():
        by_item.setdefault(attachment.item_id, []).append(attachment)
    return by_item


class ItemList(PublicAPIView):
    @extend_schema(
        operation_id="items_list",
        summary="政府信息列表",
        description=(
            "公开的政府信息（已发布和已撤回的），可按公开目录页面的条件筛选和检索，按发布日期排序，"
            "每页最多 100 条。翻页用键集分页：沿着 next 一直取到它为 null，即取完全部结果；"
            "翻页期间新发布的信息不会造成重复或遗漏。列表不含正文，正文见单条信息的接口。"
        ),
        parameters=ITEM_PARAMETERS,
        responses=page_envelope("ItemPage", ItemSerializer(many=True)),
        tags=["政府信息"],
    )
    def get(self, request):
        unkeyed, keyed, terms, options = _filtered(request)
        order = {
            "newest_first": options.get("sort") != "old",
            "after": options.get("after"),
            "before": options.get("before"),
        }
        size = options["limit"]
        keyed = keyed.defer("body", "search_vector")
        if terms:
            # Shaped as `keyed`: a page may come from it (catalog.search._near_candidates).
            unkeyed = unkeyed.defer("body", "search_vector")

            def find():
                many = keyed[: COUNT_CAP + 1].count() > COUNT_CAP
                page = search.date_page(unkeyed, keyed, many=many, size=size, terms=terms, **order)
                return many, page.items, (page.next_cursor, page.previous_cursor)

            # The filters as SQL, so the key holds every one (agency subtree, updated since…)
            # and nothing else of the URL.
            meaning = ("api", terms, str(unkeyed.query), sorted(order.items()), size)
            _many, items, (next_cursor, previous_cursor) = search.remembered(meaning, find, unkeyed)
        else:
            page = paginate(keyed, size=size, **order)
            items, next_cursor, previous_cursor = page.items, page.next_cursor, page.previous_cursor
        items = navigation.with_agencies(items)
        return Response(
            {
                "next": _link(request, after=next_cursor) if next_cursor else None,
                "previous": _link(request, before=previous_cursor) if previous_cursor else None,
                "results": ItemSerializer(
                    items,
                    many=True,
                    context={"request": request, "attachments": attachments(items)},
                ).data,
            }
        )


class ItemDetail(PublicAPIView):
    @extend_schema(
        operation_id="item_retrieve",
        summary="一条政府信息",
        description="目录条目的全部公开字段，以及正文（已清理的 HTML）。",
        responses=ItemDetailSerializer,
        tags=["政府信息"],
    )
    def get(self, request, pk):
        item = Item.objects.public().defer("search_vector").filter(pk=pk).first()
        if item is None:
            raise Http404("没有找到该信息")
        navigation.with_agencies([item])
        response = Response(ItemDetailSerializer(item, context={"request": request}).data)
        response.last_modified = item.updated_at
        return response


class ReportList(PublicAPIView):
    @extend_schema(
        operation_id="reports_list",
        summary="已发布的年度报告",
        description="已发布的政府信息公开工作年度报告，按年度从新到旧；每页 100 份。",
        parameters=[
            AGENCY_CODE,
            OpenApiParameter("year", int, description="年度"),
            OpenApiParameter("page", int, description="页码，从 1 开始"),
        ],
        responses=page_envelope("ReportPage", reports_data.ReportSummarySerializer(many=True)),
        tags=["年度报告"],
    )
    def get(self, request):
        reports = AnnualReport.objects.filter(revisions__isnull=False).distinct()
        code, year, page = (request.GET.get(name, "") for name in ("agency", "year", "page"))
        if code:
            agency_id = navigation.agency_id_for_code(code)
            if agency_id is None:
                raise BadRequest({"agency": ["没有这个机关"]})
            reports = reports.filter(agency_id=agency_id)
        if year:
            if not year.isdigit() or len(year) != 4:
                raise BadRequest({"year": ["年度应为四位数字"]})
            reports = reports.filter(year=int(year))
        if page and (not page.isdigit() or not 0 < int(page) < 10**6):
            raise BadRequest({"page": ["页码应为正整数"]})
        number = int(page or 1)
        size = reports_data.PAGE_SIZE
        start = (number - 1) * size
        rows = list(
            reports.select_related("agency").order_by(
                "-year", "agency__tree_id", "agency__lft", "with_subordinates"
            )[start : start + size + 1]
        )

        def link(to):
            params = request.GET.copy()
            params["page"] = to
            return request.build_absolute_uri(request.path + "?" + params.urlencode())

        return Response(
            {
                "next": link(number + 1) if len(rows) > size else None,
                "previous": link(number - 1) if number > 1 else None,
                "results": reports_data.summaries(rows[:size], request),
            }
        )


class ReportDetail(PublicAPIView):
    @extend_schema(
        operation_id="report_retrieve",
        summary="一份年度报告的数据",
        description=(
            "最新发布版本中第二、三、四部分的数字（与报告页面和 XLSX 相同），以及各行各列的中文名称。"
        ),
        responses=reports_data.ReportDetailSerializer,
        tags=["年度报告"],
    )
    def get(self, request, code, year, subordinates=False):
        revision = (
            ReportRevision.objects.filter(
                report__agency__credit_code=code,
                report__year=year,
                report__with_subordinates=subordinates,
            )
            .select_related("report__agency", "item")
            .order_by("-number")
            .first()
        )
        if revision is None:
            raise Http404("该年度报告尚未发布")
        data = data_from_snapshot(revision.snapshot)
        return Response(reports_data.detail(revision, data, request))


class ReportAllDetail(ReportDetail):
    """The same for a report with subordinates (/all/): its own operation in the document."""

    @extend_schema(
        operation_id="report_all_retrieve",
        summary="一份含下级机关的年度报告的数据",
        responses=reports_data.ReportDetailSerializer,
        tags=["年度报告"],
    )
    def get(self, request, code, year, subordinates=True):
        return super().get(request, code, year, subordinates=True)
