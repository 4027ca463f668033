from django.shortcuts import get_object_or_404, redirect, render
from mptt.templatetags.mptt_tags import cache_tree_children

from .models import Agency, Item


def home(request):
    top = Agency.objects.filter(level__lte=1).order_by("tree_id", "lft")
    return render(request, "catalog/home.html", {"roots": cache_tree_children(top)})


def agency_list(request):
    agencies = Agency.objects.order_by("tree_id", "lft")
    return render(
        request,
        "catalog/agency_list.html",
        {"roots": cache_tree_children(agencies), "breadcrumbs": [("机关导航", None)]},
    )


def agency_switch(request):
    """The header's agency switcher, a plain GET form so that it works without JavaScript."""
    code = request.GET.get("code", "")
    if Agency.objects.filter(credit_code=code).exists():
        return redirect("catalog:agency", code=code)
    return redirect("catalog:agency_list")


def agency_detail(request, code):
    agency = get_object_or_404(Agency, credit_code=code)
    return render(
        request,
        "catalog/agency_detail.html",
        {
            "agency": agency,
            "ancestors": agency.get_ancestors(),
            "children": agency.get_children(),
        },
    )


def item_detail(request, pk):
    item = get_object_or_404(
        Item.objects.select_related("agency", "directory"),
        pk=pk,
        status__in=[Item.Status.PUBLISHED, Item.Status.WITHDRAWN],
    )
    return render(request, "catalog/item_detail.html", {"item": item, "agency": item.agency})
