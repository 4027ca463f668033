"""A citizen finds an agency's disclosure page on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from .checks import assert_accessible, assert_text_enlarges_without_loss, focus_is_visible, tab_to


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_citizen_goes_from_home_to_an_agency_page(open_page, demo, viewport):
    page = open_page(viewport, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
    assert_accessible(page)

    page.get_by_role("link", name="舒城县财政局").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("舒城县财政局")
    breadcrumb = page.get_by_role("navigation", name="当前位置")
    expect(breadcrumb.get_by_role("link", name="舒城县人民政府")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("政府信息公开工作机构")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_agency_switcher_works_without_javascript(open_page, demo, viewport):
    page = open_page(viewport, "/", java_script_enabled=False)
    page.get_by_label("机关", exact=True).select_option(label="　舒城县教育体育局")
    page.get_by_role("button", name="切换").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("舒城县教育体育局")


def test_keyboard_user_reaches_search_from_the_skip_link(open_page, demo):
    page = open_page("desktop", "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto("/")
    tab_to(page, "#site-search-q")
    assert focus_is_visible(page)
    page.keyboard.type("财政预算")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "q=%E8%B4%A2%E6%94%BF%E9%A2%84%E7%AE%97" in page.url


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_pages_keep_everything_at_200_percent_text(open_page, demo, viewport):
    page = open_page(viewport, "/")
    assert_text_enlarges_without_loss(page)
    page.goto(demo["舒城县杭埠镇人民政府"].get_absolute_url())
    assert_text_enlarges_without_loss(page)
