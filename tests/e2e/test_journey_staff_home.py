"""Every demo role logs in, lands on the staff home (工作台) and reaches each of its tasks by
clicking, never by typing an address; axe finds nothing serious on any staff page on the way.

The staff home of each role is saved at phone and desktop width as
test-artifacts/staff-home-<role>-<phone|desktop>.png, and checked with text at 200%.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .checks import assert_accessible, assert_text_enlarges_without_loss, layout_problems
from .conftest import ARTIFACTS, log_in


@pytest.fixture
def county(demo):
    """The demo county with its requests and annual reports, as `make run` seeds them."""
    from reports.demo import seed_reports
    from requests_app.demo import seed_requests

    quiet = lambda *args, **kwargs: None  # noqa: E731
    seed_requests(progress=quiet)
    seed_reports(progress=quiet)
    return demo


def staff_home(open_page, username, viewport):
    """Log in as `username` at `viewport`; check and save the staff home."""
    page = open_page(viewport)
    log_in(page, username)
    expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()
    assert_accessible(page)
    assert not layout_problems(page), layout_problems(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"staff-home-{username}-{viewport}.png", full_page=True)
    assert_text_enlarges_without_loss(page)  # 200% text wraps, nothing is cut off
    page.reload()
    return page


def journey(open_page, username):
    """The phone home is looked at and saved; the journey goes on at desktop width."""
    staff_home(open_page, username, "phone")
    return staff_home(open_page, username, "desktop")


def count(page, label):
    """The link of a count on the staff home (its name is the label, then the number)."""
    return page.locator("main").get_by_role("link", name=re.compile(f"^{label} \\d+$"))


def go_home(page):
    page.get_by_role("navigation", name="工作导航").get_by_role("link", name="工作台").click()
    expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()


def section(page, name):
    page.get_by_role("navigation", name="工作导航").get_by_role("link", name=name).click()
    assert_accessible(page)


def test_information_officer_finds_drafts_and_what_came_back(open_page, demo):
    page = journey(open_page, "czj_xinxiyuan")
    expect(page.locator("main")).to_contain_text("请补充资金分配明细表")  # the reviewer's comment

    count(page, "已退回待修改").click()
    expect(page.get_by_role("heading", name="政府信息", level=1)).to_be_visible()
    page.get_by_role("link", name="舒城县2026年度财政专项资金绩效评价结果").click()
    expect(page.locator("#workflow")).to_contain_text("退回意见：请补充资金分配明细表")
    assert_accessible(page)

    go_home(page)
    count(page, "草稿").click()
    expect(
        page.get_by_role("link", name="舒城县财政局2026年政务公开工作要点（草稿）")
    ).to_be_visible()
    assert_accessible(page)

    go_home(page)
    page.get_by_role("link", name="舒城县2026年度财政专项资金绩效评价结果").click()
    expect(page.get_by_role("button", name="保存并提交审核")).to_be_visible()

    go_home(page)
    page.get_by_role("link", name="新增政府信息").click()
    expect(page.get_by_role("heading", name="新增政府信息", level=1)).to_be_visible()
    assert_accessible(page)


def test_reviewer_opens_what_waits_for_review(open_page, demo):
    page = journey(open_page, "czj_shenhe")
    count(page, "待审核").click()
    page.get_by_role("link", name="关于2027年部门预算编制工作的通知").click()
    expect(page.get_by_role("button", name="审核通过并发布")).to_be_visible()
    assert_accessible(page)


def test_handler_confirms_online_requests_and_watches_deadlines(open_page, county):
    from requests_app.models import Request

    online = Request.objects.filter(agency__name="舒城县财政局").exclude(status="closed").first()
    Request.objects.filter(pk=online.pk).update(status=Request.Status.SUBMITTED)

    page = journey(open_page, "czj_banli")
    count(page, "网上申请待确认").click()
    page.get_by_role("link", name=online.number).click()
    expect(page.locator("summary", has_text=re.compile("^确认收到$"))).to_be_visible()
    assert_accessible(page)

    go_home(page)
    count(page, "5个工作日内到期").click()
    expect(page.get_by_label("视图")).to_have_value("due_soon")
    expect(page.locator(".worklist tbody tr").first).to_be_visible()
    assert_accessible(page)

    go_home(page)
    count(page, "已超期").click()
    expect(page.get_by_label("视图")).to_have_value("overdue")

    go_home(page)
    page.get_by_role("link", name="登记申请").click()
    expect(page.get_by_role("heading", name="登记政府信息公开申请")).to_be_visible()
    assert_accessible(page)

    section(page, "台账")
    expect(page.get_by_role("heading", name="导出依申请公开台账")).to_be_visible()
    page.get_by_role("navigation", name="台账").get_by_role("link", name="导入台账").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("导入")
    assert_accessible(page)


def test_head_of_office_approves_extensions_and_sees_the_annual_report_due(open_page, county):
    from django.contrib.auth.models import User

    from requests_app.models import Request

    waiting = Request.objects.filter(agency__name="舒城县财政局", status="in_progress").filter(
        extension__isnull=True
    )[0]
    waiting.request_extension(User.objects.get(username="czj_banli"), reason="需调取多个年度档案")

    page = journey(open_page, "czj_fuzeren")
    count(page, "待批准延期").click()
    page.get_by_role("link", name=waiting.number).click()
    expect(page.locator("summary", has_text="审批延期（负责人）")).to_be_visible()
    assert_accessible(page)

    go_home(page)
    year = timezone.localdate().year - 1
    count(page, f"{year}年度报告未发布").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{year}年度报告尚未发布的机关")
    assert_accessible(page)
    page.get_by_role("link", name="舒城县财政局").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"舒城县财政局{year}年")


def test_disclosure_office_oversees_the_county(open_page, county):
    page = journey(open_page, "gongkaiban")
    overdue = page.get_by_role("region", name="依申请公开").locator(".task-rows a").first
    agency = overdue.inner_text()
    overdue.click()
    expect(page.get_by_label("视图")).to_have_value("overdue")
    expect(page.locator(".worklist tbody")).to_contain_text(agency)
    assert_accessible(page)

    go_home(page)
    page.get_by_role("link", name=re.compile("^全部\\d+个尚未发布的机关$")).click()
    expect(page.locator("tbody tr")).not_to_have_count(0)

    section(page, "年度报告")
    expect(page.get_by_role("heading", name="政府信息公开工作年度报告", level=1)).to_be_visible()
    section(page, "机关与用户")
    expect(page.get_by_role("link", name="舒城县人民政府", exact=True)).to_be_visible()

    go_home(page)
    page.get_by_role("link", name="工作日日历（节假日安排）").click()
    assert_accessible(page)
    go_home(page)
    page.get_by_role("link", name="全部管理功能").click()
    expect(page.get_by_role("heading", name="全部管理功能", level=1)).to_be_visible()
    assert_accessible(page)


def test_township_reviewer_and_handler_finds_both_kinds_of_work(open_page, county):
    page = journey(open_page, "hbz_shenhe")
    count(page, "待审核").click()
    expect(page.get_by_role("link", name="杭埠镇2026年秋冬季森林防火工作方案")).to_be_visible()
    go_home(page)
    count(page, "已超期").click()
    expect(page.get_by_label("视图")).to_have_value("overdue")
    assert_accessible(page)


def test_system_administrator_reaches_agencies_users_and_every_model(open_page, county):
    page = journey(open_page, "admin")
    page.get_by_role("link", name="用户", exact=True).click()
    expect(page.get_by_role("link", name="czj_xinxiyuan")).to_be_visible()
    page.get_by_role("link", name="czj_xinxiyuan").click()
    expect(page.get_by_text("可选的机关")).to_be_visible()  # the two-box picker, in Chinese
    assert_accessible(page)

    section(page, "机关与用户")
    page.get_by_role("link", name="展开").click()
    page.get_by_role("link", name="舒城县财政局").click()
    expect(page.locator("#id_staff_from")).to_be_visible()
    assert_accessible(page)

    go_home(page)
    page.get_by_role("link", name="全部管理功能").click()
    page.get_by_role("link", name="公开目录").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("登出")
