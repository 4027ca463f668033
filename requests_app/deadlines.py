"""The legal clock of a 依申请公开 request, as plain functions (docs/legal-rules.md §2, §3, §6).

Everything here takes dates and numbers, not models, so each rule is tested with tables of
cases; `Request` gathers its records and calls these. Working days come from `workcalendar.workdays`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from workcalendar.workdays import (
    Count,
    Deadline,
    add_workdays,
    count_workdays,
    is_workday,
    next_workday,
)

ANSWER_DAYS = 20  # 条例第三十三条
EXTENSION_DAYS = 20  # 条例第三十三条: once, with the head of office's approval
CORRECTION_NOTICE_DAYS = 7  # 条例第三十条: one combined notice within 7 working days
DEFAULT_CORRECTION_DAYS = 15  # the "reasonable time limit" offered by default; staff may change it
CONSULTATION_CAP = 15  # 条例第三十二条: the third party has 15 working days to reply
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号: pay within 20 working days of the notice
DUE_SOON_DAYS = 5
LOCAL_TZ = ZoneInfo("Asia/Shanghai")


class HandlingState(models.TextChoices):
    """办理状态 of the ledger: derived from the due date, the answer day and today."""

    OPEN = "open", "办理中"
    OVERDUE = "overdue", "已超期"
    CLOSED = "closed", "已办结"
    CLOSED_LATE = "closed_late", "超期办结"


@dataclass(frozen=True)
class Pause:
    """A stretch of the clock that is not counted: from `start` (the day a consultation or fee
    notice was sent, not counted) up to and including `end` (the reply or payment day), at most
    `cap` working days. `end` None means it is still running: it then counts its whole cap, since
    the reply or payment is due by then, so that is the latest the clock can restart."""

    start: datetime.date
    end: datetime.date | None
    cap: int

    def last_day(self):
        """The last paused day: the reply or payment day, but no later than the cap allows."""
        limit = add_workdays(self.start, self.cap)
        if self.end is None or self.end > limit.date:
            return limit
        return Deadline(self.end, limit.provisional)

    def days(self):
        """Working days paused, at most `cap` (this pause alone)."""
        last = self.last_day()
        counted = count_workdays(self.start, last.date)
        return Count(counted.days, counted.provisional or last.provisional)


def paused_days(pauses):
    """Working days during which at least one of `pauses` stopped the clock (条例第三十二条,
    国办函〔2020〕109号). Overlapping pauses (two consultations sent the same week, a fee notice
    while a third party is still consulted) are merged: a day is paused once, not once per
    pause."""
    spans = sorted((pause.start, pause.last_day()) for pause in pauses)
    merged = []  # [start, last day (Deadline)]
    for start, last in spans:
        if merged and start < merged[-1][1].date:
            if last.date > merged[-1][1].date:
                merged[-1][1] = last
        else:
            merged.append([start, last])
    total, provisional = 0, False
    for start, last in merged:
        counted = count_workdays(start, last.date)
        total += counted.days
        provisional = provisional or counted.provisional or last.provisional
    return Count(total, provisional)


def consultation_pause(sent_on, replied_on=None):
    """条例第三十二条: consulting a third party or another agency stops the clock (≤ 15 days)."""
    return Pause(sent_on, replied_on, CONSULTATION_CAP)


def fee_pause(notified_on, paid_on=None):
    """From the fee notice to payment the clock stops (≤ the 20 days allowed to pay)."""
    return Pause(notified_on, paid_on, FEE_PAYMENT_DAYS)


def online_received_date(submitted_at, cutoff=None):
    """条例第三十一条 for the portal's own form: the submission day when it is a working day and
    the form arrived before the cut-off (default 17:00 Asia/Shanghai), else the next working day.
    """
    cutoff = cutoff or settings.REQUESTS_ONLINE_CUTOFF
    local = submitted_at.astimezone(LOCAL_TZ)
    day = local.date()
    if is_workday(day) and local.time() < cutoff:
        return day
    return next_workday(day).date


def correction_notice_limit(received_on):
    """条例第三十条: the last day to send the one combined 补正告知."""
    return add_workdays(received_on, CORRECTION_NOTICE_DAYS)


def default_correction_deadline(notified_on):
    """The time limit a 补正告知 offers by default (staff may set another reasonable one)."""
    return add_workdays(notified_on, DEFAULT_CORRECTION_DAYS)


def fee_payment_limit(notified_on):
    """The last day to pay a fee notice; after it the request is treated as abandoned."""
    return add_workdays(notified_on, FEE_PAYMENT_DAYS)


def period_from_receipt(sent_on, limit, received_on):
    """A period a letter gives its addressee (补正, the 20 days to pay, the third party's 15 days)
    runs from the day it was received (送达), not from the day it was sent: the last day is as many
    working days after `received_on` as `limit` was after `sent_on`."""
    if received_on is None or received_on <= sent_on:
        return limit
    return add_workdays(received_on, count_workdays(sent_on, limit).days).date


def due_date(received_on, *, corrected_on=None, pauses=(), extended=False):
    """The answer deadline (条例第三十三条, 第三十条, 第三十二条).

    The (20 + paused + 20 if extended)-th working day after the start day, which is the received
    date or, after a 补正, the day the corrected request arrived (条例第三十条: the clock restarts,
    so pauses that began before the restart do not count). A pause stops the clock only if it
    began within the answer period: one that began after the deadline (as it stood with the
    earlier pauses) is ignored, so recording it late never makes an overdue request timely
    again. Overlapping pauses count their days once (`paused_days`). Provisional when any day
    counted lies in a year whose holiday arrangement is not yet known.
    """
    start = corrected_on or received_on
    base = ANSWER_DAYS + (EXTENSION_DAYS if extended else 0)
    result = add_workdays(start, base)
    counted = []
    for pause in sorted((p for p in pauses if p.start >= start), key=lambda p: p.start):
        if pause.start > result.date:
            break  # later pauses begin later still
        counted.append(pause)
        paused = paused_days(counted)
        result = add_workdays(start, base + paused.days)
        result = Deadline(result.date, result.provisional or paused.provisional)
    return result


def within_answer_period(day, due):
    """Whether a consultation or fee notice dated `day` begins within the answer period that
    ends on `due` (a `Deadline`, or None while the clock waits for a 补正)."""
    return due is not None and day <= due.date


def delayed_due(due, delay_until):
    """条例第三十五条: a reasonable later date the agency set and told the applicant replaces
    the due date when it is later (it never brings the due date forward)."""
    if delay_until is None or due is None or delay_until <= due.date:
        return due
    return Deadline(delay_until, False)


def is_overdue(due, today, closed_on=None):
    """超期: the due date has passed before the request was closed (derived, never stored)."""
    if due is None:
        return False
    end = closed_on or today
    return end > due


def is_due_soon(due, today, days=DUE_SOON_DAYS):
    """Due today or within the next `days` working days, and not yet overdue."""
    if due is None or today > due:
        return False
    return due <= add_workdays(today, days).date


def handling_state(due, today, closed_on=None):
    """The ledger's 办理状态: 办理中 / 已超期 / 已办结 / 超期办结."""
    late = is_overdue(due, today, closed_on)
    if closed_on is None:
        return HandlingState.OVERDUE if late else HandlingState.OPEN
    return HandlingState.CLOSED_LATE if late else HandlingState.CLOSED


def working_days_left(due, today):
    """Working days from today to the due date (0 when due today, negative when overdue)."""
    if due >= today:
        return count_workdays(today, due).days
    return -count_workdays(due, today).days


# 国办函〔2020〕109号 信息处理费
FEE_FREE_REQUESTS = 10
FEE_PAGE_BRACKETS = ((30, Decimal(0)), (100, Decimal(10)), (200, Decimal(20)), (None, Decimal(40)))


def per_request_fee(nth_in_month):
    """按件: the fee for an applicant's nth request of the calendar month.

    1st–10th free; 11th–30th 100 元; then each block of 10 costs 100 元 more
    (31st–40th 200 元, 41st–50th 300 元, …).
    """
    if nth_in_month < 1:
        raise ValueError("nth_in_month starts at 1")
    if nth_in_month <= FEE_FREE_REQUESTS:
        return Decimal(0)
    if nth_in_month <= 30:
        return Decimal(100)
    return Decimal(100) * (2 + (nth_in_month - 31) // 10)


def per_page_fee(pages):
    """按量: pages 1–30 free, 31–100 at 10 元, 101–200 at 20 元, 201+ at 40 元 (marginal)."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    fee, lower = Decimal(0), 0
    for upper, price in FEE_PAGE_BRACKETS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            fee += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return fee
