"""The list and search filter form (Jinja2, catalog.fragments) writes exactly what the Django
template it replaced wrote: the same labels, ids, aria attributes, selected options, errors
and escaping, for valid and hostile input alike."""

import pytest
from django.forms import TextInput
from django.template import Context, Template
from django.urls import reverse

from catalog.filters import ItemFilter, PageForm, SearchPageForm
from catalog.models import Item
from catalog.templatetags.fragments import filter_form
from catalog.widgets import PlainTextInput
from tests.public_catalog import directory, make_item

pytestmark = pytest.mark.django_db

# templates/includes/filter_form.html as it was (Django's template language): the reference.
REFERENCE = """{% comment %}The list/search filters: a GET form that works without JavaScript. `action` is the page's URL.
The agency select offers only the chosen agency's neighbourhood; the link reaches every agency.{% endcomment %}
<form class="filters" method="get" action="{{ action }}" aria-label="筛选">
  {% if filterset.form.non_field_errors or page_form.non_field_errors %}
    <div class="form-errors" role="alert">{{ filterset.form.non_field_errors }}{{ page_form.non_field_errors }}</div>
  {% endif %}
  {% for field in filterset.form %}
    <div class="field{% if field.errors %} field-error{% endif %}">
      <label for="{{ field.id_for_label }}">{{ field.label }}</label>
      {{ field }}
      {% if field.name == "agency" %}<p class="helptext" id="id_agency-help">筛选后可再选下级机关，<a href="{% url 'catalog:agency_list' %}">查找全部机关</a></p>{% endif %}
      {% if field.errors %}<p class="error" id="{{ field.id_for_label }}-error" role="alert">{{ field.errors|join:"；" }}</p>{% endif %}
    </div>
  {% endfor %}
  {% with field=page_form.sort %}
    <div class="field{% if field.errors %} field-error{% endif %}">
      <label for="{{ field.id_for_label }}">{{ field.label }}</label>
      {{ field }}
      {% if field.errors %}<p class="error" role="alert">{{ field.errors|join:"；" }}</p>{% endif %}
    </div>
  {% endwith %}
  {% if page_form.after.errors or page_form.before.errors or page_form.page.errors %}<p class="error" role="alert">翻页参数无效，请从第一页开始浏览。</p>{% endif %}
  <div class="actions"><button type="submit">{{ submit_label|default:"筛选" }}</button> <a href="{{ action }}">清除条件</a></div>
</form>
"""


def reference(filterset, page_form, action, submit_label=None):
    context = {"filterset": filterset, "page_form": page_form, "action": action}
    if submit_label:
        context["submit_label"] = submit_label
    return Template(REFERENCE).render(Context(context))


QUOTED = """预算 "引号" '单引号' <b>&amp;"""


def cases(agency, budget):
    return [
        {},
        {"q": "预算"},
        {"q": QUOTED, "sort": "old"},
        {"agency": agency.credit_code, "directory": str(budget), "year": "2025"},
        {"genre": Item.Genre.NOTICE, "validity": "valid", "after": "1_1"},
        {"agency": '"><script>x</script>', "directory": '"><script>x', "q": "x" * 101},
        {"year": "1999", "genre": "<i>", "validity": "?", "sort": "price"},
        {"after": "1_1", "before": "1_1"},
        {"before": "abc", "page": "-5"},
        {"q": "a", "page": "9999"},
    ]


@pytest.mark.parametrize("search", [False, True])
def test_the_filter_form_is_written_as_the_django_template_wrote_it(agency_a, search):
    make_item(agency_a, "信息", directory_name="部门预算")
    page_form_class = SearchPageForm if search else PageForm
    action = reverse("catalog:search" if search else "catalog:list")
    label = "搜索" if search else None
    for data in [None, *cases(agency_a, directory("部门预算").pk)]:
        filterset = ItemFilter(data, queryset=Item.objects.all())
        page_form = page_form_class(data)
        if data is not None:
            filterset.is_valid() & page_form.is_valid()
        expected = reference(filterset, page_form, action, label)
        shown = filter_form(filterset, page_form, action, *([label] if label else []))
        assert str(shown) == expected, data


@pytest.mark.parametrize("value", [None, "", "预算", QUOTED, 12])
def test_the_keyword_box_is_written_as_djangos_text_input(value):
    attrs = {"id": "id_q", "aria-invalid": "true", "required": True, "disabled": False}
    for widget_attrs in ({}, {"maxlength": "100"}):
        plain = PlainTextInput(widget_attrs).render("q", value, attrs)
        assert plain == TextInput(widget_attrs).render("q", value, attrs)


def test_list_and_search_pages_show_the_filter_form(client, agency_a):
    make_item(agency_a, "信息")
    html = client.get(reverse("catalog:list"), {"agency": agency_a.credit_code}).text
    assert '<label for="id_q">关键词</label>' in html
    assert 'aria-describedby="id_agency-help"' in html
    assert f'<option value="{agency_a.credit_code}" selected>' in html
    html = client.get(reverse("catalog:search"), {"q": QUOTED}).text
    assert '<button type="submit">搜索</button>' in html
    assert 'value="预算 &quot;引号&quot; &#x27;单引号&#x27; &lt;b&gt;&amp;amp;"' in html
    bad = client.get(reverse("catalog:list"), {"year": "1999"})
    assert bad.status_code == 400
    assert '<div class="field field-error">' in bad.text and 'id="id_year-error"' in bad.text


def test_requests_share_the_filter_form_class_but_not_their_agency_choices(agency_a, agency_b):
    first = ItemFilter({"agency": agency_a.credit_code}, queryset=Item.objects.all())
    second = ItemFilter({}, queryset=Item.objects.all())
    assert type(first.form) is type(second.form)
    assert first.form.fields["agency"].choices != second.form.fields["agency"].choices
    assert ItemFilter(None).form.fields["agency"].choices == second.form.fields["agency"].choices
