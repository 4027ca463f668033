"""Signals of the working-day calendar."""

from django.dispatch import Signal

# Sent after the commit that entered, changed or removed days of the holiday arrangement,
# with `days`: the dates affected. Whatever was counted across one of them counts again.
calendar_changed = Signal()
