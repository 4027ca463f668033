"""Requests the portal refuses before any view sees them."""

from django.views.defaults import bad_request


class NulCharacterRequest(Exception):
    pass


def reject_nul_characters(get_response):
    """A NUL character (%00) in the URL or the query string gets a 400.

    PostgreSQL cannot compare or store text containing NUL, so such a value ended in a
    database error (a 500) wherever it reached a lookup: /apply/?code=%00, /agencies/%00/,
    the admin's search. No name, code or search term contains one.
    """

    def middleware(request):
        values = (value for _, values in request.GET.lists() for value in values)
        if "\x00" in request.path or any("\x00" in value for value in values):
            return bad_request(request, NulCharacterRequest())
        return get_response(request)

    return middleware
