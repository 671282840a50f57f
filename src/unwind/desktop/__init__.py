"""Qt-free adapters to the desktop: X11, D-Bus, the single instance and the autostart entry."""
