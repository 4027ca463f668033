"""A 办理人 drafts an answer, is told in Chinese what the outcome still needs, previews the
letter, issues it and prints it on A4 without the site's banner (issue 14).

Screenshots: test-artifacts/answer-form-bad-input.png (the form with its errors),
answer-letter-print-a4.png (the issued letter as printed) and answer-letter-a4.pdf.
"""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from .checks import assert_accessible
from .conftest import ARTIFACTS, log_in

A4 = {"width": 794, "height": 1123}  # 210 × 297 mm at 96 dpi


def test_handler_drafts_previews_issues_and_prints_the_answer(demo, open_page):
    from requests_app.models import Request

    handler = demo["舒城县财政局"].staff.get(username="czj_banli")
    received = timezone.localdate() - datetime.timedelta(days=3)
    request, _ = Request.register(
        agency=demo["舒城县财政局"], user=handler, channel="in_person", received_on=received,
        applicant_kind="business", applicant_name="舒城县龙舒建材有限公司", phone="13800000000",
        id_type="credit_code", description="2019年县财政局与本公司签订的采购合同",
    )  # fmt: skip
    page = open_page("desktop")
    log_in(page, "czj_banli")
    page.goto(f"/staff/requests/{request.pk}/")
    page.locator("summary", has_text="答复（起草后预览）").click()
    form = page.locator(f"form[action='/staff/requests/{request.pk}/do/draft/']")
    form.get_by_label("办理结果").select_option("not_held")
    form.get_by_label("答复情形").select_option("nonexistent")
    form.get_by_role("button", name="答复（起草后预览）").click()
    expect(page.get_by_text("请写明检索说明：在何处、以何种方式检索过")).to_be_visible()
    assert_accessible(page)
    page.locator("details[open] form").screenshot(path=ARTIFACTS / "answer-form-bad-input.png")

    form = page.locator(f"form[action='/staff/requests/{request.pk}/do/draft/']")
    form.get_by_label("检索说明").fill(
        "检索了本局档案室2018—2020年合同档案和政府采购系统，未找到。"
    )
    form.get_by_role("button", name="答复（起草后预览）").click()
    page.get_by_role("link", name="预览答复书").click()
    expect(page.get_by_text("草稿预览：尚未出具，不得交付申请人")).to_be_visible()
    expect(page.get_by_text("贵单位于")).to_be_visible()
    page.go_back()
    page.locator("summary", has_text="出具答复书").click()
    page.get_by_role("button", name="出具答复书").click()
    expect(page.get_by_text("出具答复书：已完成。")).to_be_visible()
    page.get_by_role("link", name="政府信息公开申请答复书", exact=True).click()
    letter = page.locator("article.letter")
    expect(letter).to_contain_text("舒财依复〔")
    expect(letter).to_contain_text("现告知贵单位该政府信息不存在")
    expect(letter).to_contain_text("向舒城县人民政府申请行政复议")
    expect(letter).to_contain_text("6个月内向舒城县人民法院提起行政诉讼")
    expect(letter).to_contain_text("（盖章）")
    assert "。，" not in letter.inner_text()

    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    expect(page.locator(".staff-header")).to_be_hidden()  # no site banner on the paper
    expect(page.locator(".staff-footer")).to_be_hidden()
    expect(page.get_by_text("下载 DOCX")).to_be_hidden()
    page.screenshot(path=ARTIFACTS / "answer-letter-print-a4.png", full_page=True)
    page.pdf(path=ARTIFACTS / "answer-letter-a4.pdf", format="A4", print_background=False)
    page.emulate_media(media="screen")
