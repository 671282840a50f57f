"""The journal page: the chart, the session table, its edit dialog and the insights."""
