from typing import Any

from django.apps import AppConfig
from django.urls import reverse


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Pages"

    def ready(self) -> None:
        from academy.common import links

        for name, url_name in LINKS.items():
            links.register(name, _resolver(url_name))


#: The places the domain's messages point to, and the page that shows each.
LINKS = {
    "sign-in": "web:sign-in",
    "password-set": "web:password-set",
    "enrolment": "web:enrolment",
    # Training
    "booking": "web:booking",
    "catalogue": "web:catalogue",
    "my-cpd": "web:my-cpd",
    # Case file audits
    "audit": "web:audit",
    "audits": "web:audits",
    # Reports
    "report": "web:report",
}


def _resolver(url_name: str) -> Any:
    def resolve(*args: Any, **kwargs: Any) -> str:
        return reverse(url_name, args=args or None, kwargs=kwargs or None)

    return resolve
