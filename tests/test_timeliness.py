"""条例第二十六条: published within 20 working days of 成文日期, else late by so many working days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import timeliness
from organisation.roles import INFORMATION_OFFICER, REVIEWER
from workcalendar.models import CalendarDay

from .items import CORRECTION_REVIEW, cleared, new_item

D = datetime.date


def at(day):
    """Noon, Beijing time, on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.mark.django_db  # the calendar reads the days staff entered
@pytest.mark.parametrize(
    ("written", "published", "workdays", "late", "label"),
    [
        (D(2025, 3, 3), D(2025, 3, 3), 0, 0, "按期"),
        (D(2025, 3, 3), D(2025, 3, 31), 20, 0, "按期"),  # the 20th working day after
        (D(2025, 3, 3), D(2025, 4, 1), 21, 1, "逾期1个工作日"),
        # 国庆/中秋 2025: 1–8 Oct off, Sun 28 Sep and Sat 11 Oct worked.
        (D(2025, 9, 26), D(2025, 10, 24), 16, 0, "按期"),
        (D(2025, 9, 26), D(2025, 11, 7), 26, 6, "逾期6个工作日"),
        # 成文日期 on a Sunday: counting starts the next day.
        (D(2025, 3, 2), D(2025, 3, 3), 1, 0, "按期"),
    ],
)
def test_workdays_taken_and_lateness(written, published, workdays, late, label):
    taken = timeliness.workdays_taken(written, at(published))
    assert taken == workdays
    late_by = timeliness.lateness(written, at(published), timeliness.DEFAULT_LIMIT)
    assert late_by == late
    assert timeliness.describe(late_by) == label


def test_not_published_is_unknown():
    assert timeliness.workdays_taken(D(2025, 3, 3), None) is None
    assert timeliness.describe(None) == "—"


@pytest.fixture
def staff(make_staff, agency_a):
    return (
        make_staff("drafter", [INFORMATION_OFFICER], [agency_a]),
        make_staff("reviewer", [REVIEWER], [agency_a]),
    )


def publish_on(item, day, staff, monkeypatch):
    drafter, reviewer = staff
    monkeypatch.setattr(timezone, "now", lambda: at(day))
    item.submit(drafter)
    cleared(item, reviewer).publish(reviewer)
    item.refresh_from_db()
    return item


@pytest.mark.django_db
def test_publication_records_the_working_days_taken(agency_a, staff, monkeypatch):
    item = new_item(agency_a, written_on=D(2025, 3, 3))
    publish_on(item, D(2025, 4, 1), staff, monkeypatch)
    assert item.workdays_to_publish == 21


@pytest.mark.django_db
def test_correcting_the_written_date_recomputes_it(agency_a, staff, monkeypatch):
    item = publish_on(
        new_item(agency_a, written_on=D(2025, 3, 3)), D(2025, 4, 1), staff, monkeypatch
    )
    item.written_on = D(2025, 3, 10)
    item.correct(staff[1], "成文日期有误", review=CORRECTION_REVIEW)
    item.refresh_from_db()
    assert item.workdays_to_publish == 16


@pytest.mark.django_db
def test_admin_lists_and_filters_late_items_with_how_late(client, agency_a, staff, monkeypatch):
    on_time = publish_on(
        new_item(agency_a, title="按期发布的通知", written_on=D(2025, 3, 3)),
        D(2025, 3, 31),
        staff,
        monkeypatch,
    )
    late = publish_on(
        new_item(agency_a, title="逾期发布的通知", written_on=D(2025, 3, 3)),
        D(2025, 4, 14),
        staff,
        monkeypatch,
    )
    assert late.workdays_to_publish == 29
    client.force_login(staff[1])
    url = reverse("admin:catalog_item_changelist")
    page = client.get(url).text
    assert "逾期9个工作日" in page and "按期" in page
    page = client.get(url, {"timeliness": "late"}).text
    assert late.title in page and on_time.title not in page
    page = client.get(url, {"timeliness": "ontime"}).text
    assert on_time.title in page and late.title not in page
    assert late.title not in client.get(url, {"timeliness": "late10"}).text


@pytest.mark.django_db
def test_entering_a_holiday_later_recounts_items_published_across_it(
    client, agency_a, staff, make_staff, monkeypatch, django_capture_on_commit_callbacks
):
    item = publish_on(
        new_item(agency_a, written_on=D(2025, 3, 3)), D(2025, 4, 1), staff, monkeypatch
    )
    monkeypatch.undo()
    assert item.workdays_to_publish == 21
    admin = make_staff("root", [])
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:workcalendar_calendarday_add"),
            {"date": "2025-03-20", "kind": "holiday", "name": "临时放假"},
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.workdays_to_publish == 20
    day = CalendarDay.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:workcalendar_calendarday_delete", args=[day.pk]), {"post": "yes"}
        )
    item.refresh_from_db()
    assert item.workdays_to_publish == 21


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "in_workdays", "published", "label"),
    [
        # 预算法第十四条: 部门预算 within 20 days of 批复, calendar days.
        (20, False, D(2025, 3, 23), "按期"),
        (20, False, D(2025, 3, 25), "逾期2日"),
        # 行政执法公示: 7 working days.
        (7, True, D(2025, 3, 12), "按期"),
        (7, True, D(2025, 3, 14), "逾期2个工作日"),
    ],
)
def test_a_directory_sets_its_own_limit_for_itself_and_below(
    agency_a, staff, monkeypatch, limit, in_workdays, published, label
):
    from catalog.models import Directory

    parent = Directory.objects.get(name="财政预决算")
    parent.publication_limit, parent.limit_in_workdays = limit, in_workdays
    parent.limit_basis = "专门规定"
    parent.save()
    child = Directory.objects.get(name="部门预算")  # inherits from its parent
    item = new_item(agency_a, written_on=D(2025, 3, 3), directory=child)
    publish_on(item, published, staff, monkeypatch)
    assert timeliness.describe(item.days_late, timeliness.limit_for(child.pk)) == label


@pytest.mark.django_db
def test_a_correction_is_timed_from_its_own_change(agency_a, staff, monkeypatch):
    item = new_item(agency_a, written_on=D(2025, 3, 3))
    publish_on(item, D(2025, 3, 10), staff, monkeypatch)
    assert item.days_late == 0
    # The information changes on 1 Sept; the correction comes 25 working days later.
    monkeypatch.setattr(timezone, "now", lambda: at(D(2025, 10, 14)))
    item.changed_on = D(2025, 9, 1)
    item.correct(staff[1], "信息变更", review=CORRECTION_REVIEW)
    item.refresh_from_db()
    assert item.days_late > 0
    assert timeliness.describe(item.days_late).startswith("逾期")
