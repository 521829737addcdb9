from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "academy.audits"
    label = "audits"
    verbose_name = "Case file audits"

    def ready(self) -> None:
        from academy.audits import permissions  # noqa: F401  (registers the rules)
