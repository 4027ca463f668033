"""Public reads on a read replica, everything else on the primary.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database alias and
install `ReplicaRouter`. The router cannot see the request, so
`ReplicaReadsMiddleware` marks each request that may read from the replica:
a GET or HEAD outside the admin from someone who is not staff. Everything
else uses the primary:

- writes, always, and every read after the first write of a request, so that
  a request reads what it has just written;
- reads inside a transaction on the primary (`transaction.atomic()`): a
  transaction that checks and then writes must read the primary's rows;
- staff and the admin, who must see what they have just published;
- logins, sessions and lockouts (apps `auth`, `sessions`, `admin`, `axes`),
  which must never lag;
- management commands, the shell and anything else outside a request.

A replica lags its primary by a moment; public pages tolerate that, staff work
does not.
"""

from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

REPLICA_DB_ALIAS = "replica"

# Apps whose rows decide who is logged in or locked out: always read fresh.
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "admin", "axes"})

_public_read = ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _public_read.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Pin the rest of the request to the primary: it must see its own write.
        _public_read.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Marks public read requests for `ReplicaRouter`; harmless without a replica.

    Goes after AuthenticationMiddleware: it asks whether the user is staff
    (answered from the primary, before the mark is set).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        token = _public_read.set(self.is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)

    def is_public_read(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            return False
        return not request.user.is_staff
