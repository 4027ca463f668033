"""Typed readers of environment variables for `settings.py`.

Each returns the variable's value (or the default when it is unset or empty) and raises
`ImproperlyConfigured`, naming the variable, when the value cannot be what it must be: a
mistyped setting stops the start instead of quietly doing something else.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

# Django's own bar for a secret key (security.W009): long and not repetitive.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name, default, minimum=None):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value!r}")
    return number


def env_list(name, default=""):
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_choice(name, choices, default):
    value = os.environ.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_url(name, schemes):
    """A URL from the environment whose scheme is one of `schemes`, or None if unset."""
    value = os.environ.get(name)
    if not value:
        return None
    if value.split("://", 1)[0] not in schemes or "://" not in value:
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}, "
            f"got {value!r}"
        )
    return value


def env_rate(name, default):
    """A rate "count/period", period s, m, h or d with an optional multiple (10/h, 5/10m)."""
    value = os.environ.get(name) or default
    if not re.fullmatch(r"[0-9]+/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 10/h or 5/10m, got {value!r}")
    return value


def is_weak_secret_key(key):
    """Whether `key` is missing, Django's placeholder, or too short or repetitive to be secret."""
    return (
        not key
        or key.startswith("django-insecure")
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    )


def env_secret_key(debug, development_key):
    """SECRET_KEY: required with DEBUG off, where a known or weak key would let anyone forge
    sessions and applicants' query-code hashes; on a developer's machine (DEBUG=1) a fixed
    development key may stand in."""
    key = os.environ.get("SECRET_KEY", "")
    if debug and not key:
        return development_key
    if not debug and is_weak_secret_key(key):
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置或不够安全：DEBUG 关闭（生产环境）时必须把环境变量 SECRET_KEY 设为"
            f"至少 {SECRET_KEY_MIN_LENGTH} 个字符的随机值，例如 "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))' 的输出。"
            "（SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off.)"
        )
    return key
