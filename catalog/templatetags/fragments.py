"""`{% item_rows %}` and `{% search_results %}`: the Jinja2 fragments of `catalog.fragments`."""

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
