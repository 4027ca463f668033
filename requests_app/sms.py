"""Text messages to applicants: one interface, the backend chosen by one setting.

`SMS_BACKEND` names a class with `send(phone, text)` that raises on failure. The default,
`LoggingSmsBackend`, only logs that a message of some length was handed over, never the number
or the text (they hold personal data and the request number); a provider's gateway is a
class of a few lines beside it, selected by setting SMS_BACKEND in the environment.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class LoggingSmsBackend:
    """No gateway: the message is accepted and logged without its content."""

    def send(self, phone, text):
        logger.info("sms accepted by the logging backend (%d characters)", len(text))


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "requests_app.sms.LoggingSmsBackend"))()
