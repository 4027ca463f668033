"""The working-day calendar (docs/legal-rules.md §1), as tables of cases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workcalendar import workdays
from workcalendar.models import CalendarDay, CalendarYear


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-10-01", False),  # 国庆节
        ("2025-10-06", False),  # 中秋 merged into 国庆
        ("2025-09-28", True),  # Sunday, 调休上班
        ("2025-10-11", True),  # Saturday, 调休上班
        ("2025-10-12", False),  # plain Sunday
        ("2026-02-14", True),  # Saturday before 春节, 调休上班
        ("2026-02-23", False),  # Monday inside 春节
        ("2026-04-06", False),  # 清明 (Monday)
        ("2026-06-19", False),  # 端午
        ("2024-12-31", True),
        ("2025-01-01", False),  # 元旦
    ],
)
def test_is_workday_follows_the_official_arrangement(day, expected):
    assert workdays.is_workday(d(day)) is expected
    assert workdays.is_provisional(d(day)) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-30", 1, "2025-10-09"),  # the whole 国庆 week is skipped
        ("2025-10-01", 1, "2025-10-09"),  # start on a holiday: still the next working day
        ("2025-09-27", 1, "2025-09-28"),  # start on a Saturday, next day is 调休上班
        ("2025-10-09", 2, "2025-10-11"),  # a 调休 Saturday counts
        ("2025-09-26", 20, "2025-10-30"),
        ("2025-12-31", 1, "2026-01-04"),  # year end: 元旦 holidays then a 调休 Sunday
        ("2024-12-31", 1, "2025-01-02"),
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-14", 1, "2026-02-24"),  # over 春节
        ("2026-04-03", 1, "2026-04-07"),  # over 清明
        ("2025-06-06", 0, "2025-06-06"),
    ],
)
def test_add_workdays_counts_from_the_day_after_the_start(start, n, expected):
    assert workdays.add_workdays(d(start), n) == (d(expected), False)


@pytest.mark.django_db
def test_start_day_on_a_rest_day_is_not_a_day_late():
    """chinese_calendar.find_workday(1, Saturday before a 调休 Sunday) skips that Sunday."""
    assert workdays.add_workdays(d("2025-09-27"), 1).date == d("2025-09-28")
    assert workdays.add_workdays(d("2025-09-27"), 2).date == d("2025-09-29")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "n", "expected", "provisional"),
    [
        ("2026-12-30", 1, "2026-12-31", False),
        ("2026-12-31", 1, "2027-01-04", True),  # 元旦 (Friday) is a fixed holiday
        ("2026-12-30", 2, "2027-01-04", True),
        ("2027-02-04", 1, "2027-02-09", True),  # 除夕 Fri, 初一–初二 weekend, 初三 Mon
        ("2027-04-02", 1, "2027-04-06", True),  # 清明 is 5 April 2027
        ("2027-04-29", 1, "2027-04-30", True),
        ("2027-04-30", 1, "2027-05-03", True),  # 劳动节 1–2 May falls on the weekend: no bridge
        ("2027-09-30", 1, "2027-10-04", True),  # 国庆 1–3 October
        ("2027-09-14", 1, "2027-09-16", True),  # 中秋 15 September 2027
    ],
)
def test_an_unknown_year_uses_the_fixed_holidays_and_is_provisional(
    start, n, expected, provisional
):
    assert workdays.add_workdays(d(start), n) == (d(expected), provisional)


@pytest.mark.django_db
def test_a_far_year_without_lunar_data_still_counts():
    result = workdays.add_workdays(d("2150-09-30"), 1)
    assert result == (d("2150-10-05"), True)  # 国庆 Thu 1–Sat 3, then Sunday
    assert str(result).endswith("（暂定）")


@pytest.mark.django_db
def test_entered_days_override_the_package():
    CalendarDay.objects.create(date=d("2025-10-09"), kind="holiday", name="假想补假")
    CalendarDay.objects.create(date=d("2025-10-04"), kind="workday", name="假想调休")
    assert workdays.add_workdays(d("2025-09-30"), 1) == (d("2025-10-04"), False)
    assert workdays.add_workdays(d("2025-10-04"), 1) == (d("2025-10-10"), False)


def enter_spring_festival_2027():
    CalendarDay.objects.create(date=d("2027-01-01"), kind="holiday", name="元旦")
    CalendarDay.objects.create(date=d("2027-02-20"), kind="workday", name="春节")
    for day in range(5, 12):
        CalendarDay.objects.create(date=datetime.date(2027, 2, day), kind="holiday", name="春节")


@pytest.mark.django_db
def test_a_partly_entered_year_keeps_its_estimate():
    """Entering some days of 2027 makes those days official; the rest keep the estimate and
    stay 暂定 until the year is marked complete (docs/legal-rules.md §1)."""
    enter_spring_festival_2027()
    # the entered days are skipped; 12 February itself is not entered, so still an estimate
    assert workdays.add_workdays(d("2027-02-04"), 1) == (d("2027-02-12"), True)
    assert workdays.add_workdays(d("2027-02-19"), 1) == (d("2027-02-20"), False)
    # 清明 (5 April 2027) is not entered: still the estimate's rest day, and 暂定.
    assert workdays.is_workday(d("2027-04-05")) is False
    assert workdays.is_provisional(d("2027-04-05")) is True
    assert workdays.add_workdays(d("2027-04-02"), 1) == (d("2027-04-06"), True)
    # 国庆 (1–3 October) likewise: not a plain Friday.
    assert workdays.is_workday(d("2027-10-01")) is False


@pytest.mark.django_db
def test_a_complete_year_is_official_and_only_its_entered_days_differ_from_mon_fri():
    enter_spring_festival_2027()
    CalendarYear.objects.create(year=2027, complete=True, notice="国办发明电〔2026〕9号")
    assert workdays.add_workdays(d("2026-12-31"), 1) == (d("2027-01-04"), False)
    assert workdays.add_workdays(d("2027-02-12"), 1) == (d("2027-02-15"), False)
    # 清明 is not entered: in a complete year it is an ordinary Monday.
    assert workdays.is_workday(d("2027-04-05")) is True
    assert workdays.is_provisional(d("2027-04-05")) is False
    # Another year stays an estimate.
    assert workdays.is_provisional(d("2028-04-05")) is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-09-30", "2025-10-10", (2, False)),
        ("2025-09-26", "2025-09-28", (1, False)),  # the start day is not counted
        ("2025-10-10", "2025-10-10", (0, False)),
        ("2025-10-10", "2025-10-01", (0, False)),
        ("2026-12-30", "2027-01-05", (3, True)),
    ],
)
def test_count_workdays(start, end, expected):
    assert workdays.count_workdays(d(start), d(end)) == expected


@pytest.mark.django_db
def test_entered_days_are_read_once_per_year():
    with CaptureQueriesContext(connection) as first:
        workdays.add_workdays(d("2025-12-01"), 40)  # reaches into 2026
    assert len(first) == 2
    with CaptureQueriesContext(connection) as again:
        for _ in range(50):
            workdays.add_workdays(d("2025-12-01"), 40)
    assert len(again) == 0


@pytest.mark.django_db
def test_a_change_to_the_table_is_seen_at_once():
    assert workdays.is_workday(d("2025-06-03")) is True
    day = CalendarDay.objects.create(date=d("2025-06-03"), kind="holiday", name="假想")
    assert workdays.is_workday(d("2025-06-03")) is False
    day.delete()
    assert workdays.is_workday(d("2025-06-03")) is True


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        workdays.add_workdays(d("2025-06-03"), -1)


@pytest.mark.django_db
def test_the_complete_marker_is_set_in_the_admin_with_the_notice_number(client, make_staff):
    office = make_staff("gongkaiban", ["公开办"])
    client.force_login(office)
    CalendarDay.objects.create(date=d("2027-01-01"), kind="holiday", name="元旦")
    add = "/admin/workcalendar/calendaryear/add/"
    response = client.post(add, {"year": "2027", "complete": "on", "notice": ""})
    assert response.status_code == 200
    assert "须填写国务院办公厅通知的文号" in response.text
    assert workdays.is_provisional(d("2027-04-05")) is True
    response = client.post(
        add, {"year": "2027", "complete": "on", "notice": "国办发明电〔2026〕9号"}
    )
    assert response.status_code == 302
    assert workdays.is_provisional(d("2027-04-05")) is False
    assert "国办发明电〔2026〕9号" in client.get("/admin/workcalendar/calendaryear/").text
