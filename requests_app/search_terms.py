"""Searches for an applicant's name leave no trace in URLs.

A GET search puts its term in the URL, and so in every access log between the browser and
the portal, in the browser's history and in Referer headers. The staff search forms (the
worklist, the admin's request list) therefore POST the term; the server keeps it in the
session and redirects to a URL that carries only a random token in its place (`?s=~a1B2…`
or the admin's `?q=~a1B2…`), so that filters, pages and bookmarks within the session work
as before. A token from another session, or an expired one, finds nothing to recall.
"""

import secrets

SESSION_KEY = "search-terms"
MARK = "~"  # starts every token; no request number or name does
KEPT = 20  # the most recent terms of a session; older tokens expire


def remember(request, term):
    """Keep `term` in the session; return the token that stands for it in URLs."""
    token = MARK + secrets.token_urlsafe(9)
    terms = dict(request.session.get(SESSION_KEY, {}))
    terms[token] = term
    request.session[SESSION_KEY] = dict(list(terms.items())[-KEPT:])
    return token


def is_token(value):
    return bool(value) and value.startswith(MARK)


def recall(request, token):
    """The term `token` stands for in this session, or None."""
    return request.session.get(SESSION_KEY, {}).get(token)
