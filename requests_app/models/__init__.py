from .cases import Case
from .letters import LetterCounter, Service, take_letter_number
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
from .steps import TransitionError

__all__ = [
    "Answer",
    "AnswerCorrection",
    "AnswerDraft",
    "Case",
    "Consultation",
    "Correction",
    "Extension",
    "FeeNotice",
    "LetterCounter",
    "ReasonsRequest",
    "Request",
    "RequestAttachment",
    "RequestCounter",
    "RequestEvent",
    "Service",
    "TransitionError",
    "take_letter_number",
]
