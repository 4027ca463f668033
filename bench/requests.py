"""Synthetic 依申请公开 requests over five years, as COPY rows.

Each request has its number (per agency and year, in order of receipt), the
hash of a query code the benchmark can recompute (`query_code`), and, once
closed, its outcome, answer and the two log entries the workflow writes
(registered or submitted; answered). Requests received in the last few weeks
are still being handled, as on a real worklist. Nothing else (corrections,
consultations, fees) is generated: the clock then is the plain 20 working days.
"""

import hashlib
import random
from datetime import timedelta

from requests_app import deadlines
from requests_app.models import Request
from requests_app.models.requests import CODE_ALPHABET, CODE_LENGTH, hash_code
from requests_app.numbering import format_number
from requests_app.outcomes import OUTCOME_INFO, Outcome

from .pgload import text

YEARS = 5
OPEN_DAYS = 30  # requests received since then may still be open
OUTCOMES = [
    (Outcome.GRANTED, 45),
    (Outcome.PARTLY_GRANTED, 10),
    (Outcome.NOT_HELD, 18),
    (Outcome.NEEDS_CREATION, 4),
    (Outcome.PROCESS_INFO, 3),
    (Outcome.THIRD_PARTY, 3),
    (Outcome.INTERNAL_AFFAIRS, 2),
    (Outcome.ENFORCEMENT_FILE, 1),
    (Outcome.ADMIN_QUERY, 2),
    (Outcome.PETITION, 5),
    (Outcome.REPEATED, 3),
    (Outcome.PUBLICATION, 1),
    (Outcome.CONFIRMATION, 1),
    (Outcome.OTHER, 2),
]
CHANNELS = [
    (Request.Channel.ONLINE, 60),
    (Request.Channel.IN_PERSON, 15),
    (Request.Channel.LETTER, 15),
    (Request.Channel.EMAIL, 7),
    (Request.Channel.FAX, 3),
]
KINDS = [
    (Request.ApplicantKind.PERSON, 85),
    (Request.ApplicantKind.BUSINESS, 8),
    (Request.ApplicantKind.LEGAL_SERVICE, 4),
    (Request.ApplicantKind.RESEARCH, 2),
    (Request.ApplicantKind.PUBLIC_INTEREST, 1),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海波"

REQUEST_COLUMNS = [
    "id", "agency_id", "number", "query_code_hash", "submission_key", "channel", "submitted_at",
    "received_on", "applicant_kind", "applicant_name", "id_type", "id_number",
    "contact_person", "phone", "email", "address", "postcode", "needs_assistance",
    "description", "document_number", "form_wanted", "delivery", "status", "outcome",
    "closed_on", "fee_amount", "created_by_id", "created_at", "updated_at", "due_on",
    "due_provisional", "told_due_on", "original_number", "notify_by", "filed_with_id", "routing",
    "handler_id",
]  # fmt: skip
ANSWER_COLUMNS = [
    "id", "request_id", "outcome", "answered_on", "legal_basis", "reasons", "content",
    "referral", "created_by_id", "created_at", "case", "published_ref", "search_note",
    "specific_law", "no_consultation_reason", "letter_number", "review_body", "court",
]  # fmt: skip
EVENT_COLUMNS = ["id", "request_id", "at", "actor_id", "kind", "message"]


def query_code(pk):
    """The query code of generated request `pk`: derived, so the benchmark can use it."""
    digest = hashlib.sha256(f"bench-request-{pk}".encode()).digest()
    raw = "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_LENGTH])
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return lambda: rng.choices(values, weights)[0]


class RequestGenerator:
    def __init__(self, count, agencies, agency_weights, vocabulary, now, seed=7):
        self.count = count
        self.agencies = agencies
        self.agency_weights = agency_weights
        self.vocabulary = vocabulary
        self.now = now
        self.rng = random.Random(seed + 2)
        self.counters = {}  # year -> last number
        self.answers = []  # (request id, outcome, answered on, at)
        self.events = []  # (request id, at, kind, message)

    def rows(self):
        rng = self.rng
        start = self.now - timedelta(days=365 * YEARS)
        span = (self.now - start).total_seconds() - 3600
        times = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(self.count))
        agency_for = rng.choices(self.agencies, self.agency_weights, k=self.count)
        channel_of, kind_of, outcome_of = pick(rng, CHANNELS), pick(rng, KINDS), pick(rng, OUTCOMES)
        subjects, works = self.vocabulary.subjects, self.vocabulary.works
        today = self.now.date()
        for index, at in enumerate(times):
            pk = index + 1
            agency = agency_for[index]
            received_on = at.date()
            # One series for the portal per year, as requests_app/numbering.py gives them.
            key = received_on.year
            serial = self.counters[key] = self.counters.get(key, 0) + 1
            channel, kind = channel_of(), kind_of()
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
            if kind != Request.ApplicantKind.PERSON:
                name = f"{agency.name[:2]}{rng.choice(GIVEN)}{rng.choice(GIVEN)}有限公司"
            online = channel == Request.Channel.ONLINE
            recent = (today - received_on).days < OPEN_DAYS
            closed = not recent or rng.random() < 0.3
            if closed:
                outcome = outcome_of()
                closed_on = min(received_on + timedelta(days=rng.randint(3, 28)), today)
                status = Request.Status.CLOSED
                answered_at = at + timedelta(days=(closed_on - received_on).days, hours=2)
                self.answers.append((pk, outcome, closed_on, answered_at))
            else:
                outcome, closed_on = "", None
                status = (
                    Request.Status.SUBMITTED
                    if online and rng.random() < 0.2
                    else (Request.Status.IN_PROGRESS)
                )
            updated_at = answered_at if closed else at
            self.events.append(
                (pk, at, "submitted" if online else "registered", f"收到申请之日 {received_on}")
            )
            subject, work = rng.choice(subjects), rng.choice(works)
            # No pauses, 补正 or extensions are generated: the plain 20 working days, stored as
            # the workflow stores it (Request.due_on), and told on the receipt.
            due = deadlines.due_date(received_on)
            yield [
                str(pk),
                str(agency.id),
                format_number(received_on.year, serial),
                hash_code(query_code(pk)),
                r"\N",
                channel,
                at.isoformat() if online else r"\N",
                received_on.isoformat(),
                kind,
                name,
                "credit_code" if kind != Request.ApplicantKind.PERSON else "resident_id",
                f"34{pk:016d}",
                name if kind == Request.ApplicantKind.PERSON else "经办人",
                f"139{pk % 100_000_000:08d}",
                f"applicant{pk}@example.com",
                f"江淮省{agency.name[:2]}市建设路{pk % 500 + 1}号",
                "230000",
                "f",
                f"申请公开{received_on.year - 1}年{subject}{work}的有关信息，包括文件全文及附件。",
                "",
                "electronic",
                "email",
                status,
                outcome,
                text(closed_on),
                "0",
                r"\N",
                at.isoformat(),
                updated_at.isoformat(),
                due.date.isoformat(),
                "t" if due.provisional else "f",
                due.date.isoformat(),
                "",  # original_number: numbers were portal-wide from the start
                # Filed with the agency that handles it (no 转办), notices by e-mail, no 承办人 named.
                Request.NotifyBy.EMAIL,
                str(agency.id),
                "",
                r"\N",
            ]

    def answer_rows(self):
        for pk, (request_id, outcome, answered_on, at) in enumerate(self.answers, 1):
            info = OUTCOME_INFO[outcome]
            reasons = f"经查，该申请属于“{info.leaf_label}”情形。" if info.needs_reasons else ""
            yield [
                str(pk), str(request_id), outcome, answered_on.isoformat(), info.basis, reasons,
                "详见答复书。", "", r"\N", at.isoformat(),
                # Answers as a ledger import brings them: no 答复情形, 文号 or remedy bodies.
                "", "", "", "", "", "", "", "",
            ]  # fmt: skip
            self.events.append((request_id, at, "answered", f"{Outcome(outcome).label}"))

    def event_rows(self):
        self.events.sort(key=lambda event: event[1])
        for pk, (request_id, at, kind, message) in enumerate(self.events, 1):
            yield [str(pk), str(request_id), at.isoformat(), r"\N", kind, message]
