"""Screen and window sizes shared by the runner and the measured programs (no imports, so a
probe pays nothing for it)."""

SCREEN = "1366x768x24"
"""The virtual screen: the app's default 1180x720 window fits, as on a small laptop."""

WINDOW_SIZE = (1180, 720)
"""The app's default window size; the baselines use the same."""
