"""Case file audit pages: the manager's audit form, an audit with its feedback and action plan,
the team dashboard, My audits, the PSW's moderation queue and themes, the academy's quality
dashboard, and learning bulletins."""
