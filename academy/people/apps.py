from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "academy.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from academy.people import permissions  # noqa: F401  (registers the rules)
