"""The access matrix by area: each module holds its rows, the payloads its writes send, the
states its addresses name and what it adds to the scenario (``build``)."""
