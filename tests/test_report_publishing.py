"""Publishing annual reports from the staff page: checks, overrides, frozen revisions,
corrections, withdrawal, the catalog entry in 政府信息公开年报, and who may do it."""

import io
import re

import pytest
from openpyxl import load_workbook
from reversion.models import Version

from catalog.models import Directory, Item, ItemEvent
from reports.models import AnnualReport, ReportRevision
from reports.publishing import NotAllowedForUser, NoteRequired
from requests_app.models import Request
from tests.annual_report import EXPECTED_3, D, build_2025, request
from tests.requesting import freeze_today

pytestmark = pytest.mark.django_db

OVERVIEW = "2025年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-01-20")


@pytest.fixture
def head_a(make_staff, agency_a):
    return make_staff("fuzeren_a", roles=["负责人"], agencies=[agency_a])


@pytest.fixture
def office(make_staff, county):
    return make_staff("gongkaiban", roles=["公开办"], agencies=[county])


def staff_url(agency, rest="", year=2025):
    return f"/staff/reports/{agency.pk}/{year}/{rest}"


def public_url(agency, rest="", year=2025):
    return f"/reports/{agency.credit_code}/{year}/{rest}"


def written(agency, **fields):
    report, _ = AnnualReport.objects.update_or_create(
        agency=agency, year=2025, with_subordinates=False, defaults={"overview": OVERVIEW, **fields}
    )
    return report


def publish(client, agency, django_capture_on_commit_callbacks, note="", rest=""):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(staff_url(agency, rest + "publish/"), {"note": note})


def public_figures(html):
    block = re.search(r'<table class="report-table report-table-3".*?</table>', html, re.S)
    return [int(v) for v in re.findall(r'<td class="num"[^>]*>(\d+)</td>', block.group(0))]


def test_a_failing_check_blocks_publishing_until_accepted_with_a_reason(
    client, head_a, agency_a, django_capture_on_commit_callbacks
):
    written(agency_a)
    request(
        agency_a, "research", D(2025, 6, 1), "granted", D(2024, 12, 1)
    )  # closed before received
    client.force_login(head_a)
    response = publish(client, agency_a, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "校验未通过：“各列第一项加第二项等于第三项加第四项”" in response.content.decode()
    assert not ReportRevision.objects.exists() and not Item.objects.exists()

    client.post(
        staff_url(agency_a, "override/"), {"key": "balance", "reason": "旧系统迁移的日期有误"}
    )
    response = publish(client, agency_a, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    revision = ReportRevision.objects.get()
    balance = next(c for c in revision.snapshot["checks"] if c["key"] == "balance")
    assert balance == {**balance, "passed": False, "override": "旧系统迁移的日期有误"}
    html = client.get(staff_url(agency_a)).content.decode()
    assert "已发布第1版" in html


def test_section_one_must_be_written_before_publishing(client, head_a, agency_a):
    client.force_login(head_a)
    response = client.post(staff_url(agency_a, "publish/"))
    assert response.status_code == 400 and "“一、总体情况”尚未填写" in response.content.decode()
    assert not ReportRevision.objects.exists()


def test_a_published_revision_is_frozen_against_later_edits(
    client, head_a, agency_a, django_capture_on_commit_callbacks
):
    build_2025(agency_a)
    written(agency_a, licences=7)
    client.force_login(head_a)
    assert publish(client, agency_a, django_capture_on_commit_callbacks).status_code == 302
    expected = [v for row in EXPECTED_3.values() for v in row]
    assert public_figures(client.get(public_url(agency_a)).content.decode()) == expected

    # Later: a 2025 request changes its outcome and another one is entered; the draft changes.
    changed = Request.objects.filter(received_on=D(2025, 3, 1), outcome="granted").first()
    changed.outcome = "not_held"
    changed.save()
    request(agency_a, "person", D(2025, 4, 1), "granted", D(2025, 4, 9))
    AnnualReport.objects.filter(agency=agency_a).update(licences=99, overview="改过的草稿")

    client.logout()
    html = client.get(public_url(agency_a)).content.decode()
    assert public_figures(html) == expected
    assert OVERVIEW in html and "改过的草稿" not in html
    book = load_workbook(io.BytesIO(client.get(public_url(agency_a, "xlsx/")).content))
    sheet = book["三、收到和处理政府信息公开申请情况"]
    assert [sheet.cell(5, c).value for c in range(4, 11)] == EXPECTED_3["new"]
    assert [sheet.cell(7, c).value for c in range(4, 11)] == EXPECTED_3["granted"]
    assert book["二、主动公开政府信息情况"]["B8"].value == 7  # 行政许可 as published
    # The staff page shows today's figures: one more 新收 in the 自然人 column.
    client.force_login(head_a)
    staff_html = client.get(staff_url(agency_a)).content.decode()
    assert public_figures(staff_html)[0] == EXPECTED_3["new"][0] + 1


def test_a_correction_is_a_new_revision_and_the_old_one_stays_readable(
    client, head_a, agency_a, django_capture_on_commit_callbacks
):
    build_2025(agency_a)
    written(agency_a)
    client.force_login(head_a)
    publish(client, agency_a, django_capture_on_commit_callbacks)
    item = ReportRevision.objects.get().item
    request(agency_a, "business", D(2025, 5, 5), "granted", D(2025, 5, 20))

    response = publish(client, agency_a, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "须填写更正说明" in response.content.decode()
    response = publish(client, agency_a, django_capture_on_commit_callbacks, note="补录一件申请")
    assert response.status_code == 302
    assert list(ReportRevision.objects.values_list("number", "note")) == [
        (1, ""),
        (2, "补录一件申请"),
    ]
    client.logout()
    newest = client.get(public_url(agency_a)).content.decode()
    assert public_figures(newest)[0] == EXPECTED_3["new"][0]  # 自然人 unchanged
    assert public_figures(newest)[1] == EXPECTED_3["new"][1] + 1  # 商业企业 one more
    assert "第2版（更正说明：补录一件申请）" in newest
    old = client.get(public_url(agency_a, "r1/")).content.decode()
    assert public_figures(old)[1] == EXPECTED_3["new"][1]
    assert "本页是第1版" in old and f'href="{public_url(agency_a)}"' in old
    assert client.get(public_url(agency_a, "r1/xlsx/")).status_code == 200
    assert client.get(public_url(agency_a, "r3/")).status_code == 404
    # One catalog entry, corrected in place: same 索引号, an event per step.
    item.refresh_from_db()
    assert (
        Item.objects.filter(genre=Item.Genre.REPORT).count() == 1 and item.corrected_at is not None
    )
    assert list(item.events.values_list("action", flat=True)) == [
        ItemEvent.Action.PUBLISHED,
        ItemEvent.Action.CORRECTED,
    ]
    assert Version.objects.get_for_object(AnnualReport.objects.get()).count() == 2


def test_publishing_puts_the_report_into_the_annual_report_directory(
    client, head_a, agency_a, django_capture_on_commit_callbacks
):
    written(agency_a)
    client.force_login(head_a)
    publish(client, agency_a, django_capture_on_commit_callbacks)
    item = Item.objects.get()
    directory = Directory.objects.get(parent=None, name="政府信息公开年报")
    assert item.directory == directory and item.status == Item.Status.PUBLISHED
    assert item.title == "舒城县财政局2025年政府信息公开工作年度报告"
    assert item.genre == Item.Genre.REPORT and item.agency == agency_a
    assert re.fullmatch(rf"{agency_a.credit_code}/\d{{4}}-00001", item.index_number)
    assert f'href="{public_url(agency_a)}"' in item.body
    assert ReportRevision.objects.get().item == item

    client.logout()
    listing = client.get(f"/catalog/?agency={agency_a.credit_code}&directory={directory.pk}")
    assert item.title in listing.content.decode()
    assert item.title in client.get(f"/search/?q={item.title}").content.decode()
    assert item.title in client.get(f"/feeds/agencies/{agency_a.credit_code}/").content.decode()
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'href="{public_url(agency_a)}"' in page
    agency_page = client.get(f"/agencies/{agency_a.credit_code}/").content.decode()
    assert f'href="/reports/{agency_a.credit_code}/"' in agency_page
    reports = client.get(f"/reports/{agency_a.credit_code}/").content.decode()
    assert f'href="{public_url(agency_a)}"' in reports


def test_a_withdrawn_report_stays_readable_and_says_so(
    client, head_a, agency_a, django_capture_on_commit_callbacks
):
    written(agency_a)
    client.force_login(head_a)
    publish(client, agency_a, django_capture_on_commit_callbacks)
    assert client.post(staff_url(agency_a, "withdraw/"), {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_url(agency_a, "withdraw/"), {"reason": "数据有误，待更正"})
    assert response.status_code == 302
    assert Item.objects.get().status == Item.Status.WITHDRAWN
    client.logout()
    html = client.get(public_url(agency_a)).content.decode()
    assert "本报告已撤回" in html and "数据有误，待更正" in html
    # Published again (a correction): a new catalog entry, the withdrawn one stays.
    client.force_login(head_a)
    publish(client, agency_a, django_capture_on_commit_callbacks, note="更正后重新发布")
    assert sorted(Item.objects.values_list("status", flat=True)) == ["published", "withdrawn"]


def test_who_may_publish(client, make_staff, county, agency_a, agency_b, head_a, office):
    written(agency_a)
    head_b = make_staff("fuzeren_b", roles=["负责人"], agencies=[agency_b])
    clerk = make_staff("xinxiyuan_a", roles=["信息员", "审核人"], agencies=[agency_a])
    client.force_login(head_b)
    assert client.post(staff_url(agency_a, "publish/")).status_code == 404
    client.force_login(clerk)
    assert client.post(staff_url(agency_a, "publish/")).status_code == 403
    client.force_login(head_a)  # not the county, not sums over a subtree
    assert client.post(staff_url(county, "publish/")).status_code == 404
    assert client.post(staff_url(agency_a, "all/publish/")).status_code == 404
    assert client.get(staff_url(agency_a, "publish/")).status_code == 405
    assert not ReportRevision.objects.exists()
    # The model method enforces the same rule, whatever calls it.
    report = AnnualReport.objects.get()
    with pytest.raises(NotAllowedForUser):
        report.publish(head_b)
    # The office of the county may publish a department's report.
    report.publish(office)
    with pytest.raises(NoteRequired):
        report.publish(office)


def test_the_public_never_sees_an_unpublished_report(client, agency_a):
    written(agency_a)
    for rest in ("", "xlsx/", "r1/", "all/"):
        assert client.get(public_url(agency_a, rest)).status_code == 404
    assert client.get("/reports/no-such-agency/2025/").status_code == 404
    html = client.get(f"/reports/{agency_a.credit_code}/").content.decode()
    assert "尚未在本门户发布" in html


def test_a_draft_placeholder_blocks_publishing(client, head_a, agency_a):
    written(agency_a, overview=OVERVIEW + "\n\n（四）政府信息管理、平台建设和监督保障。（请补充）")
    client.force_login(head_a)
    response = client.post(staff_url(agency_a, "publish/"))
    assert response.status_code == 400
    assert "“一、总体情况”中还有草稿留下的“（请补充）”" in response.content.decode()
    assert not ReportRevision.objects.exists()


def test_personal_data_in_the_report_text_blocks_publishing_until_masked(
    client, head_a, agency_a, django_capture_on_commit_callbacks
):
    """The report is published into the catalog: the privacy screen applies to its prose."""
    from tests.privacy_files import id_number

    written(agency_a, other_matters=f"申请人张三（身份证号{id_number()}）对答复不服。")
    client.force_login(head_a)
    page = client.get(staff_url(agency_a)).text
    assert "文字部分不含未遮盖的个人信息" in page
    assert "六、其他需要报告的事项：身份证号 35*************234" in page
    response = publish(client, agency_a, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "校验未通过：“文字部分不含未遮盖的个人信息”" in response.text
    assert not ReportRevision.objects.exists() and not Item.objects.exists()
    written(agency_a, other_matters="申请人张三（身份证号35*************234）对答复不服。")
    assert publish(client, agency_a, django_capture_on_commit_callbacks).status_code == 302
    assert ReportRevision.objects.count() == 1
