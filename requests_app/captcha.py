"""The public form's captcha: django-simple-captcha, drawn by the portal itself with Pillow and
its bundled font, so no outside service is ever called.

Mounted at /captcha/ (disclosure_portal/urls.py): the image views of the library, and a
refresh view of our own that is rate-limited like the form (each challenge is a database row).
"""

import hashlib
import secrets

from captcha import views as captcha_views
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.urls import path, re_path
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import ratelimit

USED_UP_MARK_SECONDS = 60

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: characters that look alike in a distorted image.
ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
LENGTH = 4


def challenge():
    """(text drawn, expected answer); CAPTCHA_CHALLENGE_FUNCT. Answers are case-insensitive."""
    text = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return text, text.lower()


def _answered_key(key):
    # Hashed: the key is whatever the client sent.
    return "captcha:answered:" + hashlib.sha256(key.encode()).hexdigest()


class ChallengeWidget(CaptchaTextInput):
    """The image, the key, the answer box and a 换一张 button (a plain submit button that re-shows
    the form with a new image; `static/js/apply.js` swaps the image in place instead)."""

    template_name = "requests_app/widgets/captcha.html"
    # One <label for=…_1> naming the answer box; a MultiWidget's default <fieldset><legend>
    # left the box without a label (axe: "Form elements must have labels").
    use_fieldset = False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["refresh_url"] = self.refresh_url()
        return context


class ChallengeField(CaptchaField):
    """A CaptchaField with Chinese messages that tells, when it fails, whether its challenge had
    been used up by another request: a second click on 提交 re-sends the challenge that the
    first click consumed, and the view then looks for the request the first click created."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "验证码")
        kwargs.setdefault("help_text", "请输入图片中的4个字符，不区分大小写。")
        kwargs.setdefault("widget", ChallengeWidget())
        kwargs["error_messages"] = {
            "required": "请输入验证码。",
            "incomplete": "请输入验证码。",
            "invalid": "验证码不正确或已过期，请输入新图片中的字符。",
        }
        super().__init__(**kwargs)
        self.challenge_used_up = False

    def clean(self, value):
        key, answer = (list(value or []) + ["", ""])[:2]
        if "\x00" in f"{key}{answer}":
            # PostgreSQL refuses NUL in a query parameter (a 500); no challenge contains one.
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        store = (
            CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
            if key
            else None
        )
        right = store is not None and store.response == (answer or "").strip().lower()
        if right:
            # Marked before the library's check below consumes the challenge, so that a
            # concurrent second click of this form finds the mark once the row is gone.
            cache.set(_answered_key(key), True, USED_UP_MARK_SECONDS)
        # Used up: answered right by a click of this form (now or just before). Not merely
        # gone: a made-up or expired key would make the view wait for a request in vain.
        self.challenge_used_up = right or (
            bool(key) and store is None and bool(cache.get(_answered_key(key)))
        )
        return super().clean(value)


@never_cache
@ratelimit.limit("form", "REQUESTS_FORM_RATE", methods=("GET",))
def refresh(request):
    """A new challenge as JSON for apply.js (the library's refresh, rate-limited)."""
    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        raise Http404
    key = CaptchaStore.generate_key()
    return JsonResponse({"key": key, "image_url": captcha_image_url(key)})


# Not namespaced: the library's widget reverses "captcha-image" and "captcha-refresh".
urlpatterns = [
    re_path(
        r"^image/(?P<key>\w+)/$",
        never_cache(captcha_views.captcha_image),
        {"scale": 1},
        name="captcha-image",
    ),
    re_path(
        r"^image/(?P<key>\w+)@2/$",
        never_cache(captcha_views.captcha_image),
        {"scale": 2},
        name="captcha-image-2x",
    ),
    path("refresh/", refresh, name="captcha-refresh"),
]
