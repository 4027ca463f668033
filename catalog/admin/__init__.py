"""The catalog's admin, one module per area so that each stays readable."""

from . import agencies, calendar, directories, items, users  # noqa: F401
