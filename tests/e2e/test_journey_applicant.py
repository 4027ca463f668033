"""An applicant files a request online, a 办理人 answers it in the workbench, and the
applicant reads the answer with the query code; the form also works with the keyboard alone.

The captcha is read the way a person reads it, from what the image shows: the test looks
up the answer of the challenge on the page (no setting turns the captcha off).
"""

import re

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import Request

from .checks import assert_accessible, assert_text_enlarges_without_loss, focus_is_visible, tab_to
from .conftest import log_in

AGENCY = "舒城县财政局"
WANTED = "2025年城关镇老旧小区改造项目的资金安排和验收报告"


def captcha_answer(page):
    key = page.locator("input[name=captcha_0]").input_value()
    return CaptchaStore.objects.get(hashkey=key).response


def check_page(page):
    """axe-core finds nothing serious, and the page survives 200% text (then back to 100%)."""
    assert_accessible(page)
    assert_text_enlarges_without_loss(page)
    page.evaluate("document.documentElement.style.fontSize = ''")


def file_request(page, agency_code):
    page.goto("/apply/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("依申请公开")
    page.goto(f"/apply/{agency_code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("政府信息公开申请表")
    check_page(page)
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称").fill("李明华")
    page.get_by_label("证件号码").fill("341523198512010024")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("电子邮箱").fill("lmh@example.com")
    page.get_by_label("通信地址").fill("安徽省六安市舒城县城关镇梅河路1号")
    page.get_by_label("所需政府信息的名称或内容描述").fill(WANTED)
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("电子邮件", exact=True).check()
    page.get_by_label("验证码", exact=True).fill(captcha_answer(page))
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    number = page.locator(".receipt-codes dd").first.inner_text().strip()
    code = page.locator(".query-code").inner_text().strip()
    check_page(page)
    return number, code


def answer_request(page, number):
    log_in(page, "czj_banli")
    page.goto("/staff/requests/?view=submitted")
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.locator("body")).to_contain_text(WANTED)
    assert_accessible(page)
    today = timezone.localdate().isoformat()

    confirm = action(page, "确认收到")
    confirm.locator("summary").click()
    confirm.get_by_label("收到申请之日").fill(today)
    confirm.get_by_role("button", name="确认收到").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("确认收到：已完成")

    # the answer step: draft, preview the letter, issue (issue 14, point 10)
    draft = action(page, "答复（起草后预览）")
    draft.locator("summary").click()
    draft.get_by_label("办理结果").select_option(value="granted")
    draft.get_by_label("答复内容").fill("所申请的资金安排表和验收报告见附件，已通过电子邮件发送。")
    draft.get_by_role("button", name="答复（起草后预览）").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("已完成")
    page.get_by_role("link", name="预览答复书").click()
    expect(page.locator("article.letter")).to_contain_text("草稿预览")
    page.go_back()
    issue = action(page, "出具答复书")
    issue.locator("summary").click()
    issue.get_by_role("button", name="出具答复书").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("出具答复书：已完成")
    assert_accessible(page)


def action(page, title):
    """The <details> of one workbench action, by its exact title."""
    summary = page.locator("summary", has_text=re.compile(f"^{title}$"))
    return page.locator("details.action").filter(has=summary)


def read_answer(page, number, code):
    page.goto("/track/")
    check_page(page)
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"申请 {number} 的办理情况")
    expect(page.locator("body")).to_contain_text("已办结")
    check_page(page)
    page.get_by_role("link", name="政府信息公开申请答复书").first.click()
    expect(page.locator("body")).to_contain_text("予以公开")
    expect(page.locator("body")).to_contain_text("所申请的资金安排表和验收报告见附件")
    check_page(page)


def test_applicant_files_staff_answer_applicant_reads_the_answer(open_page, demo):
    applicant = open_page("desktop")
    number, code = file_request(applicant, demo[AGENCY].credit_code)
    request = Request.objects.get(agency=demo[AGENCY], number=number)
    assert request.status == Request.Status.SUBMITTED and request.check_code(code)

    staff = open_page("desktop")
    answer_request(staff, number)
    staff.close()  # the last page of this journey is the applicant's

    read_answer(applicant, number, code)
    request.refresh_from_db()
    assert request.status == Request.Status.CLOSED


@pytest.mark.parametrize("viewport", ["phone"])
def test_applicant_reads_the_receipt_on_a_phone(open_page, demo, viewport):
    page = open_page(viewport)
    file_request(page, demo[AGENCY].credit_code)


def test_keyboard_alone_completes_the_request_form(open_page, demo):
    page = open_page("desktop", f"/apply/{demo[AGENCY].credit_code}/")

    def type_into(selector, text):
        tab_to(page, selector, limit=60)
        assert focus_is_visible(page), f"{selector} shows no focus"
        page.keyboard.type(text)

    def choose(name, value):
        """Tab into a radio group (focus lands on its checked button), arrow to the value."""
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == name:
                break
        else:
            raise AssertionError(f"radio group {name} not reached with Tab")
        assert focus_is_visible(page), f"{name} shows no focus"
        for _ in range(6):
            page.keyboard.press("Space")  # checks the focused button if nothing is checked yet
            if page.evaluate("document.activeElement.value") == value:
                return
            page.keyboard.press("ArrowDown")
        raise AssertionError(f"{value} not chosen in {name} with the arrow keys")

    choose("applicant_category", "person")
    type_into("#id_applicant_name", "赵一")
    type_into("#id_id_number", "341523198512010024")
    type_into("#id_phone", "13800000000")
    type_into("#id_address", "安徽省六安市舒城县城关镇梅河路1号")
    type_into("#id_description", WANTED)
    choose("form_wanted", "paper")
    choose("delivery", "post")
    type_into("#id_captcha_1", captcha_answer(page))
    tab_to(page, "button[data-once]", limit=20)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    assert Request.objects.filter(applicant_name="赵一", delivery="post").exists()
