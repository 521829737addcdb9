"""The case file audits API: templates and themes, audits with their feedback and actions, the
monthly programme, moderation, repeat allowances and learning bulletins."""
