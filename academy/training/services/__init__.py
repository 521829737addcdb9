"""Writes about training, one module per area: the catalogue, bookings (under the session's
lock), records (attendance, completions, CPD, calendar feeds) and CSV imports."""

from academy.training.services.bookings import (
    BookingResult,
    booking_cancel,
    booking_create,
    booking_decide,
    bookings_release_for_leaver,
    requests_expire,
    session_cancel,
    waitlist_position,
)
from academy.training.services.catalogue import (
    course_save,
    series_save,
    session_create,
    session_update,
)
from academy.training.services.imports import RowResult, bookings_import_csv, completions_import_csv
from academy.training.services.records import (
    attendance_record,
    calendar_feed_for,
    calendar_feed_revoke,
    completion_record,
    cpd_entry_delete,
    cpd_entry_prefill,
    cpd_entry_save,
    cpd_rules,
    cpd_standing_for,
)

__all__ = [
    "BookingResult",
    "RowResult",
    "attendance_record",
    "booking_cancel",
    "booking_create",
    "booking_decide",
    "bookings_import_csv",
    "bookings_release_for_leaver",
    "calendar_feed_for",
    "calendar_feed_revoke",
    "completion_record",
    "completions_import_csv",
    "course_save",
    "cpd_entry_delete",
    "cpd_entry_prefill",
    "cpd_entry_save",
    "cpd_rules",
    "cpd_standing_for",
    "requests_expire",
    "series_save",
    "session_cancel",
    "session_create",
    "session_update",
    "waitlist_position",
]
