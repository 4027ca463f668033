from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog import tokens
from catalog.models import Item
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db


def search(client, **params):
    return client.get(reverse("catalog:search"), params)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“三公”经费", ["三公经费"]),
        ("舒政办〔2025〕12号", ["舒政办202512号"]),
        ("ＰＭ２．５浓度", ["pm2", "5浓度"]),
        ("预算、决算", ["预算", "决算"]),
        ("《政府信息公开条例》", ["政府信息公开条例"]),
        ("", []),
    ],
)
def test_runs_normalise_width_quotes_and_brackets(text, expected):
    assert tokens.runs(text) == expected


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("三公经费", ["三公经费"]),
        ("  三公  经费 ", ["三公", "经费"]),
        ("“三公”经费", ["三公经费"]),
        ("预算 预算", ["预算"]),
        ("' & | ! <-> :*", []),
        ("字" * 100, ["字" * tokens.MAX_TERM_CHARS]),
    ],
)
def test_query_terms(query, terms):
    assert tokens.query_terms(query) == terms


def test_tsquery_is_a_phrase_of_bigrams_per_term_and_a_prefix_for_one_character():
    assert tokens.tsquery(["三公经费", "税"]) == "('三公' <-> '公经' <-> '经费') & ('税':*)"


def test_document_vector_holds_pairs_and_each_run_end():
    assert tokens.document_vector("预算、决算") == "'预算':1 '算':2,4 '决算':3"


def test_highlight_escapes_first_then_marks():
    html = tokens.highlight("<b>“三公”经费</b>", ["三公经费"])
    assert html == "&lt;b&gt;“<mark>三公”经费</mark>&lt;/b&gt;"


def test_search_for_sangong_finds_quoted_titles_bodies_and_keywords(client, agency_a, agency_b):
    in_title = make_item(
        agency_a, "舒城县财政局2025年“三公”经费预算情况说明", directory_name="“三公”经费"
    )
    in_body = make_item(
        agency_b, "2024年部门决算", body="<p>一般公共预算财政拨款“三公”经费支出12.5万元。</p>"
    )
    in_keywords = make_item(agency_b, "关于公务接待的规定", keywords="三公经费 公务接待")
    make_item(agency_a, "三项公开工作经验", body="<p>三公开，经费另行安排</p>")
    response = search(client, q="三公经费")
    assert response.status_code == 200
    html = response.text
    for item in (in_title, in_body, in_keywords):
        assert item.get_absolute_url() in html
    assert "三项公开工作经验" not in html
    assert "<mark>三公”经费</mark>" in html
    assert "找到 3 条结果" in html


def test_search_by_document_number_ignores_bracket_style(client, agency_a):
    item = make_item(agency_a, "关于印发实施方案的通知", document_number="舒政办〔2025〕12号")
    assert item.get_absolute_url() in search(client, q="舒政办[2025]12号").text
    assert item.get_absolute_url() in search(client, q="舒政办 2025").text


def test_search_finds_single_characters_and_full_width_input(client, agency_a):
    item = make_item(agency_a, "PM2.5监测情况通报")
    assert item.get_absolute_url() in search(client, q="ｐｍ２").text
    assert item.get_absolute_url() in search(client, q="测").text  # starts a pair
    assert item.get_absolute_url() in search(client, q="报").text  # ends the run
    assert item.get_absolute_url() not in search(client, q="税").text


def test_unpublished_items_and_hidden_bodies_are_never_found(client, agency_a):
    make_item(agency_a, "草稿里的三公经费", status=Item.Status.DRAFT)
    make_item(agency_a, "待审核的三公经费", status=Item.Status.PENDING)
    on_request = make_item(
        agency_a,
        "依申请公开的会议纪要",
        mode=Item.Mode.ON_REQUEST,
        body="<p>绝密的三公经费明细</p>",
    )
    html = search(client, q="三公经费").text
    assert "草稿里的" not in html and "待审核的" not in html
    assert on_request.get_absolute_url() not in html
    assert "没有找到与“三公经费”相关的公开信息" in html
    assert on_request.get_absolute_url() in search(client, q="会议纪要").text


def test_no_results_page_suggests_what_to_do(client, agency_a):
    make_item(agency_a, "其他信息")
    html = search(client, q="不存在的词语", year="2025").text
    assert "没有找到" in html and "去掉部分筛选条件" in html
    assert reverse("catalog:list") in html and "申请" in html


def test_search_is_filterable_like_lists(client, agency_a, agency_b):
    a = make_item(agency_a, "财政局预算公开")
    b = make_item(agency_b, "教体局预算公开")
    html = search(client, q="预算", agency=agency_b.credit_code).text
    assert b.get_absolute_url() in html and a.get_absolute_url() not in html


def test_relevance_sort_puts_title_hits_first(client, agency_a):
    title_hit = make_item(agency_a, "政府采购意向公开", summary="")
    make_item(agency_a, "新的工作动态", summary="另有政府采购事项")
    html = search(client, q="政府采购", sort="relevance").text
    first = html.index(title_hit.get_absolute_url())
    assert first < html.index("新的工作动态")


@pytest.mark.parametrize("window", [3, 50])
def test_relevance_with_many_old_hits_ranks_the_newest_phrase_hits(
    client, agency_a, monkeypatch, window
):
    """Many hits, all months back: the newest rows holding the bigrams are found month by
    month, only phrase hits are ranked, and the window bounds them (3: on PostgreSQL the
    three newest rows holding the bigrams, one of them not a phrase hit)."""
    from catalog import search as catalog_search
    from catalog import search_views

    monkeypatch.setattr(search_views, "COUNT_CAP", 2)
    monkeypatch.setattr(catalog_search, "RANK_WINDOW", window)
    for index in range(5):
        make_item(agency_a, f"其他信息第{index}号")
    ago = [timezone.now() - timedelta(days=40 + 20 * n) for n in range(6)]
    in_body = make_item(agency_a, "工作动态", summary="公开年报已印发", published_at=ago[0])
    if connection.vendor == "postgresql":  # SQLite's LIKE ignores adjacency: a hit there
        make_item(agency_a, "开年公开的年报", published_at=ago[1])
    in_title = make_item(agency_a, "公开年报", published_at=ago[2])
    older = [make_item(agency_a, f"公开年报第{n}号", published_at=ago[3 + n]) for n in range(3)]
    html = search(client, q="公开年报", sort="relevance").text
    assert "开年公开的年报" not in html
    expected = [in_body, in_title, *older][: window if window < 50 else None]
    if connection.vendor == "postgresql" and window == 3:
        expected = [in_body, in_title]  # the middle one of the three rows is no phrase hit
    shown = sorted(
        (html.index(item.get_absolute_url()), item.title)
        for item in [in_body, in_title, *older]
        if item.get_absolute_url() in html
    )
    assert {title for _, title in shown} == {item.title for item in expected}


def test_search_titles_with_markup_are_escaped_and_highlighted(client, agency_a):
    make_item(agency_a, '<script>alert("x")</script>预算公开')
    html = search(client, q="预算").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html and "<mark>预算</mark>" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "a\x00b"},
        {"q": "' & | ! <-> :* () \\"},
        {"q": "<script>alert(1)</script>"},
        {"q": "预算", "page": "0"},
        {"q": "预算", "page": "abc"},
        {"q": "预算", "sort": "relevance", "page": "999"},
        {"q": "预算", "after": "x"},
        {"q": "预算", "agency": "nope"},
    ],
)
def test_hostile_search_input_never_500s(client, agency_a, params):
    make_item(agency_a, "预算公开")
    response = search(client, **params)
    assert response.status_code in (200, 400)
    assert "<script>alert" not in response.text


def test_search_pages_through_results_by_date(client, agency_a):
    for index in range(25):
        make_item(agency_a, f"预算公开第{index}号")
    first = search(client, q="预算").text
    assert first.count('class="item-row"') == 20 and 'rel="next"' in first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")
def test_postgresql_search_uses_the_gin_index(agency_a):
    from catalog import search as catalog_search

    make_item(agency_a, "三公经费")
    queryset = catalog_search.matching(Item.objects.all(), ["三公经费"])
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")
    assert "item_search_gin" in plan
    assert list(queryset.values_list("title", flat=True)) == ["三公经费"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")
def test_postgresql_finds_one_months_hits_in_the_search_index(agency_a):
    """The walk back through the months asks the index for one month's hits (search.MonthOf
    is the index's first column), reading no row of other months."""
    from catalog import search as catalog_search

    item = make_item(agency_a, "三公经费")
    month = catalog_search.month_of(item.published_at)
    hits = catalog_search.matching(Item.objects.all(), ["三公经费"]).annotate(
        month=catalog_search.MonthOf("published_at")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = hits.filter(month=month).explain()
        cursor.execute("RESET enable_seqscan")
    index_condition = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "item_search_gin" in plan and "EXTRACT" in index_condition.upper()
    assert list(hits.filter(month=month).values_list("pk", flat=True)) == [item.pk]
    assert not hits.filter(month=month - 1).exists()


@pytest.mark.parametrize("window", [30, 44, 60])
def test_common_terms_page_by_date_through_the_window_or_the_index(
    client, agency_a, monkeypatch, window
):
    """Many hits: the page comes from the newest rows (window 44 holds a page and ends
    before the list; 60 is longer than the list) or, when the window holds too few hits
    (30), from the search index; the same pages, forwards and back."""
    from catalog import search as catalog_search
    from catalog import search_views

    monkeypatch.setattr(search_views, "COUNT_CAP", 2)  # 25 hits count as many
    monkeypatch.setattr(catalog_search, "DATE_WINDOW", window)
    hits = []
    for index in range(25):
        hits.append(make_item(agency_a, f"预算公开第{index}号"))
        make_item(agency_a, f"其他信息第{index}号")
    newest = [item.get_absolute_url() for item in sorted(hits, key=lambda i: i.published_at)][::-1]
    with CaptureQueriesContext(connection) as queries:
        first = search(client, q="预算")
    if connection.vendor == "postgresql":
        # The fallback sorts every hit by a date no index provides (search.date_key).
        sorted_all = any("interval" in query["sql"].lower() for query in queries)
        assert sorted_all == (window == 30)
    shown = sorted((first.text.index(url), url) for url in newest if url in first.text)
    assert [url for _, url in shown] == newest[:20]
    after = first.context["next_url"]
    second = client.get(reverse("catalog:search") + after)
    assert all(url in second.text for url in newest[20:]) and newest[0] not in second.text
    back = client.get(reverse("catalog:search") + second.context["previous_url"]).text
    shown = sorted((back.index(url), url) for url in newest if url in back)
    assert [url for _, url in shown] == newest[:20]


@pytest.mark.parametrize("spread", [False, True])
@pytest.mark.parametrize("candidates", [5, 200])
@pytest.mark.parametrize("sort", ["", "old"])
def test_a_phrase_whose_hits_are_all_old_pages_from_the_rows_holding_its_bigrams(
    client, agency_a, monkeypatch, candidates, sort, spread
):
    """Many hits, none among the newest rows: the page comes from the next rows holding the
    phrase's bigrams anywhere (the index needs not re-read their vectors), checked for the
    phrase; if those are too few to tell (5), every hit is sorted. Same pages either way,
    forwards and back; "开年公开的年报" holds the bigrams but not the phrase. `spread`: the
    hits are weeks apart, over a year, so the walk goes through many months, some empty.
    (SQLite has neither index: there the test checks the paging only.)"""
    from catalog import search as catalog_search
    from catalog import search_views

    monkeypatch.setattr(search_views, "COUNT_CAP", 2)  # 25 hits count as many
    monkeypatch.setattr(catalog_search, "DATE_WINDOW", 10)
    monkeypatch.setattr(catalog_search, "CANDIDATES", candidates)
    # Created newest first (tests/public_catalog.py dates each item a minute earlier).
    for index in range(15):
        make_item(agency_a, f"其他信息第{index}号")
    hits = []
    for index in range(25):
        dated = {"published_at": timezone.now() - timedelta(days=3 + 17 * index)} if spread else {}
        if connection.vendor == "postgresql":  # SQLite's LIKE ignores adjacency: a hit there
            make_item(agency_a, f"开年公开的年报第{index}号", **dated)
        hits.append(make_item(agency_a, f"公开年报第{index}号", **dated))
    order = sorted(hits, key=lambda item: item.published_at, reverse=sort != "old")
    expected = [item.get_absolute_url() for item in order]
    with CaptureQueriesContext(connection) as queries:
        first = search(client, q="公开年报", sort=sort)
    if connection.vendor == "postgresql":
        checked = any("|| ''::tsvector" in query["sql"] for query in queries)
        sorted_all = any(
            "interval" in query["sql"].lower() and '"catalog_item"."title"' in query["sql"]
            for query in queries
        )
        assert checked and sorted_all == (candidates == 5)

    def shown(response):
        found = sorted((response.text.index(url), url) for url in expected if url in response.text)
        return [url for _, url in found]

    assert shown(first) == expected[:20]
    second = client.get(reverse("catalog:search") + first.context["next_url"])
    assert shown(second) == expected[20:] and second.context["next_url"] is None
    back = client.get(reverse("catalog:search") + second.context["previous_url"])
    assert shown(back) == expected[:20]


def test_the_hanzi_shortcut_agrees_with_normalisation():
    """tokens._units skips normalising U+4E00–U+9FFF: only right if NFKC leaves them alone."""
    import unicodedata

    from catalog.tokens import runs

    hanzi = "".join(map(chr, range(0x4E00, 0xA000)))
    assert all(
        unicodedata.normalize("NFKC", char).casefold() == char and char.isalnum() for char in hanzi
    )
    assert runs("“三公”经费，ＡＢＣ预算") == ["三公经费", "abc预算"]
