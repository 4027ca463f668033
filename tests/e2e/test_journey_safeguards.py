"""Issue 18's safeguards in the browser: the 负责人 records the 保密审查 of the files an answer
discloses, seeing the privacy screen's hits first; the 公开办 sees the annual report's 评估提示
when 一 states a figure the tables do not hold.

Screenshots: test-artifacts/safeguards-answer-secrecy.png (the review form with the hits) and
safeguards-report-warnings.png (the checks and 评估提示 beside the report).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tests.privacy_files import id_number, xlsx_bytes

from .checks import assert_accessible
from .conftest import ARTIFACTS, log_in


def test_head_reviews_the_answer_files_for_secrets(open_page, demo):
    from requests_app.models import Request
    from requests_app.outcomes import Outcome

    agency = demo["舒城县财政局"]
    handler = agency.staff.get(username="czj_banli")
    request, _ = Request.register(
        agency=agency, user=handler, channel="in_person",
        received_on=timezone.localdate() - datetime.timedelta(days=3),
        applicant_kind="person", applicant_name="王小明", phone="13800000000",
        description="2025年城区棚户区改造补偿名单",
    )  # fmt: skip
    names = xlsx_bytes(
        [["姓名", "身份证号", "补偿金额"], ["李四", id_number("34010219850101123"), 12000]]
    )
    request.add_attachment(handler, SimpleUploadedFile("补偿名单.xlsx", names), "answer")
    request.save_answer_draft(handler, outcome=Outcome.GRANTED, content="所申请的信息见附件。")

    page = open_page("desktop")
    log_in(page, "czj_fuzeren")
    page.goto(f"/staff/requests/{request.pk}/")
    expect(page.get_by_text("待保密审查")).to_be_visible()
    page.locator("summary", has_text="保密审查（随答复提供的附件）").click()
    form = page.locator(f"form[action='/staff/requests/{request.pk}/do/secrecy/']")
    expect(form).to_contain_text("个人信息筛查发现 1 处")
    expect(form).to_contain_text("附件《补偿名单.xlsx》名单!B2：身份证号 34*************")
    form.get_by_label("不涉及国家秘密和工作秘密，可以公开").check()
    form.get_by_label("审查依据").fill("经核对本机关保密事项范围，不涉密；第三方已书面同意公开")
    form.get_by_label("已逐项核对筛查结果", exact=False).check()
    assert_accessible(page)
    page.locator("details[open]").screenshot(path=ARTIFACTS / "safeguards-answer-secrecy.png")
    form.get_by_role("button", name="保密审查（随答复提供的附件）").click()
    expect(page.get_by_text("保密审查（随答复提供的附件）：已完成。")).to_be_visible()
    expect(page.locator("table.events").last).to_contain_text("答复附件 1 件（补偿名单.xlsx）")


def test_office_sees_a_figure_of_one_that_the_tables_do_not_hold(open_page, demo):
    from reports.models import AnnualReport

    county = demo["舒城县人民政府"]
    year = timezone.localdate().year - 1
    AnnualReport.objects.update_or_create(
        agency=county, year=year, with_subordinates=False,
        defaults={
            "overview": f"{year}年，全年新收政府信息公开申请99件，办结98件；行政复议5件。",
            "problems": "考核、评议、追究机制有待完善。",
            "other_matters": "（二）落实上级年度政务公开工作要点情况。（请补充）",
        },
    )  # fmt: skip
    page = open_page("desktop")
    log_in(page, "gongkaiban")
    page.goto(f"/staff/reports/{county.pk}/{year}/")
    warnings = page.locator(".report-warnings")
    expect(warnings).to_contain_text("一中的数字与表格不一致")
    expect(warnings).to_contain_text("第1段“新收政府信息公开申请99件”")
    expect(warnings).to_contain_text("残留占位文字")
    expect(page.locator("[data-note='四']")).to_contain_text("统计口径")
    page.locator("aside.report-checks").screenshot(
        path=ARTIFACTS / "safeguards-report-warnings.png"
    )
