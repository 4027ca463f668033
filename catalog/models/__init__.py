"""The catalog's models, one module per topic; import them from here (`catalog.models`)."""

from .agencies import Agency, AgencyManager, AgencyQuerySet
from .attachments import Attachment
from .calendar import CalendarDay
from .counters import DirectoryCount, IndexCounter
from .directories import Directory
from .items import PUBLIC_CONDITION, Channel, Item, ItemEvent, ItemQuerySet

__all__ = [
    "PUBLIC_CONDITION",
    "Agency",
    "AgencyManager",
    "AgencyQuerySet",
    "Attachment",
    "CalendarDay",
    "Channel",
    "Directory",
    "DirectoryCount",
    "IndexCounter",
    "Item",
    "ItemEvent",
    "ItemQuerySet",
]
