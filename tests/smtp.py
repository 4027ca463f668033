"""A real SMTP server for tests (aiosmtpd), on a free local port: notices and digests go
through Django's SMTP backend to it, and tests read what it received."""

import email
import email.policy
import socket

import pytest


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m.recipients]

    @staticmethod
    def body(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def attachments(message):
        return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Yields the `Inbox` of a local SMTP server that Django's SMTP backend sends to."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
