"""Hand-edited admin list URLs are answered, never a 500.

The admin turns unknown or malformed filters (`?agency=abc`) into its "invalid lookup" redirect
(`?e=1`) while it builds the query. An id beyond the database's integer range
(`?agency=99999999999999999999`) passes that stage and only fails when the query runs:
SQLite cannot bind it (OverflowError), other backends may refuse it (DataError). Every list
of the portal's admin mixes this in, so such a URL gets the same redirect as any bad filter.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.db import DataError


class CheckedListLookups:
    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, DataError) as error:
            raise IncorrectLookupParameters(error) from error
