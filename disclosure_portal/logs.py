"""What the server log may hold: no tracebacks for refused requests.

Django logs every 4xx answer on `django.request` (and CSRF refusals on `django.security.csrf`)
with the exception that caused it. For a 403 that exception's traceback shows the view's local
state, and its message may quote what the user was refused (an item's title, a request's
applicant). A refusal is not a fault of the server: the line "Forbidden: /path" says enough.
Server errors (5xx) keep their traceback.
"""

import logging


class DropClientErrorTracebacks(logging.Filter):
    """On a logger: strip the exception from records of responses below 500."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
