"""Training over JSON: the catalogue (courses, event series, sessions), bookings and the
register, completions and compliance, CPD entries and calendar feeds."""
