"""Sent after a commit that added rows to the outbox, so a dispatcher can run at once instead of
waiting for its next scheduled run. The workers package connects the receiver."""

from django.dispatch import Signal

notifications_queued = Signal()
