"""What staff and applicants are shown at intake (docs/legal-rules.md §13):

- `similar_earlier`: earlier requests to the same agency by the same applicant (same ID number,
  or same name and phone) asking for much the same thing: flagged to staff, who decide whether
  the request is a 重复申请 (条例第三十六条第（六）项). Never decided by the portal.
- `published_suggestions`: published items whose words match the request's, offered to the
  applicant before submitting. Never blocking: the applicant may file anyway.
"""

import re
from collections import Counter
from difflib import SequenceMatcher

from django.db.models import Q

from catalog import search
from catalog.models import Item

SIMILAR_RATIO = 0.6  # of the two descriptions' characters in common, in order
CANDIDATES = 50  # the applicant's latest requests to the agency that are compared
# Words that join the things asked for; the pieces between them are what is searched.
JOINERS = re.compile(r"[的和与及或、，,。;；：:（）()\s]|关于|有关|相关|情况|信息|文件|申请|公开")
MAX_PIECE = 12
MAX_PIECES = 6
SUGGESTIONS = 5


def _same_applicant(request):
    condition = Q(pk__in=[])
    if request.id_number:
        condition |= Q(id_type=request.id_type, id_number=request.id_number)
    if request.applicant_name and request.phone:
        condition |= Q(applicant_name=request.applicant_name, phone=request.phone)
    return condition


def similar_earlier(request):
    """Earlier requests of the same applicant to the same agency with a similar description
    (or the same 文号), newest first."""
    from .models import Request

    candidates = (
        Request.objects.filter(_same_applicant(request), agency_id=request.agency_id)
        .filter(
            Q(received_on__lt=request.received_on)
            | Q(received_on=request.received_on, pk__lt=request.pk)
        )
        .exclude(pk=request.pk)
        .order_by("-received_on", "-pk")[:CANDIDATES]
    )
    found = []
    for earlier in candidates:
        same_number = request.document_number and earlier.document_number == request.document_number
        ratio = SequenceMatcher(None, earlier.description, request.description).ratio()
        if same_number or ratio >= SIMILAR_RATIO:
            found.append(earlier)
    return found


def pieces(text):
    """The searchable pieces of a request's description: the runs between joining words."""
    found = []
    for piece in JOINERS.split(text or ""):
        piece = piece.strip()[:MAX_PIECE]
        if len(piece) >= 2 and piece not in found:
            found.append(piece)
    return found[:MAX_PIECES]


def published_suggestions(text, agency=None):
    """Up to SUGGESTIONS published items matching the most pieces of `text` (the agency's own
    first), with the catalog's search (catalog/search.py)."""
    public = Item.objects.public().filter(status=Item.Status.PUBLISHED)
    hits = Counter()
    for piece in pieces(text):
        terms = search.query_terms(piece)
        for pk in search.matching(public, terms).values_list("pk", flat=True)[:20]:
            hits[pk] += 1
    if not hits:
        return []
    items = {item.pk: item for item in public.filter(pk__in=hits).select_related("agency")}

    def order(pk):
        item = items[pk]
        return (-hits[pk], agency is None or item.agency_id != agency.pk, -item.pk)

    return [items[pk] for pk in sorted(items, key=order)[:SUGGESTIONS]]
