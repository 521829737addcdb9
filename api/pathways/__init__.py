"""Pathways over JSON: templates and cohorts (``planning``), enrolments, milestones and the
outcome (``enrolments``), and an enrolment's record (``record``). Views parse and call the
pathways services; reads come from its selectors with a fixed number of queries."""
