from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "academy.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from academy.notifications import permissions  # noqa: F401  (registers the rules)
