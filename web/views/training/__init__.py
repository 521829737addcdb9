"""The training pages: the catalogue, courses, sessions and event series; bookings and
approvals; My learning and the CPD log; the compliance matrix; and the coordinator's session
administration (sessions, registers, bulk booking, completions)."""
