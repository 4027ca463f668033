from .cases import Case
from .records import (
    Answer,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    RequestAttachment,
    RequestEvent,
)
from .requests import Request, RequestCounter
from .steps import TransitionError

__all__ = [
    "Answer",
    "Case",
    "Consultation",
    "Correction",
    "Extension",
    "FeeNotice",
    "Request",
    "RequestAttachment",
    "RequestCounter",
    "RequestEvent",
    "TransitionError",
]
