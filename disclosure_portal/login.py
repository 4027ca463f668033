"""The staff login (the admin's login page): a captcha once a username is being guessed at.

django-axes locks a username at one address after AXES_FAILURE_LIMIT failures (settings.py).
A guesser with many addresses never reaches that limit at any one of them, and locking the
username itself would lock its owner out too. So, past LOGIN_CAPTCHA_AFTER failures for one
username from any addresses within AXES_COOLOFF_TIME (counted from axes' own records), the
form asks for a captcha as well: without the right answer the password is not even checked,
so each further guess costs a solved captcha, while the owner still logs in by solving one.
This is the captcha route django-axes documents for slowing guessers, applied per username.
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from captcha.fields import CaptchaField
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db.models import Sum
from django.utils import timezone

CAPTCHA_NEEDED = "该账号近期多次登录失败。为防止他人猜测密码，请同时输入图片中的验证码。"


def recent_failures(username):
    """Failed logins for `username` from every address within the cool-off time."""
    since = timezone.now() - get_cool_off()
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class StaffLoginForm(AdminAuthenticationForm):
    captcha = CaptchaField(
        label="验证码",
        required=False,
        help_text="请输入图片中的4个字符，不区分大小写。",
        error_messages={"invalid": "验证码不正确或已过期，请输入新图片中的字符。"},
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = (self.data.get("username") or "").strip() if self.is_bound else ""
        self.needs_captcha = bool(username) and (
            recent_failures(username) >= settings.LOGIN_CAPTCHA_AFTER
        )
        if self.needs_captcha:
            self.fields["captcha"].required = True
            messages = self.fields["captcha"].error_messages
            messages["required"] = messages["incomplete"] = CAPTCHA_NEEDED
        else:
            del self.fields["captcha"]

    def clean(self):
        if self.needs_captcha and self.has_error("captcha"):
            # No password check, so no attempt for axes to count: the guess was not made.
            return self.cleaned_data
        return super().clean()
