"""Re-importing a ledger changes only what changed and never erases what the sheet cannot show
(issue 17, finding 3; docs/spreadsheets.md §2–§3).

The journey of the report: a handler exports the ledger, corrects one phone number in Excel
and imports the file again. Before, the import deleted the request's 补正, extension and answer
rows and recreated them empty: the 补正 items, the extension's reason and approval and the
answer's reasons and legal basis were gone.
"""

import io

import pytest
from openpyxl import load_workbook

from organisation.roles import HANDLER, HEAD_OF_OFFICE
from requests_app.models import Answer, Case, Consultation, Correction, Extension, Request
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db

IMPORT_URL = "/staff/requests/ledger/import/"
CONFIRM_URL = "/staff/requests/ledger/import/confirm/"
OLD_PHONE, NEW_PHONE = "13800000000", "13911112222"


@pytest.fixture
def handler(make_staff, agency_a, client):
    user = make_staff("handler", roles=[HANDLER], agencies=[agency_a])
    client.force_login(user)
    return user


@pytest.fixture
def handled(monkeypatch, agency_a, handler, make_staff):
    """A request handled in the workbench: 补正, a consultation, an approved extension and an
    answer with reasons and legal basis."""
    head = make_staff("head", roles=[HEAD_OF_OFFICE], agencies=[agency_a])
    freeze_today(monkeypatch, "2025-03-03")
    request, _ = make_request(agency_a, handler, received_on="2025-03-03", phone=OLD_PHONE)
    freeze_today(monkeypatch, "2025-03-05")
    request.request_correction(handler, items="请写明所需预算的年份")
    freeze_today(monkeypatch, "2025-03-10")
    request.receive_correction(handler, note="申请人补充为2024年")
    freeze_today(monkeypatch, "2025-03-11")
    request.start_consultation(
        handler, kind="third_party", addressee="舒城某建设公司", matter="施工合同"
    )
    freeze_today(monkeypatch, "2025-03-14")
    request.record_consultation_reply(
        handler, request.consultations.get(), opinion="objection", summary="涉及商业秘密"
    )
    request.request_extension(handler, reason="需要调取历年档案")
    request.decide_extension(head, approve=True, note="同意延期")
    freeze_today(monkeypatch, "2025-04-30")
    request.answer(
        handler,
        outcome="third_party",
        reasons="第三方不同意公开，公开会损害其合法权益",
        legal_basis="《中华人民共和国政府信息公开条例》第十五条",
    )
    freeze_today(monkeypatch, "2025-06-30")
    return Request.objects.get(pk=request.pk)


def records(request):
    """Everything the workbench wrote about the request, as stored."""
    return {
        "correction": list(Correction.objects.filter(request=request).values()),
        "consultations": list(Consultation.objects.filter(request=request).values()),
        "extension": list(Extension.objects.filter(request=request).values()),
        "answer": list(Answer.objects.filter(request=request).values()),
    }


def exported(client, agency):
    response = client.get(f"/staff/requests/ledger/export/?agency={agency.pk}")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.getvalue()))


def edited(workbook, column, value, row=2):
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=row, column=headers.index(column) + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "台账.xlsx"
    return out


def test_changing_one_phone_number_changes_only_that(client, agency_a, handled):
    before = records(handled)
    file = edited(exported(client, agency_a), "联系电话", NEW_PHONE)

    preview = client.post(IMPORT_URL, {"file": file})
    assert preview.status_code == 200
    assert "新建 <strong>0</strong> 件，更新 <strong>1</strong> 件" in preview.text
    assert f"联系电话：<del>{OLD_PHONE}</del> → <ins>{NEW_PHONE}</ins>" in preview.text

    assert client.post(CONFIRM_URL, {"digest": preview.context["digest"]}).status_code == 302
    after = Request.objects.get(pk=handled.pk)
    assert after.phone == NEW_PHONE
    assert after.status == handled.status and after.outcome == handled.outcome
    assert records(handled) == before  # same rows, same ids, same reasons
    event = after.events.last()
    assert event.message == "台账导入：更新联系电话" and OLD_PHONE not in event.message


def test_the_same_file_again_changes_nothing(client, agency_a, handled):
    before = records(handled)
    file = edited(exported(client, agency_a), "联系电话", OLD_PHONE)
    preview = client.post(IMPORT_URL, {"file": file})
    assert "无变化 <strong>1</strong> 件" in preview.text and "确认导入" not in preview.text
    assert records(handled) == before


@pytest.mark.parametrize(
    ("column", "record"),
    [
        ("答复日期", "答复记录"),
        ("补正告知日期", "补正告知记录"),
        ("征求意见日期", "征求舒城某建设公司意见的记录"),
    ],
)
def test_clearing_a_record_the_sheet_cannot_show_is_refused(
    client, agency_a, handled, column, record
):
    # With the date goes what depends on it (the file would be refused for that otherwise).
    clear = {"答复日期": "办理结果", "补正告知日期": "补正收到日期", "征求意见日期": "意见收到日期"}
    file = edited(exported(client, agency_a), column, None)
    file = edited(load_workbook(file), clear[column], None)
    before = records(handled)
    preview = client.post(IMPORT_URL, {"file": file})
    assert preview.status_code == 400
    problems = str(preview.context["plan"].problems)
    assert record in problems and "台账导入不删除台账中看不到的内容" in problems, problems
    assert records(handled) == before and Request.objects.get(pk=handled.pk).phone == OLD_PHONE


def test_clearing_the_extension_approved_by_the_head_is_refused(client, agency_a, handled):
    preview = client.post(IMPORT_URL, {"file": edited(exported(client, agency_a), "延期", "否")})
    assert preview.status_code == 400 and "已批准的延期答复记录" in preview.text
    assert Request.objects.get(pk=handled.pk).is_extended


def test_an_import_may_take_back_what_an_import_wrote(client, agency_a, handler, monkeypatch):
    """Records an import created (nothing but dates) follow the sheet, both ways."""
    freeze_today(monkeypatch, "2025-06-30")
    request, _ = make_request(agency_a, handler, received_on="2025-03-03")
    file = edited(exported(client, agency_a), "延期", "是")
    client.post(CONFIRM_URL, {"digest": client.post(IMPORT_URL, {"file": file}).context["digest"]})
    assert Request.objects.get(pk=request.pk).is_extended
    file = edited(exported(client, agency_a), "延期", "否")
    preview = client.post(IMPORT_URL, {"file": file})
    assert "延期：<del>是</del> → <ins>否</ins>" in preview.text
    client.post(CONFIRM_URL, {"digest": preview.context["digest"]})
    assert not Request.objects.get(pk=request.pk).is_extended


def test_a_pending_extension_is_not_approved_by_an_import(client, agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, handler, received_on="2025-03-03")
    request.request_extension(handler, reason="需要调取档案")
    preview = client.post(IMPORT_URL, {"file": edited(exported(client, agency_a), "延期", "是")})
    assert preview.status_code == 400 and "不能代替负责人批准延期" in preview.text
    assert Extension.objects.get(request=request).status == Extension.Status.PENDING


def test_a_case_reimport_changes_the_result_and_keeps_the_note(
    client, agency_a, make_staff, make_xlsx, monkeypatch
):
    """The same class of problem in the case import: a stored case keeps what the sheet does not
    show (its note, its link to the request), and the preview says what changes."""
    freeze_today(monkeypatch, "2025-06-30")
    client.force_login(make_staff("h", roles=[HANDLER], agencies=[agency_a]))
    case = Case.objects.create(
        agency=agency_a, kind=Case.Kind.REVIEW, filed_on="2025-04-01", note="复议机关：县政府"
    )
    path = make_xlsx([
        ["被申请机关", "案件类型", "立案日期", "结果", "结案日期"],
        [agency_a.credit_code, "行政复议", "2025-04-01", "维持", "2025-05-30"],
    ])  # fmt: skip
    with open(path, "rb") as file:
        preview = client.post("/staff/requests/cases/import/", {"file": file})
    assert "结果：<del>（空）</del> → <ins>维持</ins>" in preview.text
    assert "结案日期：<del>（空）</del> → <ins>2025-05-30</ins>" in preview.text
    client.post("/staff/requests/cases/import/confirm/", {"digest": preview.context["digest"]})
    case.refresh_from_db()
    assert case.result == Case.Result.UPHELD and case.note == "复议机关：县政府"


def test_the_letter_number_and_answer_case_travel_with_the_ledger(client, agency_a, handled):
    workbook = exported(client, agency_a)
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    row = [cell.value for cell in workbook.worksheets[0][2]]
    assert row[headers.index("文号")] == handled.answer_record.letter_number != ""
    # an issued letter's number is not changed by an import: only a new 更正 letter corrects it
    preview = client.post(IMPORT_URL, {"file": edited(workbook, "文号", "舒财依复〔2025〕99号")})
    assert preview.status_code == 400 and "不能修改或清空" in str(preview.context["plan"].problems)
    # an older ledger without the new columns leaves them alone
    workbook = exported(client, agency_a)
    sheet = workbook.worksheets[0]
    sheet.delete_cols(headers.index("答复情形") + 1, 2)
    file = edited(workbook, "联系电话", NEW_PHONE)
    preview = client.post(IMPORT_URL, {"file": file})
    assert client.post(CONFIRM_URL, {"digest": preview.context["digest"]}).status_code == 302
    answer = Answer.objects.get(request=handled)
    assert answer.letter_number == handled.answer_record.letter_number


def test_an_imported_not_held_answer_records_its_case(client, agency_a, handled):
    workbook = exported(client, agency_a)
    file = edited(workbook, "申请编号", "2025-00099")
    for column, value in (("办理结果", "无法提供-本机关不掌握"), ("答复情形", "信息不存在"),
                          ("文号", "")):  # fmt: skip
        file = edited(load_workbook(file), column, value)
    preview = client.post(IMPORT_URL, {"file": file})
    assert preview.status_code == 200, preview.context["plan"].problems
    assert client.post(CONFIRM_URL, {"digest": preview.context["digest"]}).status_code == 302
    imported = Request.objects.get(number="2025-00099")
    assert (imported.outcome, imported.answer_record.case) == ("not_held", "nonexistent")
    bad = edited(load_workbook(file), "办理结果", "予以公开")
    preview = client.post(IMPORT_URL, {"file": bad})
    assert "不能填写答复情形" in str(preview.context["plan"].problems)
