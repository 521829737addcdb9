"""Sent inside the transaction that records a person leaving (``active`` turned off), so other
areas let go of what the person held (training places, for one) in the same commit, or not at
all. Receivers are connected by the areas that hold such things."""

from django.dispatch import Signal

#: ``sender`` is the Person class; ``person`` the person who has left.
person_left = Signal()
