"""The catalog's models, one module per topic; import them from here (`catalog.models`)."""

from .attachments import Attachment
from .counters import DirectoryCount, IndexCounter
from .directories import Directory
from .items import Channel, Item, ItemEvent, ItemQuerySet
from .screening import PersonalDataAcceptance
from .secrecy import AbstractSecrecyReview, SecrecyReview

__all__ = [
    "AbstractSecrecyReview",
    "Attachment",
    "Channel",
    "Directory",
    "DirectoryCount",
    "IndexCounter",
    "Item",
    "ItemEvent",
    "ItemQuerySet",
    "PersonalDataAcceptance",
    "SecrecyReview",
]
