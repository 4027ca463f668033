"""A request filed with the county moves through it in the browser: the 公开办 routes it (a bad
form first), issues a 督办, the 财政局 signs for it, names its 承办人 and answers; the applicant
receives the answer by e-mail, read from a local SMTP server, with the letter attached, and the
tracking page names the handling agency.

Screenshots: test-artifacts/routing-to-route.png, routing-bad-input.png,
routing-staff-home-supervision.png, routing-tracking.png.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import Request

from .checks import assert_accessible
from .conftest import ARTIFACTS, log_in

COUNTY = "舒城县人民政府"
AGENCY = "舒城县财政局"
EMAIL = "wangwu@example.com"


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def open_details(page, title):
    page.locator("details.action summary", has_text=re.compile(f"^{title}$")).click()
    return page.locator("details.action[open]")


def test_office_routes_agency_signs_handler_answers_applicant_gets_the_mail(
    open_page, demo, smtp_server
):
    received = timezone.localdate() - datetime.timedelta(days=1)
    obj, code = Request.register(
        agency=demo[COUNTY],
        user=None,
        channel=Request.Channel.IN_PERSON,
        received_on=received,
        applicant_kind=Request.ApplicantKind.PERSON,
        applicant_name="王五",
        id_number="110101199003071234",
        phone="13900000000",
        email=EMAIL,
        description="2025年县级财政预算执行情况",
    )
    due = obj.due_on
    assert "受理回执" in smtp_server.to(EMAIL)[0]["Subject"]

    # The 公开办 finds it in 待分办 and routes it; an empty form is refused in Chinese.
    office = open_page("desktop")
    log_in(office, "gongkaiban")
    office.goto("/staff/requests/")
    office.get_by_role("link", name="待分办、待签收").click()
    expect(office.get_by_role("heading", name="待分办、待签收", level=1)).to_be_visible()
    shot(office, "routing-to-route")
    office.get_by_role("link", name=obj.number).first.click()
    form = open_details(office, "转办")
    form.get_by_role("button", name="转办").click()
    expect(office.locator("body")).to_contain_text("请选择承办机关")
    expect(office.locator("body")).to_contain_text("请填写转办说明")
    assert_accessible(office)
    shot(office, "routing-bad-input")
    form = office.locator("details.action[open]")  # reshown open, with the errors
    form.get_by_label("转办至").select_option(label=AGENCY)
    form.get_by_label("转办说明").fill("预算执行情况由财政局掌握")
    form.get_by_role("button", name="转办").click()
    expect(office.locator("body")).to_contain_text("已转办")
    office.goto(f"/staff/requests/{obj.pk}/")
    form = open_details(office, "督办")
    form.get_by_label("督办意见").fill("请于三日内签收并办理")
    form.get_by_label("要求办理期限").fill(f"{timezone.localdate() + datetime.timedelta(days=3)}")
    form.get_by_role("button", name="督办").click()
    expect(office.locator("body")).to_contain_text("已督办")
    office.close()

    # The 财政局's 办理人 sees the 督办 on the home, signs for it, names itself and answers.
    staff = open_page("desktop")
    log_in(staff, "czj_banli")
    expect(staff.locator("main")).to_contain_text("请于三日内签收并办理")
    assert_accessible(staff)
    shot(staff, "routing-staff-home-supervision")
    staff.get_by_role("link", name=re.compile(obj.number)).first.click()
    staff.get_by_role("button", name="签收").click()
    expect(staff.locator("body")).to_contain_text("已签收")
    form = open_details(staff, "指定承办人")
    form.get_by_label("承办人").select_option(label="财政局办理人")
    form.get_by_role("button", name="保存").click()
    expect(staff.locator(".request-summary")).to_contain_text("财政局办理人")
    # The answer step (issue 14): draft, then issue; the mail goes when the letter is issued.
    form = open_details(staff, "答复（起草后预览）")
    form.get_by_label("办理结果").select_option(value="granted")
    form.get_by_label("答复情形").select_option(value="provided")
    form.get_by_label("答复内容").fill("2025年县级财政预算执行情况见附件")
    form.get_by_role("button", name="答复（起草后预览）").click()
    open_details(staff, "出具答复书").get_by_role("button", name="出具答复书").click()
    expect(staff.locator("body")).to_contain_text("出具答复书：已完成")
    staff.close()

    obj.refresh_from_db()
    assert obj.agency.name == AGENCY and obj.due_on == due and obj.status == "closed"
    mail = smtp_server.to(EMAIL)[-1]
    assert "答复" in mail["Subject"] and obj.number in smtp_server.body(mail)
    [letter] = smtp_server.attachments(mail)
    assert letter.endswith("政府信息公开申请答复书.docx")

    # The applicant's tracking page names the handling agency.
    applicant = open_page("desktop")
    applicant.goto("/track/")
    applicant.get_by_label("申请编号").fill(obj.number)
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_role("button", name="查询").click()
    expect(applicant.locator("body")).to_contain_text(f"已转办至{AGENCY}办理")
    shot(applicant, "routing-tracking")
