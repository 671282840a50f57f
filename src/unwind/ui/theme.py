"""Colours and the style sheet: a calm palette in light and dark, chosen once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from unwind.resources import image


@dataclass(frozen=True)
class Theme:
    dark: bool
    window: str
    surface: str
    surface_alt: str
    text: str
    muted: str
    accent: str
    accent_soft: str
    accent_text: str
    warning: str
    border: str

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


LIGHT = Theme(
    dark=False,
    window="#f3f0ea",
    surface="#fbfaf7",
    surface_alt="#e9e4da",
    text="#24302f",
    muted="#5d6a68",
    accent="#3f8b83",
    accent_soft="#cfe5e1",
    accent_text="#ffffff",
    warning="#a5542c",
    border="#d6d0c4",
)

DARK = Theme(
    dark=True,
    window="#171c1e",
    surface="#20272a",
    surface_alt="#2a3336",
    text="#e4ebe8",
    muted="#9aa9a6",
    accent="#62b3a9",
    accent_soft="#2b4a47",
    accent_text="#0f1516",
    warning="#e39a72",
    border="#35403f",
)


def pick_theme(choice: str) -> Theme:
    """'light', 'dark', or 'system' (the desktop's colour scheme, light when unknown)."""
    if choice == "dark":
        return DARK
    if choice == "light":
        return LIGHT
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


def apply_theme(app: QApplication, theme: Theme) -> None:
    apply_palette(app, theme)
    apply_style(app, theme)


def apply_style(app: QApplication, theme: Theme) -> None:
    """The widget style and style sheet: costly, so the app applies them after first paint."""
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet(theme))


def apply_palette(app: QApplication, theme: Theme) -> None:
    """The colours alone: cheap, so even the first frame is in the person's palette."""
    palette = QPalette()
    role = QPalette.ColorRole
    palette.setColor(role.Window, theme.color("window"))
    palette.setColor(role.WindowText, theme.color("text"))
    palette.setColor(role.Base, theme.color("surface"))
    palette.setColor(role.AlternateBase, theme.color("surface_alt"))
    palette.setColor(role.Text, theme.color("text"))
    palette.setColor(role.Button, theme.color("surface"))
    palette.setColor(role.ButtonText, theme.color("text"))
    palette.setColor(role.Highlight, theme.color("accent"))
    palette.setColor(role.HighlightedText, theme.color("accent_text"))
    palette.setColor(role.PlaceholderText, theme.color("muted"))
    palette.setColor(role.ToolTipBase, theme.color("surface"))
    palette.setColor(role.ToolTipText, theme.color("text"))
    palette.setColor(role.Mid, theme.color("border"))
    palette.setColor(role.Link, theme.color("accent"))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, r, theme.color("muted"))
    app.setPalette(palette)


def _asset_path(name: str) -> str:
    """A file path Qt's style sheets can load, in every install mode."""
    return str(image(name)).replace("\\", "/")


def style_sheet(t: Theme) -> str:
    chevron = _asset_path("chevron-dark.png" if t.dark else "chevron-light.png")  # @2x beside
    return f"""
QWidget {{ color: {t.text}; }}
QLabel#heading {{ font-size: 22pt; font-weight: 600; }}
QLabel#subheading {{ color: {t.muted}; font-size: 11pt; }}
QLabel#muted {{ color: {t.muted}; }}
QLabel#stepTitle {{ font-size: 20pt; font-weight: 600; }}
QLabel#instruction {{ font-size: 15pt; }}
QLabel#countdown {{ font-size: 30pt; font-weight: 300; }}
QLabel#detailTitle {{ font-size: 17pt; font-weight: 600; }}
QLabel#pill {{
    background: {t.accent_soft}; border-radius: 10px; padding: 3px 10px; font-weight: 600;
}}
QLabel#formLabel {{ font-size: 12pt; font-weight: 600; }}
QPlainTextEdit, QLineEdit {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; padding: 6px;
}}
QPlainTextEdit:focus, QLineEdit:focus {{ border: 2px solid {t.accent}; }}
QLabel#sideWord {{ font-size: 17pt; font-weight: 600; }}
QLabel#next {{ color: {t.muted}; font-size: 12pt; }}
QFrame#card {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px; }}
QFrame#notice {{ background: {t.accent_soft}; border-radius: 8px; }}
QFrame#warning {{ background: {t.surface_alt}; border: 1px solid {t.warning}; border-radius: 8px; }}
QPushButton {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px;
    padding: 7px 16px; min-height: 20px;
}}
QPushButton:hover {{ border-color: {t.accent}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; }}
QPushButton:checked {{ background: {t.accent_soft}; border-color: {t.accent}; }}
QPushButton#primary {{
    background: {t.accent}; color: {t.accent_text}; border: none; font-weight: 600;
    padding: 9px 22px;
}}
QPushButton#primary:focus {{ border: 2px solid {t.text}; }}
QPushButton#primary:disabled {{ background: {t.surface_alt}; color: {t.muted}; }}
QPushButton#chip {{ border-radius: 14px; padding: 5px 14px; }}
QListView {{
    background: transparent; border: none; outline: none;
}}
QProgressBar {{
    background: {t.surface_alt}; border: none; border-radius: 3px; max-height: 6px;
}}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 3px; }}
QComboBox {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; padding: 5px 10px;
}}
QComboBox:focus {{ border: 2px solid {t.accent}; }}
QComboBox::drop-down {{ border: none; width: 22px; }}
QComboBox::down-arrow {{ image: url("{chevron}"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{
    background: {t.surface}; border: 1px solid {t.border}; padding: 4px;
    selection-background-color: {t.accent_soft}; selection-color: {t.text};
}}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {t.border}; border-radius: 3px; min-height: 30px; }}
QScrollBar::handle:vertical:hover {{ background: {t.muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QSlider::groove:horizontal {{ height: 4px; background: {t.surface_alt}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {t.accent}; border-radius: 2px; }}
QSlider::handle:horizontal {{
    background: {t.surface}; border: 2px solid {t.accent}; width: 12px; margin: -6px 0;
    border-radius: 8px;
}}
QScrollArea {{ background: transparent; border: none; }}
QCheckBox {{ spacing: 6px; }}
"""
