"""The request ledger and case imports (docs/spreadsheets.md §2–§3) through the commands."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from requests_app.ledger import COLUMNS
from requests_app.models import Case, Request, RequestEvent
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2025-06-30")


def ledger_row(agency, **overrides):
    row = dict.fromkeys(COLUMNS, None)
    row.update({
        "受理机关": agency.credit_code,
        "申请编号": "财-2025-001",
        "申请方式": "信函",
        "收到日期": datetime.date(2025, 3, 3),
        "申请人类型": "自然人",
        "申请人姓名或名称": "李四",
        "证件号码": "340000199001011234",
        "所需信息描述": "2024年预算执行情况",
    })  # fmt: skip
    row.update(overrides)
    return [row[c] for c in COLUMNS]


def test_import_creates_then_changes_nothing(agency_a, make_xlsx, capsys):
    path = make_xlsx([
        COLUMNS,
        ledger_row(agency_a),
        ledger_row(agency_a, 申请编号="财-2025-002", 答复日期="2025-03-20", 办理结果="予以公开"),
        ledger_row(
            agency_a, 申请编号="", 所需信息描述="某企业的补贴发放明细", 补正告知日期="2025-03-05", 补正收到日期="2025-03-20",
            征求意见日期="2025-03-24", 意见收到日期="2025-03-26", 延期="是",
            答复日期=datetime.date(2025, 5, 6), 办理结果="（三）不予公开 4.保护第三方合法权益",
            **{"收费金额（元）": 100},
        ),
    ])  # fmt: skip
    call_command("import_requests", str(path))
    assert Request.objects.count() == 3
    unnumbered = Request.objects.get(outcome="third_party")
    assert unnumbered.number == "YS2025-000001"
    assert unnumbered.is_extended and unnumbered.correction.corrected_on == datetime.date(
        2025, 3, 20
    )
    # 20 days from 20 March, + 2 paused, + 20 extended = the 42nd working day
    assert str(Request.objects.with_clock().get(pk=unnumbered.pk).due()) == "2025-05-22"
    events = RequestEvent.objects.count()
    call_command("import_requests", str(path))
    assert Request.objects.count() == 3 and RequestEvent.objects.count() == events
    assert "0 件、已更新 0 件，3 件无变化" in capsys.readouterr().out


def test_export_then_import_round_trips(agency_a, agency_b, tmp_path, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    granted, _ = make_request(agency_a, received_on="2025-03-03", description='=HYPERLINK("x")')
    consulted, _ = make_request(agency_a, received_on="2025-03-04")
    consulted.start_consultation(None, kind="agency", addressee="县审计局", matter="审计报告")
    make_request(agency_b)  # another agency: not exported
    freeze_today(monkeypatch, "2025-03-20")
    granted.answer(None, outcome="granted")
    out = tmp_path / "export.xlsx"
    call_command("export_requests", "--agency", agency_a.credit_code, "--output", str(out))
    sheet = load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*COLUMNS, "答复期限", "办理状态"]
    assert len(rows) == 3
    by_number = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_number[granted.number]["办理结果"] == "予以公开"
    assert by_number[granted.number]["办理状态"] == "已办结"
    assert by_number[granted.number]["所需信息描述"].startswith("'=")
    assert by_number[consulted.number]["答复期限"] == "2025-04-23"
    before = RequestEvent.objects.count()
    call_command("import_requests", str(out))
    assert RequestEvent.objects.count() == before
    assert Request.objects.get(pk=granted.pk).description == '=HYPERLINK("x")'


def test_a_bad_ledger_is_rejected_with_every_problem(agency_a, make_xlsx, capsys):
    path = make_xlsx([
        COLUMNS,
        ledger_row(agency_a, 申请方式="飞鸽传书", 收到日期="2025-13-01"),
        ledger_row(agency_a, 受理机关="不存在的机关", 办理结果="予以公开"),
        ledger_row(agency_a, 申请编号="财-2025-001", 办理结果="随便", 答复日期="2025-03-01"),
        ledger_row(agency_a, 补正收到日期="2025-03-09", 电子邮箱="not-an-email"),
    ])  # fmt: skip
    with pytest.raises(CommandError, match="未导入"):
        call_command("import_requests", str(path))
    err = capsys.readouterr().err
    for expected in [
        "第2行「申请方式」",
        "第2行「收到日期」",
        "第3行「受理机关」",
        "第3行「答复日期」：填写了办理结果时必须填写答复日期",
        "第4行「申请编号」：与第2行的申请编号重复",
        "第4行「答复日期」：不能早于收到日期",
        "第4行「办理结果」",
        "第5行「电子邮箱」",
        "第5行「补正告知日期」",
    ]:
        assert expected in err, expected
    assert not Request.objects.exists()


def test_import_cases(agency_a, make_xlsx, capsys, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a)
    path = make_xlsx([
        ["被申请机关", "案件类型", "立案日期", "结果", "结案日期", "关联申请编号"],
        [agency_a.name, "行政复议", "2025-04-01", "维持", "2025-05-30", request.number],
        [agency_a.credit_code, "直接起诉", "2025-04-02", None, None, None],
        [agency_a.credit_code, "直接起诉", "2025-04-02", None, None, None],
    ])  # fmt: skip
    freeze_today(monkeypatch, "2025-06-30")
    call_command("import_cases", str(path))
    assert Case.objects.count() == 3
    assert Case.objects.get(kind="review").request == request
    call_command("import_cases", str(path))
    assert Case.objects.count() == 3
    bad = make_xlsx([
        ["被申请机关", "案件类型", "立案日期", "结果", "结案日期"],
        [agency_a.name, "仲裁", "2025-04-01", "维持", None],
    ], name="bad.xlsx")  # fmt: skip
    with pytest.raises(CommandError):
        call_command("import_cases", str(bad))
    err = capsys.readouterr().err
    assert "第2行「案件类型」" in err and "第2行「结案日期」" in err


def test_a_number_held_elsewhere_in_the_portal_becomes_the_original_number(
    agency_a, agency_b, make_xlsx
):
    """Numbers are unique in the portal: another agency's ledger may use the same number."""
    mine = make_xlsx([COLUMNS, ledger_row(agency_a, 申请编号="2025-001")], name="a.xlsx")
    call_command("import_requests", str(mine))
    path = make_xlsx([COLUMNS, ledger_row(agency_b, 申请编号="2025-001")], name="b.xlsx")
    call_command("import_requests", str(path))
    theirs = Request.objects.get(agency=agency_b)
    assert theirs.number == "YS2025-000001" and theirs.original_number == "2025-001"
    assert Request.objects.get(agency=agency_a).number == "2025-001"

    call_command("import_requests", str(path))  # the same file again: found by 原申请编号
    assert Request.objects.count() == 2
    changed = make_xlsx([COLUMNS, ledger_row(agency_b, 申请编号="2025-001", 答复日期="2025-03-20", 办理结果="予以公开")], name="c.xlsx")  # fmt: skip
    call_command("import_requests", str(changed))
    assert Request.objects.get(pk=theirs.pk).outcome == "granted"
    assert Request.objects.count() == 2


def test_a_consultation_after_the_due_date_never_moves_it(agency_a, make_xlsx):
    """条例第三十二条: the ledger records history as it was, but a consultation begun after the
    due date (31 March) does not stop a clock that has already run out: still 超期办结."""
    path = make_xlsx([
        COLUMNS,
        ledger_row(
            agency_a, 征求意见日期="2025-04-02", 意见收到日期="2025-04-20",
            答复日期="2025-04-25", 办理结果="予以公开",
        ),
    ])  # fmt: skip
    call_command("import_requests", str(path))
    request = Request.objects.with_clock().get()
    assert request.consultations.count() == 1
    assert str(request.due()) == "2025-03-31"
    assert request.handling_state().label == "超期办结"
