"""Staff log in to the admin and its JavaScript works under the Content-Security-Policy.

The `open_page` fixture fails a test on any CSP violation or script error, so these
journeys prove the admin's own scripts (external files in Django 5.2) still run.
"""

from playwright.sync_api import expect

from .conftest import log_in


def test_staff_member_logs_in_and_sees_the_workbench(open_page, demo):
    page = open_page("desktop")
    page.goto("/admin/")
    expect(page).to_have_url("/admin/login/?next=/admin/")
    log_in(page, "czj_xinxiyuan")
    expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("财政局信息员")
    expect(page.get_by_role("banner")).to_contain_text("舒城县财政局")


def test_wrong_password_is_refused_in_chinese(open_page, demo):
    page = open_page("desktop", "/admin/login/")
    page.get_by_label("用户名").fill("czj_xinxiyuan")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".errornote")).to_contain_text("请输入一个正确的")


def test_admin_agency_tree_and_staff_picker_run_their_scripts(open_page, demo):
    page = open_page("desktop")
    log_in(page, "admin")
    page.goto("/admin/organisation/agency/")
    # draggable-admin.js adds the expand/collapse tools and toggles: proof that it ran.
    expect(page.locator(".object-tools a").first).to_be_visible()
    expect(page.locator(".tree-node.children").first).to_be_visible()
    page.get_by_role("link", name="展开").click()
    page.get_by_role("link", name="舒城县财政局").click()
    # SelectFilter2.js turns the staff <select multiple> into the two-box picker.
    expect(page.locator(".selector .selector-available")).to_be_visible()
    expect(page.locator("#id_staff_from")).to_be_visible()


def test_staff_member_logs_out(open_page, demo):
    page = open_page("phone")
    log_in(page, "czj_shenhe")
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("登出")
