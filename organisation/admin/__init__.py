"""The organisation's admin: the agency tree (机关) and staff accounts (用户)."""

from . import agencies, users  # noqa: F401
