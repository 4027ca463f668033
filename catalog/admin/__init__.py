"""The catalog's admin, one module per area so that each stays readable."""

from . import directories, items  # noqa: F401
