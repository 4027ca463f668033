"""A citizen browses the disclosure catalog and searches it, on a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from .checks import assert_accessible, assert_text_enlarges_without_loss, focus_is_visible, tab_to


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_citizen_browses_an_agency_directory_to_an_item(open_page, published_items, viewport):
    page = open_page(viewport, "/")
    page.get_by_role("link", name="舒城县财政局").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("舒城县财政局")
    assert_accessible(page)

    page.get_by_role("link", name="部门预算").first.click()
    expect(page.get_by_role("link", name="舒城县2025年部门预算公开说明")).to_be_visible()
    expect(page.get_by_role("link", name="舒城县2025年义务教育阶段招生入学工作方案")).to_have_count(
        0
    )
    assert_accessible(page)

    page.get_by_role("link", name="舒城县2025年部门预算公开说明").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("舒城县2025年部门预算公开说明")
    expect(page.locator("main")).to_contain_text("舒财〔2025〕12号")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_citizen_searches_from_the_header_and_narrows_by_agency(
    open_page, published_items, viewport
):
    page = open_page(viewport, "/")
    # A phrase only the sample item has: the demo county's own items mention 部门预算 too.
    page.get_by_role("search", name="站内搜索").get_by_role("searchbox").fill("部门预算公开说明")
    page.get_by_role("search", name="站内搜索").get_by_role("button", name="搜索").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("部门预算公开说明")
    expect(page.get_by_role("link", name="舒城县2025年部门预算公开说明")).to_be_visible()
    assert_accessible(page)

    filters = page.get_by_role("form", name="筛选")
    filters.get_by_label("发布机构").select_option(label="舒城县教育体育局")
    filters.get_by_role("button", name="搜索").click()
    expect(page.locator(".no-results")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_citizen_drills_down_the_agency_filter_without_javascript(
    open_page, demo, published_items, viewport
):
    # The filter offers the top two levels, then the chosen agency's children.
    page = open_page(viewport, "/catalog/", java_script_enabled=False)
    filters = page.get_by_role("form", name="筛选")
    agency = filters.get_by_label("发布机构")
    expect(agency.locator("option", has_text="舒城县杭埠镇党政办公室")).to_have_count(0)
    agency.select_option(label="舒城县杭埠镇人民政府")
    filters.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("舒城县杭埠镇人民政府")

    agency.select_option(label="舒城县杭埠镇党政办公室")
    filters.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("舒城县杭埠镇党政办公室")
    expect(agency).to_have_value(demo["舒城县杭埠镇党政办公室"].credit_code)
    assert_accessible(open_page(viewport, page.url))  # axe needs JavaScript

    filters.get_by_role("link", name="查找全部机关").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("机关导航")


def test_keyboard_only_search_reaches_an_item(open_page, published_items):
    page = open_page("desktop", "/")
    tab_to(page, "#site-search-q")
    assert focus_is_visible(page)
    page.keyboard.type("三公经费")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.get_by_role("link", name="舒城县2024年“三公”经费决算情况说明")
    expect(result).to_be_visible()
    tab_to(page, "main .search-results a >> nth=0")  # the newest match: the sample item
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("舒城县2024年“三公”经费决算情况说明")


def test_bad_search_filter_explains_itself(open_page, published_items):
    page = open_page("desktop")
    response = page.goto("/search/?q=预算&year=1999&after=garbage")
    assert response.status == 400
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("无法识别")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_catalog_pages_keep_everything_at_200_percent_text(open_page, published_items, viewport):
    item = published_items["舒城县人民政府办公室关于印发2025年政务公开工作要点的通知"]
    page = open_page(viewport)
    for path in ["/catalog/", "/search/?q=预算", item.get_absolute_url()]:
        page.goto(path)
        assert_text_enlarges_without_loss(page)
