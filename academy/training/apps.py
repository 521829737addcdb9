from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "academy.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from academy.training import permissions  # noqa: F401  (registers the rules)
