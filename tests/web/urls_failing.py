"""The service's URLs plus views that fail, to see the error pages as a visitor would."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from web import errors


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in a view")


def bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a malformed request")


urlpatterns = [
    path("test-fails/", fails),
    path("test-bad/", bad),
    path("", include("config.urls")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
