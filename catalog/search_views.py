"""/search/: keyword search over the public catalog, filterable like the lists.

The counting, the date windows and the ranking are in `catalog.search`; this view picks the
plan from the capped count and renders the page.
"""

from django.shortcuts import render

from . import navigation, search
from .caching import public_page
from .filters import ItemFilter, SearchPageForm
from .keyset import PAGE_SIZE, Page
from .models import Item
from .publicity import shows_content
from .tokens import highlight, match_spans, plain_text, snippet
from .views import COUNT_CAP, bad_request, page_links

MAX_RANKED_PAGES = search.RANK_WINDOW // PAGE_SIZE


def _search_results(items, terms):
    results = []
    for item in items:
        text = item.summary
        if shows_content(item) and not match_spans(text, terms):
            text = plain_text(item.body) or text
        results.append(
            {
                "item": item,
                "title": highlight(item.title, terms),
                "snippet": snippet(text, terms) if text else "",
            }
        )
    return results


def _without_keyword(filterset):
    """The public items the search's other filters (agency, directory, year…) leave."""
    queryset = Item.objects.public()
    for name, value in filterset.form.cleaned_data.items():
        if name != "q" and value not in (None, ""):
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


@public_page
def search_page(request):
    """/search/: keyword search, filterable like the lists, by date or (asked for) relevance."""
    filterset = ItemFilter(request.GET or None, queryset=Item.objects.public())
    page_form = SearchPageForm(request.GET or None)
    template = "catalog/search.html"
    context = {"filterset": filterset, "page_form": page_form, "query": request.GET.get("q", "")}
    if filterset.is_bound and not (filterset.is_valid() & page_form.is_valid()):
        return bad_request(request, template, context)
    terms = filterset.terms if filterset.is_bound else []
    context.update({"terms": terms, "breadcrumbs": [("搜索", None)]})
    if not terms:
        return render(request, template, context)
    queryset = filterset.qs.defer("search_vector")
    options = page_form.cleaned_data
    relevance = options.get("sort") == "relevance"
    number = options.get("page") or 1

    def find():
        # Counted first (capped, from whichever index suits): how many hits decides the plan.
        found = queryset[: COUNT_CAP + 1].count()
        many = found > COUNT_CAP
        unkeyed = _without_keyword(filterset).defer("search_vector")
        if relevance:
            start = (number - 1) * PAGE_SIZE
            ranked = search.ranked(queryset, terms, many, unkeyed)
            rows = list(ranked.defer("search_vector")[start : start + PAGE_SIZE + 1])
            return found, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
        page = search.date_page(
            unkeyed,
            queryset,
            many=many,
            newest_first=options.get("sort") != "old",
            after=options.get("after"),
            before=options.get("before"),
            terms=terms,
        )
        return found, page.items, (page.next_cursor, page.previous_cursor)

    meaning = (terms, sorted(filterset.form.cleaned_data.items()), sorted(options.items()))
    found, items, more = search.remembered(
        meaning, find, Item.objects.public().defer("search_vector")
    )
    if relevance:
        links = _offset_links(request, number, more)
    else:
        links = page_links(request, Page(items, *more))
    navigation.with_agencies(items)
    context.update(
        {
            "results": _search_results(items, terms),
            "total": min(found, COUNT_CAP),
            "capped": found > COUNT_CAP,
            "filtered": any(
                filterset.form.cleaned_data.get(name)
                for name in ("agency", "directory", "year", "genre", "validity")
            ),
            **links,
        }
    )
    return render(request, template, context)


def _offset_links(request, number, has_next):
    def link(page_number):
        params = request.GET.copy()
        for name in ("after", "before"):
            params.pop(name, None)
        params["page"] = page_number
        return "?" + params.urlencode()

    return {
        "next_url": link(number + 1) if has_next and number < MAX_RANKED_PAGES else None,
        "previous_url": link(number - 1) if number > 1 else None,
    }
