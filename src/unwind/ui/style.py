"""The style sheet: every widget's look from the theme's colours, in one place.

Every colour pair used here is listed in theme.PAIRS. Focus shows on every control that takes
it: a 2 px ring in the focus colour, with the padding made 1 px smaller so that nothing moves
and the ring never reaches a label. The primary button draws its own ring outside its edge
(widgets.PrimaryButton), because a ring on the accent would be lost in it.
"""

from __future__ import annotations

from unwind.resources import image
from unwind.ui.theme import Theme


def _asset_path(name: str) -> str:
    """A file path Qt's style sheets can load, in every install mode."""
    return str(image(name)).replace("\\", "/")


def style_sheet(t: Theme) -> str:
    chevron = _asset_path("chevron-dark.png" if t.dark else "chevron-light.png")  # @2x beside
    tick = _asset_path("check-dark.png" if t.dark else "check-light.png")  # in accent_text
    return f"""
QWidget {{ color: {t.text}; }}
QToolTip {{
    background: {t.surface}; color: {t.text}; border: 1px solid {t.control}; padding: 4px 6px;
}}
QLabel#heading {{ font-size: 22pt; font-weight: 600; }}
QLabel#subheading {{ color: {t.muted}; font-size: 11pt; }}
QLabel#muted {{ color: {t.muted}; }}
QLabel#kind {{ color: {t.accent_ink}; }}
QLabel#stepTitle {{ font-size: 20pt; font-weight: 600; }}
QLabel#instruction {{ font-size: 15pt; }}
QLabel#countdown {{ font-size: 34pt; font-weight: 600; }}
QLabel#pausedWord {{ font-size: 20pt; font-weight: 600; }}
QLabel#detailTitle {{ font-size: 17pt; font-weight: 600; }}
QLabel#pill {{
    background: {t.accent_soft}; border-radius: 10px; padding: 3px 10px; font-weight: 600;
}}
QLabel#formLabel {{ font-size: 12pt; font-weight: 600; }}
QLabel#sideWord {{ font-size: 17pt; font-weight: 600; }}
QLabel#next {{ color: {t.muted}; font-size: 12pt; }}
QLabel#orientation {{ color: {t.muted}; }}
QPlainTextEdit, QLineEdit {{
    background: {t.surface}; border: 1px solid {t.control}; border-radius: 8px; padding: 6px;
    placeholder-text-color: {t.muted};
}}
QPlainTextEdit:focus, QLineEdit:focus {{ border: 2px solid {t.focus}; padding: 5px; }}
QFrame#card {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px; }}
QFrame#notice {{ background: {t.accent_soft}; border-radius: 8px; }}
QFrame#warning {{ background: {t.surface_alt}; border: 1px solid {t.warning}; border-radius: 8px; }}
QPushButton {{
    background: {t.surface}; border: 1px solid {t.control}; border-radius: 8px;
    padding: 7px 16px; min-height: 20px;
}}
QPushButton:hover {{ border-color: {t.accent}; }}
QPushButton:focus {{ border: 2px solid {t.focus}; padding: 6px 15px; }}
QPushButton:checked {{ background: {t.accent_soft}; border-color: {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; }}
QPushButton#primary {{
    background: {t.accent}; color: {t.accent_text}; border: none; font-weight: 600;
    padding: 9px 22px; margin: 4px;
}}
QPushButton#primary:focus {{ border: none; padding: 9px 22px; }}
QPushButton#primary[emphasis="large"] {{ font-size: 16pt; padding: 14px 44px; }}
QPushButton#primary:disabled {{ background: {t.surface_alt}; color: {t.muted}; }}
QPushButton#chip {{ border-radius: 14px; padding: 5px 14px; }}
QPushButton#chip:focus {{ padding: 4px 13px; }}
QPushButton#stepper {{ border-radius: 14px; padding: 5px 0; }}
QListView {{
    background: transparent; border: 2px solid transparent; border-radius: 12px; outline: none;
}}
QListView:focus {{ border-color: {t.focus}; }}
QProgressBar {{
    background: {t.surface_alt}; border: 1px solid {t.control}; border-radius: 4px;
    max-height: 8px;
}}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 3px; }}
QComboBox {{
    background: {t.surface}; border: 1px solid {t.control}; border-radius: 8px;
    padding: 5px 10px; combobox-popup: 0;
}}
QComboBox:focus {{ border: 2px solid {t.focus}; padding: 4px 9px; }}
QComboBox::drop-down {{ border: none; width: 22px; }}
QComboBox::down-arrow {{ image: url("{chevron}"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{
    background: {t.surface}; color: {t.text}; border: 1px solid {t.control}; padding: 4px;
    outline: none; selection-background-color: {t.accent_soft}; selection-color: {t.text};
}}
QComboBox QAbstractItemView::item {{ padding: 6px 10px; min-height: 22px; border-radius: 6px; }}
QComboBox QAbstractItemView::item:selected {{ background: {t.accent_soft}; color: {t.text}; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {t.control}; border-radius: 4px; min-height: 30px; }}
QScrollBar::handle:vertical:hover {{ background: {t.muted}; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 2px; }}
QScrollBar::handle:horizontal {{ background: {t.control}; border-radius: 4px; min-width: 30px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QSlider {{ border: 2px solid transparent; border-radius: 6px; padding: 0 4px; min-height: 24px; }}
QSlider:focus {{ border-color: {t.focus}; }}
QSlider::groove:horizontal {{ height: 4px; background: {t.control}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {t.accent}; border-radius: 2px; }}
QSlider::handle:horizontal {{
    background: {t.surface}; border: 2px solid {t.accent}; width: 12px; margin: -6px 0;
    border-radius: 8px;
}}
QScrollArea {{ background: transparent; border: 2px solid transparent; border-radius: 8px; }}
QScrollArea:focus {{ border-color: {t.focus}; }}
QTableView#sessions {{
    background: {t.surface}; border: 1px solid {t.control}; border-radius: 12px;
    selection-background-color: {t.accent_soft}; selection-color: {t.text};
    outline: none; padding: 3px 5px;
}}
QTableView#sessions:focus {{ border: 2px solid {t.focus}; padding: 2px 4px; }}
QTableView#sessions::item {{ padding: 0 10px; border-bottom: 1px solid {t.surface_alt}; }}
QTableView#sessions::item:selected {{ background: {t.accent_soft}; color: {t.text}; }}
QTableView#sessions QHeaderView::section {{
    background: {t.surface}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.border}; padding: 8px 10px; font-weight: 600;
}}
QAbstractSpinBox {{
    background: {t.surface}; border: 1px solid {t.control}; border-radius: 8px;
    padding: 5px 8px; min-height: 20px;
}}
QAbstractSpinBox:focus {{ border: 2px solid {t.focus}; padding: 4px 7px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: 0; border: none; }}
QListWidget#steps, QListWidget#choices {{
    background: {t.surface}; border: 1px solid {t.control}; border-radius: 10px; padding: 4px;
}}
QListWidget#steps:focus, QListWidget#choices:focus {{ border: 2px solid {t.focus}; padding: 3px; }}
QListWidget#steps::item, QListWidget#choices::item {{
    padding: 7px 8px; border-radius: 6px; color: {t.text};
}}
QListWidget#steps::item:selected, QListWidget#choices::item:selected {{
    background: {t.accent_soft}; color: {t.text};
}}
*[problem="true"] {{ border: 2px solid {t.warning}; border-radius: 8px; }}
QCheckBox {{ spacing: 8px; border: 2px solid transparent; border-radius: 6px; padding: 1px 3px; }}
QCheckBox:focus {{ border-color: {t.focus}; }}
QCheckBox::indicator, QAbstractItemView::indicator {{
    width: 14px; height: 14px; border: 2px solid {t.control}; border-radius: 4px;
    background: {t.surface};
}}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
    background: {t.accent}; border-color: {t.accent}; image: url("{tick}");
}}
QCheckBox::indicator:disabled {{ border-color: {t.surface_alt}; }}
QMenu {{
    background: {t.surface}; color: {t.text}; border: 1px solid {t.control}; border-radius: 8px;
    padding: 4px;
}}
QMenu::item {{ padding: 6px 22px 6px 12px; border-radius: 6px; }}
QMenu::item:selected {{ background: {t.accent_soft}; color: {t.text}; }}
QMenu::item:disabled {{ color: {t.muted}; }}
QDialog {{ background: {t.window}; }}
"""
