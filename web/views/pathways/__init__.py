"""The pathways pages: cohorts, enrolments, My pathway, the people one holds, templates."""
