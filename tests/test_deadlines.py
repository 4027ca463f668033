"""The legal clock of a request (docs/legal-rules.md §2, §3, §6), as tables of cases.

Expected dates were counted by hand on the State Council arrangements of 2025–2026
(清明 4 April 2025; 劳动节 1–5 May 2025; 国庆+中秋 1–8 October 2025 with 28 Sept and
11 Oct worked; 元旦 2026 on 1–2 January with Sunday 4 January worked).
"""

import datetime
from decimal import Decimal

import pytest

from requests_app import deadlines
from requests_app.deadlines import HandlingState, consultation_pause, due_date, fee_pause

pytestmark = pytest.mark.django_db


def d(text):
    return datetime.date.fromisoformat(text)


CST = datetime.timezone(datetime.timedelta(hours=8))
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("submitted_at", "cutoff", "expected"),
    [
        (datetime.datetime(2025, 3, 3, 16, 59, tzinfo=CST), None, "2025-03-03"),
        (datetime.datetime(2025, 3, 3, 17, 0, tzinfo=CST), None, "2025-03-04"),
        (datetime.datetime(2025, 3, 3, 8, 59, tzinfo=UTC), None, "2025-03-03"),  # 16:59 in China
        (datetime.datetime(2025, 3, 3, 9, 30, tzinfo=UTC), None, "2025-03-04"),  # 17:30 in China
        (datetime.datetime(2025, 3, 2, 23, 0, tzinfo=UTC), None, "2025-03-03"),  # Monday 07:00
        (datetime.datetime(2025, 10, 1, 10, 0, tzinfo=CST), None, "2025-10-09"),  # 国庆
        (datetime.datetime(2025, 9, 27, 10, 0, tzinfo=CST), None, "2025-09-28"),  # Sat → 调休 Sun
        (datetime.datetime(2025, 9, 28, 10, 0, tzinfo=CST), None, "2025-09-28"),  # 调休 Sunday
        (datetime.datetime(2025, 12, 31, 18, 0, tzinfo=CST), None, "2026-01-04"),
        (datetime.datetime(2025, 3, 3, 17, 30, tzinfo=CST), datetime.time(18), "2025-03-03"),
    ],
)
def test_online_received_date(submitted_at, cutoff, expected):
    assert deadlines.online_received_date(submitted_at, cutoff) == d(expected)


def test_online_cutoff_comes_from_settings(settings):
    settings.REQUESTS_ONLINE_CUTOFF = datetime.time(12)
    at = datetime.datetime(2025, 3, 3, 13, 0, tzinfo=CST)
    assert deadlines.online_received_date(at) == d("2025-03-04")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "2025-03-31"),
        ({"extended": True}, "2025-04-28"),  # 40th working day: over 清明 and the 调休 Sunday
        # consultation 10→14 March: four working days paused
        ({"pauses": [consultation_pause(d("2025-03-10"), d("2025-03-14"))]}, "2025-04-07"),
        # a reply 30 working days later still pauses only 15
        ({"pauses": [consultation_pause(d("2025-03-10"), d("2025-04-21"))]}, "2025-04-22"),
        # no reply yet: the whole 15-day limit
        ({"pauses": [consultation_pause(d("2025-03-10"))]}, "2025-04-22"),
        # a reply the same day pauses nothing
        ({"pauses": [consultation_pause(d("2025-03-10"), d("2025-03-10"))]}, "2025-03-31"),
        # a reply on a weekend: only working days count
        ({"pauses": [consultation_pause(d("2025-03-14"), d("2025-03-16"))]}, "2025-03-31"),
        (
            {
                "pauses": [
                    consultation_pause(d("2025-03-10"), d("2025-03-14")),
                    consultation_pause(d("2025-03-17"), d("2025-03-18")),
                ]
            },
            "2025-04-08",  # 4 + 1 days paused
        ),
        (
            {"pauses": [consultation_pause(d("2025-03-10"), d("2025-03-14"))], "extended": True},
            "2025-05-07",  # 44th working day, over 劳动节
        ),
        # 补正: the clock restarts from the corrected request
        ({"corrected_on": d("2025-03-20")}, "2025-04-18"),
        # a pause before the restart does not count
        (
            {
                "corrected_on": d("2025-03-20"),
                "pauses": [consultation_pause(d("2025-03-05"), d("2025-03-07"))],
            },
            "2025-04-18",
        ),
        # fee notice to payment is not counted
        ({"pauses": [fee_pause(d("2025-03-10"), d("2025-03-12"))]}, "2025-04-02"),
        ({"pauses": [fee_pause(d("2025-03-10"))]}, "2025-04-28"),  # unpaid: all 20 days
    ],
)
def test_due_date(kwargs, expected):
    assert due_date(d("2025-03-03"), **kwargs) == (d(expected), False)


@pytest.mark.parametrize(
    ("pauses", "expected"),
    [
        # two consultations sent the same day, replied 14 and 18 March: 6 days paused, not 4 + 6 = 10
        (
            [
                consultation_pause(d("2025-03-10"), d("2025-03-14")),
                consultation_pause(d("2025-03-10"), d("2025-03-18")),
            ],
            "2025-04-09",
        ),
        # a fee notice (12→20 March) while a consultation (10→14 March) runs: 10→20 March, 8 days
        (
            [
                consultation_pause(d("2025-03-10"), d("2025-03-14")),
                fee_pause(d("2025-03-12"), d("2025-03-20")),
            ],
            "2025-04-11",
        ),
        # one pause inside another counts nothing more
        (
            [
                consultation_pause(d("2025-03-10"), d("2025-03-21")),
                consultation_pause(d("2025-03-12"), d("2025-03-13")),
            ],
            "2025-04-14",
        ),
    ],
)
def test_overlapping_pauses_are_merged_not_summed(pauses, expected):
    assert due_date(d("2025-03-03"), pauses=pauses) == (d(expected), False)


def test_a_pause_begun_on_the_due_date_still_counts():
    # due 31 March; a consultation sent that day and answered 2 April pauses 2 days
    pause = consultation_pause(d("2025-03-31"), d("2025-04-02"))
    assert due_date(d("2025-03-03"), pauses=[pause]) == (d("2025-04-02"), False)
    late = consultation_pause(d("2025-04-01"), d("2025-04-02"))
    assert due_date(d("2025-03-03"), pauses=[late]) == (d("2025-03-31"), False)


def test_due_date_across_the_national_holiday():
    assert due_date(d("2025-09-26")) == (d("2025-10-30"), False)


@pytest.mark.parametrize(
    ("received", "kwargs", "expected", "provisional"),
    [
        ("2026-12-01", {}, "2026-12-29", False),
        ("2026-12-10", {}, "2027-01-08", True),  # 元旦 2027 estimated
        # a pause begun within the period counts days of 2027 (元旦 estimated): an estimate
        (
            "2026-11-20",
            {"pauses": [consultation_pause(d("2026-12-17"), d("2027-01-05"))]},
            "2027-01-06",
            True,
        ),
        # a pause begun after the due date (30 November) is ignored: the request stays overdue
        (
            "2026-11-02",
            {"pauses": [consultation_pause(d("2026-12-28"), d("2027-01-05"))]},
            "2026-11-30",
            False,
        ),
    ],
)
def test_due_dates_in_an_unknown_year_are_provisional(received, kwargs, expected, provisional):
    result = due_date(d(received), **kwargs)
    assert result == (d(expected), provisional)
    assert str(result).endswith("（暂定）") is provisional


@pytest.mark.parametrize(
    ("function", "day", "expected"),
    [
        (deadlines.correction_notice_limit, "2025-09-26", "2025-10-13"),
        (deadlines.correction_notice_limit, "2025-03-03", "2025-03-12"),
        (deadlines.fee_payment_limit, "2025-03-03", "2025-03-31"),
        (deadlines.default_correction_deadline, "2025-03-03", "2025-03-24"),
    ],
)
def test_limits(function, day, expected):
    assert function(d(day)).date == d(expected)


@pytest.mark.parametrize(
    ("due", "today", "closed_on", "overdue"),
    [
        ("2025-03-31", "2025-03-31", None, False),
        ("2025-03-31", "2025-04-01", None, True),
        ("2025-03-31", "2025-05-01", "2025-03-31", False),
        ("2025-03-31", "2025-05-01", "2025-04-01", True),
        (None, "2025-05-01", None, False),
    ],
)
def test_is_overdue(due, today, closed_on, overdue):
    due = d(due) if due else None
    closed = d(closed_on) if closed_on else None
    assert deadlines.is_overdue(due, d(today), closed) is overdue


@pytest.mark.parametrize(
    ("due", "today", "soon"),
    [
        ("2025-03-03", "2025-03-03", True),
        ("2025-03-10", "2025-03-03", True),  # 5 working days ahead
        ("2025-03-11", "2025-03-03", False),
        ("2025-02-28", "2025-03-03", False),  # overdue, not "soon"
        ("2025-10-14", "2025-09-30", True),  # over 国庆
        ("2025-10-15", "2025-09-30", False),
        (None, "2025-03-03", False),
    ],
)
def test_is_due_soon(due, today, soon):
    assert deadlines.is_due_soon(d(due) if due else None, d(today)) is soon


@pytest.mark.parametrize(
    ("due", "today", "closed_on", "state", "label"),
    [
        ("2025-03-31", "2025-03-20", None, HandlingState.OPEN, "办理中"),
        ("2025-03-31", "2025-04-02", None, HandlingState.OVERDUE, "已超期"),
        ("2025-03-31", "2025-04-02", "2025-03-28", HandlingState.CLOSED, "已办结"),
        ("2025-03-31", "2025-04-02", "2025-04-01", HandlingState.CLOSED_LATE, "超期办结"),
    ],
)
def test_handling_state(due, today, closed_on, state, label):
    closed = d(closed_on) if closed_on else None
    result = deadlines.handling_state(d(due), d(today), closed)
    assert result == state
    assert result.label == label


@pytest.mark.parametrize(
    ("due", "today", "left"),
    [
        ("2025-03-31", "2025-03-31", 0),
        ("2025-10-09", "2025-09-30", 1),
        ("2025-03-28", "2025-03-31", -1),
    ],
)
def test_working_days_left(due, today, left):
    assert deadlines.working_days_left(d(due), d(today)) == left


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_request_fee(nth, fee):
    assert deadlines.per_request_fee(nth) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ],
)
def test_per_page_fee_is_marginal(pages, fee):
    assert deadlines.per_page_fee(pages) == Decimal(fee)


@pytest.mark.parametrize(("function", "value"), [("per_request_fee", 0), ("per_page_fee", -1)])
def test_fees_refuse_impossible_counts(function, value):
    with pytest.raises(ValueError):
        getattr(deadlines, function)(value)
