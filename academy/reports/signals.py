"""Sent after a commit that queued a report run, with its id; the workers package connects the
receiver that puts the compile task on the ``reports`` queue."""

from django.dispatch import Signal

report_queued = Signal()
