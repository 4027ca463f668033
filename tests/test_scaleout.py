"""The scale-out path: read replica router, Redis cache and sessions, media storage.

Settings are read once at start-up, so the settings tests evaluate
`disclosure_portal/settings.py` afresh under a patched environment. The router
runs against a second alias, `replica`, on the test database itself (what
`TEST: {"MIRROR": "default"}` does for a real replica). The Redis tests use the
Redis on 127.0.0.1:6379 and are skipped when it is down.
"""

import copy
import runpy
import socket
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from disclosure_portal.db_routers import ReplicaReadsMiddleware
from organisation.models import Agency

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "disclosure_portal" / "settings.py"
SCALEOUT_VARS = [
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "MEDIA_STORAGE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
]


@pytest.fixture
def load_settings(monkeypatch):
    """Evaluate the settings module with the given environment variables."""

    def load(**env):
        for name in SCALEOUT_VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


# --- settings selection -------------------------------------------------------


def test_without_scaleout_variables_everything_is_local(load_settings):
    conf = load_settings()
    assert set(conf["DATABASES"]) == {"default"}
    assert "DATABASE_ROUTERS" not in conf
    assert conf["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert "SESSION_ENGINE" not in conf
    assert conf["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_replica_url_adds_replica_alias_and_router(load_settings):
    conf = load_settings(DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/portal")
    replica = conf["DATABASES"]["replica"]
    assert replica["HOST"] == "replica.internal"
    assert replica["NAME"] == "portal"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert conf["DATABASE_ROUTERS"] == ["disclosure_portal.db_routers.ReplicaRouter"]


def test_redis_url_selects_redis_cache_and_cached_sessions(load_settings):
    conf = load_settings(REDIS_URL="redis://cache.internal:6379/2")
    cache = conf["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert conf["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_s3_media_storage_uses_bucket_and_endpoint(load_settings):
    conf = load_settings(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    storage = conf["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "portal-media"
    assert storage["OPTIONS"]["endpoint_url"] == "http://minio.internal:9000"
    assert storage["OPTIONS"]["file_overwrite"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_REPLICA_URL": "replica.internal:5432"}, "DATABASE_REPLICA_URL"),
        ({"DATABASE_REPLICA_URL": "mysql://replica/portal"}, "DATABASE_REPLICA_URL"),
        ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE"),
        ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        (
            {
                "MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "b",
                "AWS_S3_ENDPOINT_URL": "minio:9000",
            },
            "AWS_S3_ENDPOINT_URL",
        ),
    ],
)
def test_bad_scaleout_values_fail_loudly(load_settings, env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(**env)


def test_s3_storage_serves_signed_urls_from_the_endpoint(load_settings, settings):
    conf = load_settings(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    settings.STORAGES = {**settings.STORAGES, "default": conf["STORAGES"]["default"]}
    from django.core.files.storage import default_storage

    # Signing needs no network: this proves the options are ones the backend takes.
    url = default_storage.url("attachments/2025/01/预算.pdf")
    assert url.startswith("http://127.0.0.1:9000/portal-media/attachments/2025/01/")
    assert "Signature" in url


# --- the replica router, against a second alias on the same database -----------


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker):
    """A `replica` alias on the test database (what MIRROR gives a real replica).

    Module-scoped so that it exists before a test's database access is checked:
    the tests name it in `databases`.
    """
    replica_settings = copy.deepcopy(connections["default"].settings_dict)
    replica_settings["TEST"]["MIRROR"] = "default"
    connections.settings["replica"] = replica_settings
    yield
    with django_db_blocker.unblock():
        connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture
def replica(replica_alias, settings):
    """The router installed, and the data committed so that the replica sees it."""
    settings.DATABASE_ROUTERS = ["disclosure_portal.db_routers.ReplicaRouter"]
    return connections["replica"]


with_replica = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


@with_replica
def test_public_page_reads_from_replica(client, replica, county):
    with queries_on("default") as primary, queries_on("replica") as reads:
        response = client.get(county.get_absolute_url())
    assert response.status_code == 200
    assert county.name in response.content.decode()
    assert len(reads) > 0
    assert len(primary) == 0


@with_replica
def test_staff_pages_read_from_primary(client, replica, county, make_staff):
    client.force_login(make_staff("reader", roles=["信息员"], agencies=[county]))
    with queries_on("default") as primary, queries_on("replica") as reads:
        assert client.get(county.get_absolute_url()).status_code == 200
        assert client.get("/staff/").status_code == 200  # the 工作台
    assert len(primary) > 0
    assert len(reads) == 0


@with_replica
def test_posts_use_primary(client, replica, county):
    with queries_on("default") as primary, queries_on("replica") as reads:
        client.post("/")
    assert len(primary) > 0
    assert len(reads) == 0


def run_view_as_public_get(view):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return ReplicaReadsMiddleware(view)(request)


@with_replica
def test_reads_after_a_write_stay_on_primary(replica, county):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Agency))
        county.save()
        seen.append(router.db_for_read(Agency))
        return HttpResponse()

    run_view_as_public_get(view)
    assert seen == ["replica", "default"]


@with_replica
def test_reads_inside_a_transaction_use_primary(replica):
    seen = []

    def view(request):
        with transaction.atomic():
            seen.append(router.db_for_read(Agency))
        return HttpResponse()

    run_view_as_public_get(view)
    assert seen == ["default"]


@with_replica
def test_outside_requests_everything_uses_primary(replica):
    assert router.db_for_read(Agency) == "default"
    assert router.db_for_write(Agency) == "default"


@with_replica
def test_migrations_never_run_on_replica(replica):
    assert router.allow_migrate("default", "catalog")
    assert not router.allow_migrate("replica", "catalog")


# --- Redis, the shared cache ---------------------------------------------------


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache(load_settings, settings):
    """The cache settings select for REDIS_URL, as a second alias `redis`.

    A second alias, not `default`: the suite clears the default cache around
    every test, and clearing a Redis cache empties its whole database. The key
    prefix is unique so that parallel runs never see each other's keys.
    """
    conf = load_settings(REDIS_URL="redis://127.0.0.1:6379/15")
    redis_conf = {**conf["CACHES"]["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings.CACHES = {**settings.CACHES, "redis": redis_conf}
    settings.SESSION_ENGINE = conf["SESSION_ENGINE"]
    settings.SESSION_CACHE_ALIAS = "redis"
    from django.core.cache import caches

    yield caches["redis"]
    client = caches["redis"]._cache.get_client(write=True)
    for key in client.scan_iter(f"{redis_conf['KEY_PREFIX']}:*"):
        client.delete(key)


@needs_redis
def test_redis_cache_round_trip(redis_cache):
    redis_cache.set("greeting", {"text": "政务公开"}, 30)
    assert redis_cache.get("greeting") == {"text": "政务公开"}
    assert redis_cache.add("counter", 1)
    assert redis_cache.incr("counter") == 2
    redis_cache.delete("greeting")
    assert redis_cache.get("greeting") is None


@needs_redis
def test_sessions_live_in_redis(client, redis_cache, county, make_staff):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    client.force_login(make_staff("editor", roles=["信息员"], agencies=[county]))
    session_key = client.session.session_key
    assert redis_cache.get(KEY_PREFIX + session_key) is not None
    assert client.get("/staff/").status_code == 200  # the 工作台
