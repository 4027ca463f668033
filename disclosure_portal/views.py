from django.http import HttpResponse


def healthz(request):
    """Liveness for load balancers, and the benchmark's floor: the full middleware stack, no query."""
    return HttpResponse("ok", content_type="text/plain")
