"""依申请公开转主动公开 (条例第四十四条, docs/catalog.md §4).

条例第四十四条: information that several applicants ask the same agency for, and that may be
disclosed, can be made 主动公开; an applicant may suggest it too. Here:

- `draft_item(request, user, title, directory)`: from an answered request whose outcome disclosed
  information (予以公开, 部分公开), a *draft* catalog item of the agency: the answer's content as
  body, the staff's files of the request (办理材料) as attachments, `Item.source_request` naming
  the request. It then goes through the catalog's own steps (保密审查, privacy screen, 审核); the
  request page lists the items drafted from it (`items_from`).
- `candidates(agencies, year)`: information asked for by three or more applicants in a year (the
  common local rule), grouped by the requests' description with spaces and punctuation ignored,
  for the 公开办 to consider.

Kept apart from the request workflow on purpose: it only reads requests.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

import reversion
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import format_html

from catalog.models import Attachment, Item
from organisation.access import works_for

from .models import Request, RequestAttachment
from .outcomes import Outcome

DISCLOSED = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
CANDIDATE_APPLICANTS = 3  # "三个以上申请人" in most local rules


class CannotDraft(Exception):
    """str(error) is the message for staff."""


def may_draft(request, user):
    return user.has_perm("catalog.add_item") and works_for(user, request.agency_id)


def disclosed(request):
    answer = getattr(request, "answer_record", None)
    return answer is not None and answer.outcome in DISCLOSED


def draft_item(request, user, title, directory):
    """A draft item of the request's agency with what the answer disclosed; returns it."""
    if not may_draft(request, user):
        raise CannotDraft("只有本机关可以起草政府信息的工作人员才能转为主动公开。")
    if not disclosed(request):
        raise CannotDraft(
            "只有已答复“予以公开”或“部分公开”的申请，才能将所公开的信息转为主动公开。"
        )
    answer = request.answer_record
    with transaction.atomic(), reversion.create_revision():
        item = Item.objects.create(
            agency_id=request.agency_id,
            directory=directory,
            title=title,
            written_on=answer.answered_on,
            summary=f"依申请公开转为主动公开（申请编号{request.number}，条例第四十四条）。",
            body=format_html("<p>{}</p>", answer.content) if answer.content else "",
            mode=Item.Mode.PROACTIVE,
            created_by=user,
            source_request=request.number,
        )
        staff_files = request.attachments.filter(source=RequestAttachment.Source.STAFF)
        for position, attachment in enumerate(staff_files):
            with attachment.file.open("rb") as source:
                data = source.read()
            Attachment.objects.create(
                item=item,
                file=ContentFile(data, name=attachment.name),
                name=attachment.name,
                position=position,
            )
        reversion.set_user(user)
        reversion.set_comment(f"依申请公开转主动公开：申请{request.number}")
    return item


def items_from(request):
    """The catalog items drafted from `request`."""
    return Item.objects.filter(agency_id=request.agency_id, source_request=request.number)


@dataclass
class Candidate:
    agency_name: str
    description: str
    applicants: set = field(default_factory=set)
    numbers: list = field(default_factory=list)


def _key(text):
    return re.sub(r"[\W_]+", "", text or "").lower()


def candidates(agencies, year):
    """[Candidate] asked for by CANDIDATE_APPLICANTS or more applicants in `year`, most first."""
    groups = defaultdict(lambda: None)
    rows = (
        Request.objects.filter(agency__in=agencies, received_on__year=year)
        .order_by("received_on", "pk")
        .values_list("agency_id", "agency__name", "description", "applicant_name", "number")
    )
    for agency_id, agency_name, description, applicant, number in rows:
        key = (agency_id, _key(description))
        if groups[key] is None:
            groups[key] = Candidate(agency_name, description)
        groups[key].applicants.add(applicant)
        groups[key].numbers.append(number)
    found = [each for each in groups.values() if len(each.applicants) >= CANDIDATE_APPLICANTS]
    return sorted(found, key=lambda each: -len(each.applicants))
