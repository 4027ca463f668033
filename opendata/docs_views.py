"""The API's browsable documentation: Swagger UI served from the portal's own static files
(drf-spectacular-sidecar), started by a static script: no CDN and no inline script (CSP)."""

from django.shortcuts import render
from django.urls import reverse

from catalog.caching import public_page


@public_page
def api_docs(request):
    return render(
        request,
        "opendata/api_docs.html",
        {
            "schema_url": reverse("opendata:openapi"),
            "breadcrumbs": [("开放数据接口", None)],
        },
    )
