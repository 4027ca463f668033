"""The staff home (工作台, /staff/): each role's work, for its agencies only, every count opening
the list of exactly those rows; where logging in lands; its queries do not grow with the data.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.models import Item
from requests_app.models import (
    AnswerDraft,
    AnswerSecrecyReview,
    Extension,
    Request,
    RequestAttachment,
)
from requests_app.outcomes import Outcome
from tests.items import new_item
from tests.privacy_files import docx_bytes
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 12, 10)


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, TODAY)


@pytest.fixture
def county_work(today, make_staff, county, agency_a, agency_b):
    """Agency A (财政局) and B (教体局) under the county, with work in every state; a user of
    every role of A, a 审核人 of B and the county's 公开办."""
    users = {
        "xinxiyuan": make_staff("xinxiyuan", ["信息员"], [agency_a]),
        "shenhe": make_staff("shenhe", ["审核人"], [agency_a]),
        "banli": make_staff("banli", ["办理人"], [agency_a]),
        "fuzeren": make_staff("fuzeren", ["负责人"], [agency_a]),
        "shenhe_b": make_staff("shenhe_b", ["审核人"], [agency_b]),
        "office": make_staff("office", ["公开办"], [county]),
    }
    drafter = users["xinxiyuan"]
    for _ in range(2):
        new_item(agency_a, drafter, title="财政局草稿")
    for agency, number, user in ((agency_a, 3, drafter), (agency_b, 1, users["shenhe_b"])):
        for _ in range(number):
            new_item(agency, user, title="待审核的信息").submit(user)
    returned = new_item(agency_a, drafter, title="2025年部门预算公开")
    returned.submit(drafter)
    returned.return_for_revision(users["shenhe"], "请补充“三公”经费说明表")
    late, soon = today - datetime.timedelta(days=60), today - datetime.timedelta(days=25)
    for agency, received in (
        (agency_a, late),
        (agency_a, late),
        (agency_a, soon),
        (agency_b, late),
    ):
        make_request(agency, drafter, received_on=received)
    online, _ = make_request(agency_a, drafter, received_on=today, channel=Request.Channel.ONLINE)
    Request.objects.filter(pk=online.pk).update(status=Request.Status.SUBMITTED)
    waiting, _ = make_request(agency_a, drafter, received_on=today)
    Extension.objects.create(request=waiting, reason="需要调取档案", requested_at=timezone.now())
    return users


def panels_of(client, user):
    client.force_login(user)
    response = client.get("/staff/")
    assert response.status_code == 200
    return response, {
        panel.title: {count.label: count.number for count in panel.counts}
        for panel in response.context["panels"]
    }


def test_an_information_officer_sees_drafts_and_returned_items_with_the_comment(
    client, county_work
):
    response, panels = panels_of(client, county_work["xinxiyuan"])
    assert panels == {"政府信息": {"草稿": 2, "已退回待修改": 1}}
    assert "请补充“三公”经费说明表" in response.text
    assert "2025年部门预算公开" in response.text
    assert "新增政府信息" in response.text


def test_a_reviewer_sees_what_waits_for_review_in_their_agency_only(client, county_work):
    _, panels = panels_of(client, county_work["shenhe"])
    assert panels["政府信息"]["待审核"] == 3
    _, panels = panels_of(client, county_work["shenhe_b"])
    assert panels["政府信息"] == {"草稿": 0, "已退回待修改": 0, "待审核": 1}


def test_a_handler_sees_requests_to_confirm_due_soon_and_overdue(client, county_work):
    response, panels = panels_of(client, county_work["banli"])
    assert panels == {"依申请公开": {"网上申请待确认": 1, "5个工作日内到期": 1, "已超期": 2}}
    assert "登记申请" in response.text
    assert "有超期申请的机关" not in response.text  # the agencies' overview is the 公开办's


def test_a_head_of_office_sees_extensions_to_approve_and_the_annual_report(client, county_work):
    response, panels = panels_of(client, county_work["fuzeren"])
    assert panels["依申请公开"]["待批准延期"] == 1
    assert panels["年度报告"] == {"2024年度报告未发布": 1}
    # 条例第四十九条: a department publishes by 31 January.
    assert "舒城县财政局2024年度报告" in response.text
    assert "截止 2025-01-31，已逾期313天" in response.text


def test_the_disclosure_office_sees_everything_over_its_subtree(client, county_work):
    response, panels = panels_of(client, county_work["office"])
    assert panels == {
        "政府信息": {"草稿": 2, "已退回待修改": 1, "待审核": 4},
        "依申请公开": {
            "网上申请待确认": 1,
            "5个工作日内到期": 1,
            "已超期": 3,
            "待批准延期": 1,
        },
        "年度报告": {"2024年度报告未发布": 3},
    }
    rows = {row.text: row.meta for row in response.context["panels"][1].rows}
    assert rows == {"舒城县财政局": "2件超期", "舒城县教育体育局": "1件超期"}
    # 人民政府 publish by 31 March, departments by 31 January.
    assert "截止 2025-03-31" in response.text and "截止 2025-01-31" in response.text


def test_the_office_counts_its_subtree_only_when_it_holds_most_agencies(
    client, county_work, make_agency, django_user_model
):
    """The office's scope holds 3 of 4 agencies: its item counts are every agency's less those
    of the one outside (catalog/workload.py), whose work is not the office's."""
    other = make_agency("庐江县人民政府", kind="government")
    maker = django_user_model.objects.create_superuser("maker", password="correct-horse-9")
    for _ in range(3):
        new_item(other, maker, title="另一县的草稿")
    new_item(other, maker, title="另一县待审核").submit(maker)
    _, panels = panels_of(client, county_work["office"])
    assert panels["政府信息"] == {"草稿": 2, "已退回待修改": 1, "待审核": 4}


def rows_shown(response):
    """The number of rows the list behind a count shows (all pages)."""
    if "cl" in response.context:
        return response.context["cl"].result_count  # an admin changelist
    return response.context["page"].paginator.count  # the worklist, the unpublished reports


@pytest.mark.parametrize("role", ["xinxiyuan", "shenhe", "banli", "fuzeren", "shenhe_b", "office"])
def test_every_count_opens_the_list_of_exactly_those_rows(client, county_work, role):
    response, _ = panels_of(client, county_work[role])
    counts = [count for panel in response.context["panels"] for count in panel.counts]
    assert counts
    for count in counts:
        assert f'href="{count.url}"'.replace("&", "&amp;") in response.text
        listed = client.get(count.url)
        assert listed.status_code == 200, count
        assert rows_shown(listed) == count.number, count


def test_returned_items_link_to_the_form_that_fixes_them(client, county_work):
    response, _ = panels_of(client, county_work["xinxiyuan"])
    row = response.context["panels"][0].rows[0]
    item = Item.objects.get(status=Item.Status.RETURNED)
    assert row.url == f"/admin/catalog/item/{item.pk}/change/"
    assert client.get(row.url).status_code == 200


def test_logging_in_at_the_admin_lands_on_the_staff_home(client, make_staff, agency_a):
    make_staff("banli", ["办理人"], [agency_a])
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "banli", "password": "correct-horse-9", "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/staff/"
    assert response.context["panels"][0].title == "依申请公开"


def test_the_admin_model_index_is_one_link_away(client, county_work):
    response, _ = panels_of(client, county_work["office"])
    assert 'href="/admin/models/"' in response.text
    index = client.get("/admin/models/")
    assert index.status_code == 200
    assert [app["app_label"] for app in index.context["app_list"]]


def test_visitors_and_non_staff_are_sent_to_log_in(client, django_user_model):
    assert client.get("/staff/")["Location"].startswith("/admin/login/")
    citizen = django_user_model.objects.create_user("citizen", password="correct-horse-9")
    client.force_login(citizen)
    assert client.get("/staff/")["Location"].startswith("/admin/login/")


def test_staff_without_agency_or_role_are_told_what_to_ask_for(client, make_staff, agency_a):
    client.force_login(make_staff("newcomer", []))
    response = client.get("/staff/")
    assert "还没有所属机关" in response.text and "还没有分配角色" in response.text


def add_departments(root, maker, make_agency, number, requests_per_agency):
    """`number` departments under `root`, each with items and requests in every state."""
    for _ in range(number):
        agency = make_agency(f"省厅{Item.objects.count()}", parent=root)
        new_item(agency, maker, title="草稿")
        new_item(agency, maker, title="待审核").submit(maker)
        for n in range(requests_per_agency):
            received = TODAY - datetime.timedelta(days=15 * n)
            request, _ = make_request(agency, maker, received_on=received)
            if n % 3 == 1:  # a paused clock: its stored due date moved
                request.start_consultation(
                    maker, kind="third_party", addressee="第三方", matter="商业秘密",
                    sent_on=received,
                )  # fmt: skip


HOME_QUERIES = 13


def test_the_home_of_a_province_office_takes_the_same_queries_whatever_its_size(
    client, today, make_agency, make_staff, django_user_model, django_assert_num_queries
):
    """The 公开办's home takes 13 queries whatever the number of agencies and requests:
    session and user (2); the user's permissions (2: own, groups'); the user's agencies for
    the scope and for the header (2); the item counts (3: how many agencies the scope holds,
    then, as it holds nearly all, the counts of every agency less those of the agencies outside,
    catalog/workload.py); the request counts by agency (1: the stored due date is filtered,
    paused clocks included, no deadline computed per row); the answers waiting for 保密审查 (1:
    the office is also 负责人); last year's unpublished reports (1, over the scope already
    found); the open 督办 (1). The office drafts nothing: no returned items.
    The working-day calendar is read once a minute per year (workcalendar): warmed first.
    """
    root = make_agency("省人民政府", kind="government")
    office = make_staff("province_office", ["公开办", "负责人"], [root])
    maker = django_user_model.objects.create_superuser("maker", password="correct-horse-9")
    add_departments(root, maker, make_agency, number=2, requests_per_agency=3)
    client.force_login(office)
    client.get("/staff/")
    with django_assert_num_queries(HOME_QUERIES):
        small = client.get("/staff/")
    add_departments(root, maker, make_agency, number=10, requests_per_agency=6)
    with django_assert_num_queries(HOME_QUERIES):
        large = client.get("/staff/")

    def overdue(response):
        return response.context["panels"][1].counts[2].number

    assert overdue(large) > overdue(small) > 0  # the data did grow, paused clocks included


def answer_file(request, user, name="答复材料.docx"):
    upload = SimpleUploadedFile(name, docx_bytes(["补偿标准说明"]))
    return request.add_attachment(user, upload, RequestAttachment.Source.ANSWER)


def review(request, user, at, conclusion="cleared"):
    made = AnswerSecrecyReview.objects.create(
        request=request, reviewer=user, conclusion=conclusion, basis="不涉密", files="答复材料.docx"
    )
    AnswerSecrecyReview.objects.filter(pk=made.pk).update(reviewed_at=at)


@pytest.fixture
def secrecy_work(county_work, agency_a, agency_b):
    """Answers of A and B in every state of the 保密审查 (条例第十七条); returns the requests
    that wait for it, counted by hand."""
    handler, head = county_work["banli"], county_work["fuzeren"]
    now = timezone.now()
    hour = datetime.timedelta(hours=1)

    def answer(agency=agency_a, *, files=1, staff_file=False, draft=False):
        request, _ = make_request(agency, handler, received_on=TODAY)
        for n in range(files):
            answer_file(request, handler, f"答复材料{n}.docx")
        if staff_file:
            request.add_attachment(
                handler, SimpleUploadedFile("笔录.docx", docx_bytes(["笔录"])), "staff"
            )
        if draft:
            request.save_answer_draft(handler, outcome=Outcome.GRANTED, content="见附件")
        # every change an hour ago, so that a review "now" is after it
        RequestAttachment.objects.filter(request=request).update(created_at=now - hour)
        AnswerDraft.objects.filter(request=request).update(updated_at=now - hour)
        return request

    never_reviewed = answer(files=2)
    with_draft_never_reviewed = answer(draft=True)
    cleared = answer(draft=True)
    review(cleared, head, now)
    refused = answer()  # a standing "不得公开": the handler acts next, not the reviewer
    review(refused, head, now, conclusion="not_cleared")
    file_added_since = answer()
    review(file_added_since, head, now - 2 * hour)
    draft_rewritten_since = answer(draft=True)
    review(draft_rewritten_since, head, now - 2 * hour)
    RequestAttachment.objects.filter(request=draft_rewritten_since).update(
        created_at=now - 3 * hour
    )
    answer(files=0, staff_file=True)  # nothing goes to the applicant: nothing to review
    consulting = answer()  # the clock stops, no step of the answer is offered
    Request.objects.filter(pk=consulting.pk).update(status=Request.Status.CONSULTING)
    answer(agency_b)  # another agency's
    return [never_reviewed, with_draft_never_reviewed, file_added_since, draft_rewritten_since]


def test_a_reviewer_sees_the_answers_whose_files_wait_for_secrecy_review(
    client, county_work, secrecy_work
):
    response, panels = panels_of(client, county_work["fuzeren"])
    assert panels["依申请公开"]["答复附件待保密审查"] == 4
    counts = [count for panel in response.context["panels"] for count in panel.counts]
    count = next(count for count in counts if count.label == "答复附件待保密审查")
    assert count.urgent
    listed = client.get(count.url)
    assert {row.pk for row in listed.context["page"].object_list} == {r.pk for r in secrecy_work}
    # The same rows as the rule the answer step applies (models/answer_secrecy.py).
    in_progress = Request.objects.filter(
        agency=secrecy_work[0].agency, status=Request.Status.IN_PROGRESS
    )
    by_rule = {r.pk for r in in_progress if r.answer_files() and not r.answer_secrecy_review()}
    assert by_rule == {r.pk for r in secrecy_work}


def test_only_reviewers_see_the_secrecy_count(client, county_work, secrecy_work):
    for role in ("banli", "office"):  # no perm catalog.review_secrecy
        _, panels = panels_of(client, county_work[role])
        assert "答复附件待保密审查" not in panels["依申请公开"]
