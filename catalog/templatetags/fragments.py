"""`{% item_rows %}`, `{% search_results %}` and `{% filter_form %}`: the Jinja2 fragments of
`catalog.fragments`."""

from django import template

from catalog import fragments

register = template.Library()


@register.simple_tag
def item_rows(items, hide_agency=False):
    """Catalogue rows (legal-rules §8); `items` need their agency set (`with_agencies`)."""
    return fragments.render("includes/item_rows.html", items=items, hide_agency=hide_agency)


@register.simple_tag
def search_results(results):
    return fragments.render("includes/search_results.html", results=results)


@register.simple_tag
def filter_form(filterset, page_form, action, submit_label="筛选"):
    """The list and search pages' filters (an ItemFilter) and sort order (a PageForm)."""
    context = fragments.filter_form_context(filterset.form, page_form, action, submit_label)
    return fragments.render("includes/filter_form.html", **context)
