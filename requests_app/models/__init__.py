from .answer_secrecy import AnswerSecrecyReview
from .cases import Case
from .letters import LetterCounter, Service, take_letter_number
from .notices import DigestSent, Notice
from .records import (
    Answer,
    AnswerCorrection,
    AnswerDraft,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    ReasonsRequest,
    RequestAttachment,
    RequestEvent,
)
from .requests import Request, RequestCounter
from .routing import Routing, RoutingMove, Supervision
from .steps import TransitionError

__all__ = [
    "Answer",
    "AnswerCorrection",
    "AnswerDraft",
    "AnswerSecrecyReview",
    "Case",
    "Consultation",
    "Correction",
    "DigestSent",
    "Extension",
    "FeeNotice",
    "LetterCounter",
    "ReasonsRequest",
    "Notice",
    "Request",
    "RequestAttachment",
    "RequestCounter",
    "RequestEvent",
    "Service",
    "Routing",
    "RoutingMove",
    "Supervision",
    "TransitionError",
    "take_letter_number",
]
