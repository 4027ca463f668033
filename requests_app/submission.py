"""The online form's one-time submission token: one form filled in is one request, however
often it is sent (double click, reload, back + submit).

Each form page carries a fresh random token. The database keeps only its hash (as the
request's unique `submission_key`), and the request's query code is derived from the token
with the SECRET_KEY, so whoever sends the same form again (and only they: the token never
leaves that page) is shown the same request and the same code, even when two clicks race.
"""

import hashlib
import re
import secrets
import time

from django.utils.crypto import salted_hmac

from .models import Request
from .models.requests import CODE_ALPHABET, CODE_LENGTH

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
WAIT_SECONDS = 5  # how long a second click waits for the first one's request
POLL_SECONDS = 0.25


def new_token():
    return secrets.token_urlsafe(32)  # 43 characters, 256 bits


def parse_token(value):
    """The token sent with a form, or None when it is missing or malformed."""
    value = (value or "").strip()
    return value if TOKEN.match(value) else None


def submission_key(token):
    """What the database stores: a hash, from which neither token nor code can be recovered."""
    return hashlib.sha256(f"requests_app.submission:{token}".encode()).hexdigest()


def query_code(token):
    """The private query code of the request this token creates: ABCD-EFGH-JKLM."""
    digest = salted_hmac("requests_app.submission.code", token, algorithm="sha256").digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    raw = "".join(chars)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def find_request(token, wait=0):
    """The request this token already created, waiting up to `wait` seconds for a concurrent
    first click to commit it; None if there is none."""
    deadline = time.monotonic() + wait
    while True:
        found = Request.objects.filter(submission_key=submission_key(token)).first()
        if found is not None or time.monotonic() >= deadline:
            return found
        time.sleep(POLL_SECONDS)
