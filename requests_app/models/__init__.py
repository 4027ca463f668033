from .cases import Case
from .notices import DigestSent, Notice
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
from .routing import Routing, RoutingMove, Supervision
from .steps import TransitionError

__all__ = [
    "Answer",
    "Case",
    "Consultation",
    "Correction",
    "DigestSent",
    "Extension",
    "FeeNotice",
    "Notice",
    "Request",
    "RequestAttachment",
    "RequestCounter",
    "RequestEvent",
    "Routing",
    "RoutingMove",
    "Supervision",
    "TransitionError",
]
