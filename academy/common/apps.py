from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "academy.common"
    label = "common"
    verbose_name = "Common"
