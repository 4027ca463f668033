"""The publication workflow: 草稿 → 待审核 → 已发布, 退回, 更正, 撤回, with who may do what."""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Version

from catalog import publicity
from catalog.models import Item, ItemEvent
from catalog.workflow import (
    NotAllowedForUser,
    PublishedItemCannotBeDeleted,
    ReasonRequired,
    TransitionNotAllowed,
)
from organisation.roles import DISCLOSURE_OFFICE, HEAD_OF_OFFICE, INFORMATION_OFFICER, REVIEWER

from .items import CORRECTION_REVIEW, cleared, new_item, published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(make_staff, agency_a):
    return make_staff("a_drafter", [INFORMATION_OFFICER], [agency_a])


@pytest.fixture
def reviewer(make_staff, agency_a):
    return make_staff("a_reviewer", [REVIEWER], [agency_a])


@pytest.fixture
def other_reviewer(make_staff, agency_b):
    return make_staff("b_reviewer", [REVIEWER], [agency_b])


def public_status(client, item):
    return client.get(reverse("catalog:item", args=[item.pk])).status_code


def test_draft_is_invisible_until_a_reviewer_of_the_same_agency_publishes(
    client, agency_a, drafter, reviewer, django_capture_on_commit_callbacks
):
    item = new_item(agency_a, drafter)
    assert public_status(client, item) == 404

    item.submit(drafter)
    assert item.status == Item.Status.PENDING
    assert public_status(client, item) == 404

    version_before = publicity.public_version()
    with django_capture_on_commit_callbacks(execute=True):
        cleared(item, reviewer).publish(reviewer)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.published_at is not None
    assert item.index_number == f"{agency_a.credit_code}/{item.published_at.year}-00001"
    assert public_status(client, item) == 200
    assert publicity.public_version() > version_before


def test_information_officer_can_never_publish(agency_a, drafter):
    item = new_item(agency_a, drafter)
    item.submit(drafter)
    with pytest.raises(NotAllowedForUser):
        item.publish(drafter)
    item.refresh_from_db()
    assert item.status == Item.Status.PENDING
    assert item.index_number is None


def test_reviewer_of_another_agency_cannot_publish_or_return(
    agency_a, drafter, other_reviewer, client
):
    item = new_item(agency_a, drafter)
    item.submit(drafter)
    with pytest.raises(NotAllowedForUser):
        item.publish(other_reviewer)
    with pytest.raises(NotAllowedForUser):
        item.return_for_revision(other_reviewer, "不通过")
    item.refresh_from_db()
    assert item.status == Item.Status.PENDING
    assert public_status(client, item) == 404


def test_disclosure_office_oversees_but_does_not_publish(make_staff, county, agency_a, drafter):
    office = make_staff("office", [DISCLOSURE_OFFICE], [county])
    item = new_item(agency_a, drafter)
    item.submit(drafter)
    with pytest.raises(NotAllowedForUser):
        item.publish(office)


def test_return_needs_a_comment_and_sends_the_item_back_to_the_drafter(agency_a, drafter, reviewer):
    item = new_item(agency_a, drafter)
    item.submit(drafter)
    with pytest.raises(ReasonRequired):
        item.return_for_revision(reviewer, "  ")
    item.return_for_revision(reviewer, "文号有误，请核对")
    item.refresh_from_db()
    assert item.status == Item.Status.RETURNED
    assert item.review_comment == "文号有误，请核对"
    # The drafter fixes it and submits again; approval clears the comment.
    item.submit(drafter)
    cleared(item, reviewer).publish(reviewer)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.review_comment == ""


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Item.Status.DRAFT, "publish"),
        (Item.Status.RETURNED, "publish"),
        (Item.Status.PUBLISHED, "publish"),
        (Item.Status.WITHDRAWN, "publish"),
        (Item.Status.PENDING, "submit"),
        (Item.Status.PUBLISHED, "submit"),
        (Item.Status.DRAFT, "withdraw"),
        (Item.Status.PENDING, "withdraw"),
        (Item.Status.WITHDRAWN, "withdraw"),
        (Item.Status.DRAFT, "correct"),
        (Item.Status.WITHDRAWN, "correct"),
        (Item.Status.DRAFT, "return"),
        (Item.Status.PUBLISHED, "return"),
    ],
)
def test_forbidden_transitions_raise_and_change_nothing(agency_a, reviewer, status, step):
    item = new_item(agency_a, reviewer)
    Item.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    calls = {
        "publish": lambda: item.publish(reviewer),
        "submit": lambda: item.submit(reviewer),
        "withdraw": lambda: item.withdraw(reviewer, "原因"),
        "correct": lambda: item.correct(reviewer, "说明", review=CORRECTION_REVIEW),
        "return": lambda: item.return_for_revision(reviewer, "意见"),
    }
    with pytest.raises(TransitionNotAllowed):
        calls[step]()
    item.refresh_from_db()
    assert item.status == status
    assert not item.events.exists()


def test_correction_is_a_new_version_and_keeps_the_index_number(
    client, agency_a, drafter, reviewer
):
    item = published_item(agency_a, drafter, reviewer)
    number, published_at = item.index_number, item.published_at
    item.title = "舒城县财政局2025年部门预算公开（更正）"
    with pytest.raises(ReasonRequired):
        item.correct(reviewer, "", review=CORRECTION_REVIEW)
    item.correct(reviewer, "更正预算表中的数字", review=CORRECTION_REVIEW)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.index_number == number
    assert item.published_at == published_at
    assert item.corrected_at is not None
    # newest first: correct, publish, 保密审查, submit
    versions = Version.objects.get_for_object(item)
    assert versions.count() == 4
    assert versions[0].field_dict["title"].endswith("（更正）")
    assert versions[1].field_dict["title"] == "舒城县财政局2025年部门预算公开"
    page = client.get(reverse("catalog:item", args=[item.pk])).text
    assert "（更正）" in page


def test_correction_cannot_move_the_item_to_another_agency(agency_a, agency_b, drafter, reviewer):
    item = published_item(agency_a, drafter, reviewer)
    item.agency = agency_b
    with pytest.raises(TransitionNotAllowed):
        item.correct(reviewer, "换机构", review=CORRECTION_REVIEW)
    item.refresh_from_db()
    assert item.agency == agency_a


def test_withdrawn_item_keeps_its_url_and_says_so(client, agency_a, drafter, reviewer):
    item = published_item(agency_a, drafter, reviewer)
    with pytest.raises(ReasonRequired):
        item.withdraw(reviewer, "")
    item.withdraw(reviewer, "政策已调整，信息过时")
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN
    assert item.withdrawn_at is not None
    response = client.get(reverse("catalog:item", args=[item.pk]))
    assert response.status_code == 200
    assert "撤回" in response.text


def test_published_and_withdrawn_items_are_never_deleted(agency_a, drafter, reviewer):
    item = published_item(agency_a, drafter, reviewer)
    with pytest.raises(PublishedItemCannotBeDeleted):
        item.delete()
    item.withdraw(reviewer, "过时")
    with pytest.raises(PublishedItemCannotBeDeleted):
        item.delete()
    assert Item.objects.filter(pk=item.pk).exists()
    draft = new_item(agency_a, drafter)
    draft.delete()
    assert not Item.objects.filter(pk=draft.pk).exists()


def test_every_step_is_logged_with_who_when_and_why(agency_a, drafter, reviewer):
    item = new_item(agency_a, drafter)
    item.submit(drafter)
    item.return_for_revision(reviewer, "请补充附件")
    item.submit(drafter)
    cleared(item, reviewer).publish(reviewer)
    item.withdraw(reviewer, "信息有误")
    events = list(item.events.values_list("action", "user__username", "note"))
    assert events == [
        (ItemEvent.Action.SUBMITTED, "a_drafter", ""),
        (ItemEvent.Action.RETURNED, "a_reviewer", "请补充附件"),
        (ItemEvent.Action.SUBMITTED, "a_drafter", ""),
        (
            ItemEvent.Action.SECRECY_REVIEWED,
            "a_reviewer",
            "不涉及国家秘密和工作秘密，可以公开；依据：经核对不涉及国家秘密",
        ),
        (ItemEvent.Action.PUBLISHED, "a_reviewer", item.index_number),
        (ItemEvent.Action.WITHDRAWN, "a_reviewer", "信息有误"),
    ]
    versions = Version.objects.get_for_object(item)
    assert versions.count() == 6
    latest = versions.first().revision
    assert latest.user == reviewer
    assert latest.comment == "撤回：信息有误"


def test_allowed_actions_drive_the_buttons(agency_a, drafter, reviewer, other_reviewer):
    item = new_item(agency_a, drafter)
    assert item.allowed_actions(drafter) == {"submit"}
    assert item.allowed_actions(other_reviewer) == set()
    item.submit(drafter)
    assert item.allowed_actions(drafter) == set()
    assert item.allowed_actions(reviewer) == {"secrecy", "publish", "return"}
    cleared(item, reviewer).publish(reviewer)
    assert item.allowed_actions(reviewer) == {"correct", "withdraw"}
    assert item.allowed_actions(drafter) == set()


def test_an_event_names_its_local_time():
    at = datetime.datetime(2026, 1, 1, 16, 30, tzinfo=datetime.UTC)
    event = ItemEvent(action=ItemEvent.Action.SUBMITTED, at=at)
    assert str(event) == "提交审核 2026-01-02 00:30"  # Asia/Shanghai, not UTC


def test_a_step_approved_elsewhere_skips_only_the_review_role(
    make_staff, agency_a, drafter, django_capture_on_commit_callbacks
):
    """Another app (the annual report, reports/catalog_entry.py) publishes under its own
    permission: the catalog still decides the statuses, the 索引号 and the log."""
    head = make_staff("a_head", [HEAD_OF_OFFICE], [agency_a])
    item = new_item(agency_a, drafter)
    with pytest.raises(TransitionNotAllowed):
        item.publish(head, approved_elsewhere=True)  # a draft is not ready for publication
    item.submit(drafter)
    with pytest.raises(NotAllowedForUser):
        item.publish(head)
    with django_capture_on_commit_callbacks(execute=True):
        item.publish(head, approved_elsewhere=True)
    item.refresh_from_db()
    assert item.is_published and item.is_public and item.index_number
    with pytest.raises(ReasonRequired):
        item.withdraw(head, "", approved_elsewhere=True)
    item.withdraw(head, "数据有误", approved_elsewhere=True)
    assert [(e.action, e.user) for e in item.events.all()] == [
        (ItemEvent.Action.SUBMITTED, drafter),
        (ItemEvent.Action.PUBLISHED, head),
        (ItemEvent.Action.WITHDRAWN, head),
    ]
