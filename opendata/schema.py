"""drf-spectacular hooks: the OpenAPI document describes /api/v1/ only."""


def only_api_paths(endpoints, **kwargs):
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/v1/") and not endpoint[0].endswith("openapi.json")
    ]
