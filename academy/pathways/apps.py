from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "academy.pathways"
    label = "pathways"
    verbose_name = "Pathways"

    def ready(self) -> None:
        from academy.pathways import permissions  # noqa: F401  (registers the rules)
        from academy.pathways.selectors import people_held_by
        from academy.people.permissions import register_held_people

        register_held_people(people_held_by)
