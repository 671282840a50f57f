"""The mood journal: check-ins before and after each session, stored privately in SQLite."""
