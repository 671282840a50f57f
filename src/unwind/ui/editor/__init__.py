"""The routine editor: making, changing, trying and sharing routines."""
