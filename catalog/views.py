"""Public pages of the catalog. Every query starts from `Item.objects.public()`."""

import nh3
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from mptt.templatetags.mptt_tags import cache_tree_children

from organisation import review_bodies
from organisation.models import Agency

from . import caching, counts, navigation
from .caching import public_page
from .filters import ItemFilter, PageForm
from .keyset import paginate
from .models import Attachment, Channel, Item
from .publicity import shows_content

GUIDE_DIRECTORY = navigation.GUIDE_DIRECTORY
RULES_DIRECTORY = "政府信息公开制度"
COUNT_CAP = 1000


def _latest(queryset, size=10):
    return navigation.with_agencies(
        queryset.defer("body", "search_vector").order_by("-published_at", "-id")[:size]
    )


def list_url(**params):
    """The catalog list URL for the given filters (empty ones left out)."""
    query = urlencode({key: value for key, value in params.items() if value})
    return reverse("catalog:list") + (f"?{query}" if query else "")


def _tree(agency=None):
    township = agency is None or agency.kind == Agency.Kind.TOWNSHIP
    return navigation.directory_tree(counts.directory_counts(agency and agency.pk), township)


@public_page
def home(request):
    top = Agency.objects.filter(level__lte=1).order_by("tree_id", "lft")
    return render(
        request,
        "catalog/home.html",
        {
            # Called by the template only when its cached fragment is missing.
            "roots": lambda: cache_tree_children(top),
            "latest": _latest(Item.objects.public()),
            "tree": _tree(),
        },
    )


@public_page
def agency_list(request):
    agencies = Agency.objects.order_by("tree_id", "lft")
    return render(
        request,
        "catalog/agency_list.html",
        # Called by the template only when its cached fragment is missing.
        {"roots": lambda: cache_tree_children(agencies), "breadcrumbs": [("机关导航", None)]},
    )


def agency_switch(request):
    """The header's agency switcher, a plain GET form so that it works without JavaScript."""
    code = request.GET.get("code", "")
    if navigation.public_agency(code):
        return redirect("catalog:agency", code=code)
    return redirect("catalog:agency_list")


def _agency_or_404(code):
    agency = navigation.public_agency(code)
    if agency is None:
        raise Http404("没有找到该机关")
    return agency


@public_page
def agency_detail(request, code):
    """An agency's catalog home: its directory tree with counts and its latest items."""
    agency = _agency_or_404(code)
    return render(
        request,
        "catalog/agency_detail.html",
        {
            "agency": agency,
            "ancestors": agency.get_ancestors(),
            "children": agency.get_children(),
            "tree": _tree(agency),
            "latest": _latest(Item.objects.public().filter(agency=agency)),
            "feed_url": reverse("catalog:agency_feed", args=[agency.credit_code]),
        },
    )


@public_page
def agency_guide(request, code):
    """政府信息公开指南 (条例第十二条), generated from the agency's data."""
    agency = _agency_or_404(code)
    guide_directory = navigation.root_directory_named(GUIDE_DIRECTORY)
    documents = []
    if guide_directory:
        documents = _latest(
            Item.objects.public().filter(agency=agency, directory_id=guide_directory), 5
        )
    # The remedy fields are not among the cached agency's: read the agency once more.
    remedies_of = Agency.objects.get(pk=agency.pk)
    return render(
        request,
        "catalog/guide.html",
        {
            "agency": agency,
            "review_body": review_bodies.review_body(remedies_of),
            "court": review_bodies.court(remedies_of),
            "tree": _tree(agency),
            "channels": list(Channel.objects.values_list("name", flat=True)),
            "documents": documents,
            "rules_url": reverse("catalog:agency_rules", args=[agency.credit_code]),
            # 条例第三十一条 as the portal applies it (docs/legal-rules.md §2).
            "online_cutoff": settings.REQUESTS_ONLINE_CUTOFF.strftime("%H:%M"),
            "breadcrumbs": [(agency.name, agency.get_absolute_url()), ("政府信息公开指南", None)],
        },
    )


def agency_rules(request, code):
    """政府信息公开制度: the agency's items in that directory."""
    agency_id = navigation.agency_id_for_code(code)
    directory_id = navigation.root_directory_named(RULES_DIRECTORY)
    if agency_id is None or directory_id is None:
        raise Http404("没有找到该页面")
    return redirect(list_url(agency=code, directory=directory_id))


def bad_request(request, template, context):
    context.update({"page": None, "invalid": True})
    return render(request, template, context, status=400)


def _list_context(filterset):
    """Breadcrumbs, headings, tree and feed links for the chosen agency and directory."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    code, directory = data.get("agency") or "", data.get("directory") or ""
    agency = navigation.public_agency(code) if code else None
    path = navigation.directory_path(int(directory)) if directory else []
    crumbs = [("政府信息公开目录", list_url())]
    if agency:
        crumbs.append((agency.name, agency.get_absolute_url()))
    crumbs += [(name, list_url(agency=code, directory=pk)) for pk, name in path]
    if agency and path:
        feed = reverse("catalog:agency_directory_feed", args=[code, path[-1][0]])
    elif agency:
        feed = reverse("catalog:agency_feed", args=[code])
    elif path:
        feed = reverse("catalog:directory_feed", args=[path[-1][0]])
    else:
        feed = reverse("catalog:latest_feed")
    return {
        "agency": agency,
        "agency_code": code,
        "directory_id": int(directory) if directory else None,
        "heading": path[-1][1] if path else "政府信息公开目录",
        "breadcrumbs": crumbs[:-1] + [(crumbs[-1][0], None)],
        "tree": _tree(agency),
        "feed_url": feed,
    }


def _total(filterset, queryset, tree):
    """How many items the list holds: from the counters when only agency/directory filter it,
    else counted up to COUNT_CAP (an exact count over millions of rows is too slow)."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    if not any(data.get(name) for name in ("q", "year", "genre", "validity")):
        directory = data.get("directory")
        nodes, stack = [], list(tree)
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(node.children)
        if directory:
            return next((n.total for n in nodes if n.id == int(directory)), 0), False
        return sum(node.total for node in tree), False
    # The same filters are asked for again and again (with other cursors, other URL
    # parameters); their count changes only with public content.
    found = caching.remembered(
        "count", sorted(data.items()), lambda: queryset[: COUNT_CAP + 1].count()
    )
    return min(found, COUNT_CAP), found > COUNT_CAP


def page_links(request, page):
    def link(**cursor):
        params = request.GET.copy()
        for name in ("after", "before", "page"):
            params.pop(name, None)
        params.update(cursor)
        return "?" + params.urlencode()

    return {
        "next_url": link(after=page.next_cursor) if page.next_cursor else None,
        "previous_url": link(before=page.previous_cursor) if page.previous_cursor else None,
    }


@public_page
def item_list(request):
    """The catalog list: all agencies or one, a directory with its subtree, filters, by date."""
    filterset = ItemFilter(request.GET or None, queryset=Item.objects.public())
    page_form = PageForm(request.GET or None)
    template = "catalog/item_list.html"
    bound = filterset.is_bound
    if bound and not (filterset.is_valid() & page_form.is_valid()):
        return bad_request(
            request, template, {"filterset": filterset, "page_form": page_form, "tree": _tree()}
        )
    context = _list_context(filterset)
    queryset = filterset.qs.defer("body", "search_vector")
    options = page_form.cleaned_data if bound else {}
    page = paginate(
        queryset,
        newest_first=options.get("sort") != "old",
        after=options.get("after"),
        before=options.get("before"),
    )
    navigation.with_agencies(page.items)
    total, capped = _total(filterset, queryset, context["tree"])
    context.update(
        {
            "filterset": filterset,
            "page_form": page_form,
            "page": page,
            "total": total,
            "capped": capped,
            **page_links(request, page),
        }
    )
    return render(request, template, context)


def _related(item):
    """(policies the item interprets, interpretations of the item), public ones only.

    One small query finds the links both ways; nearly every item has none, and then the
    item's own query has already said so (`linked`, see `item_detail`): no query at all.
    """
    if not getattr(item, "linked", True):
        return [], []
    links = list(
        Item.interprets.through.objects.filter(Q(from_item=item) | Q(to_item=item)).values_list(
            "from_item_id", "to_item_id"
        )
    )
    if not links:
        return [], []
    interprets = {to_id for from_id, to_id in links if from_id == item.pk}
    interpretations = {from_id for from_id, to_id in links if to_id == item.pk}
    # Only titles and links are shown: not the bodies and search vectors.
    related = navigation.with_agencies(
        Item.objects.public()
        .filter(pk__in=interprets | interpretations)
        .defer("body", "search_vector")
    )
    return (
        [each for each in related if each.pk in interprets],
        [each for each in related if each.pk in interpretations],
    )


@public_page
def item_detail(request, pk):
    """One query for nearly every item: the row says (EXISTS) whether it has files or
    links, and only then are they read. Two more ORM queries, nearly always empty, were
    a fifth of the page's time (docs/performance.md §6)."""
    # The agency and directory come from the navigation caches, not joins (see with_agencies).
    outer = OuterRef("pk")
    queryset = Item.objects.public().defer("search_vector")
    queryset = queryset.annotate(
        has_files=Exists(Attachment.objects.filter(item=outer)),
        linked=Exists(
            Item.interprets.through.objects.filter(Q(from_item=outer) | Q(to_item=outer))
        ),
    )
    item = get_object_or_404(queryset, pk=pk)
    navigation.with_agencies([item])
    return render(request, "catalog/item_detail.html", item_page(item, shows_content(item)))


def item_page(item, content):
    """The context of the public item page; `content`: whether the body and files are shown.

    Also the 审核人's preview of an item not yet published (catalog/admin/item_preview.py).
    """
    interprets, interpretations = _related(item)
    path = navigation.directory_path(item.directory_id)
    code = item.agency.credit_code
    crumbs = [(item.agency.name, item.agency.get_absolute_url())]
    crumbs += [(name, list_url(agency=code, directory=pk)) for pk, name in path]
    return {
        "item": item,
        "agency": item.agency,
        "shows_content": content,
        # Sanitised by the staff side on save; cleaned again here, never trusted.
        "body_html": mark_safe(nh3.clean(item.body)) if content else "",  # noqa: S308
        "attachments": (
            list(item.attachments.all()) if content and getattr(item, "has_files", True) else []
        ),
        "interprets": interprets,
        "interpretations": interpretations,
        "breadcrumbs": crumbs + [(item.title, None)],
        "feed_url": reverse("catalog:agency_feed", args=[code]),
        "directory_url": list_url(agency=code, directory=item.directory_id),
        "directory_name": path[-1][1] if path else "",
    }
