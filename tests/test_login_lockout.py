"""Login guessing is stopped: after 5 failures the admin login is locked (django-axes)."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "correct-horse-9"  # make_staff's default


def attempt(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_four_failures_then_the_right_password_still_logs_in(client, make_staff):
    make_staff("officer")
    for _ in range(4):
        response = attempt(client, "officer", "wrong")
        assert response.status_code == 200 and "请输入一个正确的" in response.text
    response = attempt(client, "officer", PASSWORD)
    assert response.status_code == 302 and is_logged_in(client)


def test_fifth_failure_locks_the_login_and_the_right_password_is_refused(client, make_staff):
    make_staff("officer")
    for _ in range(4):
        assert attempt(client, "officer", "wrong").status_code == 200
    locked = attempt(client, "officer", "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.text
    assert '<html lang="zh-CN">' in locked.text

    response = attempt(client, "officer", PASSWORD)
    assert response.status_code == 429 and "登录已暂时锁定" in response.text
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_lockout_is_per_user_and_address(client, make_staff):
    make_staff("officer")
    make_staff("colleague")
    for _ in range(5):
        attempt(client, "officer", "wrong")
    response = attempt(client, "colleague", PASSWORD)
    assert response.status_code == 302 and is_logged_in(client)
