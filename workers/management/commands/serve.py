"""``runserver`` plus, when tasks run in-process, the beat schedule in a thread (make run)."""

from typing import Any

from django.conf import settings
from django.core.management.commands.runserver import Command as RunServer

from workers.inprocess import start_inprocess_beat


class Command(RunServer):
    help = "Start the development server; without a broker, also run the beat schedule in-process."

    def inner_run(self, *args: Any, **options: Any) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            start_inprocess_beat()
            self.stdout.write("Scheduled tasks run in this process (no CELERY_BROKER_URL).")
        super().inner_run(*args, **options)
