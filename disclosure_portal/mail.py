"""Mail without a mail server: refused, never printed.

With DEBUG off and no EMAIL_HOST the portal has nowhere to send an applicant's receipt. Django's
console backend would write the whole message (name, e-mail address, request number, query
code) into the server log, so production uses this backend instead: sending raises, the caller
logs that a message was not sent (without its content), and `manage.py check --deploy` reports
the missing EMAIL_HOST as an error (disclosure_portal/checks.py).
"""

from django.core.mail.backends.base import BaseEmailBackend


class MailServerNotConfigured(Exception):
    pass


class NoMailServerBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        if not self.fail_silently:
            raise MailServerNotConfigured("未设置 EMAIL_HOST：邮件未发送")
        return 0
