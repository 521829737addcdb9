"""Reports over JSON: asking for a report and following its run (``runs``), what each kind
needs and offers (``kinds``), and the PSW's schedules (``schedules``). Views parse and call the
reports services; reads come from its selectors with a fixed number of queries."""
