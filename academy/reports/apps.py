from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "academy.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from academy.reports import permissions  # noqa: F401  (registers the rules)
