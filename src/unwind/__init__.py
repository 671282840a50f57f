"""Unwind: guided self-massage and breathing routines, with a private mood journal."""

__version__ = "0.1.0"
APP_ID = "io.github.unwind.Unwind"
APP_NAME = "Unwind"
