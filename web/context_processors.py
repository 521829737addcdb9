from typing import Any

from django.conf import settings
from django.http import HttpRequest

from academy.people.permissions import viewer_for
from web.navigation import navigation_counts, navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name and the navigation for the signed-in person (two queries at most)."""
    context: dict[str, Any] = {
        "service_name": settings.SERVICE_NAME,
        "academy_name": settings.ACADEMY_NAME,
        "navigation": [],
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        viewer = viewer_for(user)
        context["viewer"] = viewer
        counts = navigation_counts(viewer.person_id)
        context["navigation"] = navigation_for(request, viewer, **counts._asdict())
    return context
