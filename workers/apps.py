from typing import Any

from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "workers"
    verbose_name = "Workers"

    def ready(self) -> None:
        from academy.notifications.signals import notifications_queued

        # Register the tasks in every process, not only in a worker (which imports them from
        # ``imports``): the in-process beat of the first run looks them up by name.
        from workers import audits, notifications, pathways, reports, training  # noqa: F401

        notifications_queued.connect(_kick_dispatcher, dispatch_uid="workers.kick_dispatcher")
        from academy.reports.signals import report_queued

        report_queued.connect(_compile_report, dispatch_uid="workers.compile_report")


def _kick_dispatcher(**kwargs: Any) -> None:
    """New rows are in the outbox: dispatch now rather than at the next minute's run."""
    from workers.notifications import dispatch_due_notifications

    dispatch_due_notifications.delay()


def _compile_report(*, run_id: int, **kwargs: Any) -> None:
    """A run was queued (and committed): compile it on the reports queue."""
    from workers.reports import compile_report

    compile_report.delay(run_id)
