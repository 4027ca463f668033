"""Signals of the agency tree, so that apps above it can refresh what they derive from it."""

from django.dispatch import Signal

# Sent after the commit that added, changed or moved agencies (one save, or a whole import).
# The catalog's public pages and the site header cache agency names and contact data.
agencies_changed = Signal()


def send_agencies_changed():
    agencies_changed.send(sender=None)
