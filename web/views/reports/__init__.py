"""The reports pages: asking for a report and one's runs, a run's progress and file, and the
PSW's schedules."""
