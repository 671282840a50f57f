"""Colours: a calm palette in light and dark, and a high-contrast pair, each meeting WCAG AA.

Every pair of colours the style and the painted widgets put on top of each other is listed in
`PAIRS` with the contrast it needs (4.5:1 for words, 3:1 for the edges of controls and for
graphics; 7:1 and 4.5:1 in the high-contrast themes), and a test computes each one. A colour
used in a new way gets its pair here first.

The theme follows the settings ("system", "light", "dark", "contrast") and, for "system", the
desktop's colour scheme and contrast preference; `apply_theme` applies a change at once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    window: str
    """The page background."""
    surface: str
    """Cards, fields, buttons."""
    surface_alt: str
    """Quiet fills: the disabled primary button, rows' separators, the figure on the body map."""
    text: str
    muted: str
    """Secondary words: still 4.5:1 on every background."""
    accent: str
    """Fills and marks: the primary button, slider fills, the pacer, the lit body area."""
    accent_soft: str
    """Selected and checked backgrounds, notices."""
    accent_text: str
    """Words on the accent."""
    accent_ink: str
    """Words in the accent's hue ("Breathing", "Self-massage") on any background."""
    warning: str
    border: str
    """Card edges and grid lines: decoration, not a control's edge."""
    control: str
    """The edge of a control (buttons, fields, switches, stress cells) and slider tracks."""
    focus: str
    """The focus ring."""
    high_contrast: bool = False

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


LIGHT = Theme(
    name="light",
    dark=False,
    window="#f3f0ea",
    surface="#fbfaf7",
    surface_alt="#e9e4da",
    text="#24302f",
    muted="#52605d",
    accent="#2e7a72",
    accent_soft="#d3e8e4",
    accent_text="#ffffff",
    accent_ink="#266a63",
    warning="#9a4a24",
    border="#d6d0c4",
    control="#857e71",
    focus="#2e7a72",
)

DARK = Theme(
    name="dark",
    dark=True,
    window="#171c1e",
    surface="#20272a",
    surface_alt="#2a3336",
    text="#e4ebe8",
    muted="#a9b7b4",
    accent="#62b3a9",
    accent_soft="#27413f",
    accent_text="#0f1516",
    accent_ink="#7cc7bd",
    warning="#e39a72",
    border="#35403f",
    control="#74857f",
    focus="#7cc7bd",
)

CONTRAST_LIGHT = Theme(
    name="contrast-light",
    dark=False,
    window="#ffffff",
    surface="#ffffff",
    surface_alt="#ececec",
    text="#000000",
    muted="#2e2e2e",
    accent="#00564e",
    accent_soft="#d4ede9",
    accent_text="#ffffff",
    accent_ink="#00453f",
    warning="#7a2a00",
    border="#4d4d4d",
    control="#000000",
    focus="#00564e",
    high_contrast=True,
)

CONTRAST_DARK = Theme(
    name="contrast-dark",
    dark=True,
    window="#000000",
    surface="#0c0c0c",
    surface_alt="#1e1e1e",
    text="#ffffff",
    muted="#d6d6d6",
    accent="#6fe3d5",
    accent_soft="#063a35",
    accent_text="#000000",
    accent_ink="#8af0e3",
    warning="#ffb38a",
    border="#9a9a9a",
    control="#ffffff",
    focus="#8af0e3",
    high_contrast=True,
)

THEMES = (LIGHT, DARK, CONTRAST_LIGHT, CONTRAST_DARK)

WORDS = 4.5
"""WCAG 2.2 AA for text (1.4.3)."""
GRAPHICS = 3.0
"""WCAG 2.2 AA for the edges of controls, focus rings and meaningful graphics (1.4.11)."""
HIGH_WORDS = 7.0
HIGH_GRAPHICS = 4.5


@dataclass(frozen=True)
class Pair:
    """A foreground colour drawn on a background, where, and whether it is words."""

    foreground: str
    background: str
    words: bool
    where: str


def _words(fg: str, bgs: tuple[str, ...], where: str) -> list[Pair]:
    return [Pair(fg, bg, True, where) for bg in bgs]


def _marks(fg: str, bgs: tuple[str, ...], where: str) -> list[Pair]:
    return [Pair(fg, bg, False, where) for bg in bgs]


_BACKGROUNDS = ("window", "surface", "surface_alt", "accent_soft")
PAIRS: tuple[Pair, ...] = (
    *_words("text", _BACKGROUNDS, "words on every background"),
    *_words("muted", _BACKGROUNDS, "secondary words, placeholders, chart labels"),
    *_words("accent_ink", ("window", "surface", "accent_soft"), "routine kinds, links"),
    *_words("accent_text", ("accent",), "the primary button, the chosen stress cell"),
    *_words("warning", ("window", "surface", "surface_alt"), "a broken routine, warnings"),
    *_marks("control", ("window", "surface", "surface_alt"), "edges of controls, tracks"),
    *_marks("accent", ("window", "surface", "surface_alt"), "slider fills, pacer, marks"),
    *_marks("focus", ("window", "surface", "accent_soft"), "the focus ring"),
    *_marks("text", ("window", "surface"), "the primary button's focus ring, outside its edge"),
    *_marks("muted", ("surface",), "hollow chart dots, the pacer's ring when reduced"),
    *_marks("warning", ("window", "surface", "surface_alt"), "a warning's edge, a field to fix"),
)


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (#rrggbb), as WCAG defines it."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def required(theme: Theme, pair: Pair) -> float:
    if theme.high_contrast:
        return HIGH_WORDS if pair.words else HIGH_GRAPHICS
    return WORDS if pair.words else GRAPHICS


def shortfalls(theme: Theme) -> list[str]:
    """Every pair of the theme below what it needs, in words (empty when all pass)."""
    found = []
    for pair in PAIRS:
        fg, bg = getattr(theme, pair.foreground), getattr(theme, pair.background)
        ratio, need = contrast(fg, bg), required(theme, pair)
        if ratio < need:
            found.append(
                f"{theme.name}: {pair.foreground} {fg} on {pair.background} {bg} is "
                f"{ratio:.2f}:1, needs {need}:1 ({pair.where})"
            )
    return found


def colour_names() -> tuple[str, ...]:
    """The theme's colours by name (its other fields say what kind of theme it is)."""
    return tuple(f.name for f in fields(Theme) if f.type == "str" and f.name != "name")


# --- choosing ---------------------------------------------------------------------------


def desktop_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def desktop_wants_contrast() -> bool:
    """Whether the desktop asks for high contrast (Qt reads it where the desktop says it)."""
    hints = QGuiApplication.styleHints()  # held: the accessibility hints live inside it
    preference = hints.accessibility().contrastPreference()
    return preference == Qt.ContrastPreference.HighContrast


def pick_theme(choice: str, *, dark: bool | None = None, contrast: bool | None = None) -> Theme:
    """'light', 'dark', 'contrast' (high contrast, light or dark as the desktop is), or
    'system': the desktop's colour scheme and contrast preference, light when unknown."""
    if choice == "light":
        return LIGHT
    if choice == "dark":
        return DARK
    dark = desktop_is_dark() if dark is None else dark
    if choice == "contrast":
        return CONTRAST_DARK if dark else CONTRAST_LIGHT
    contrast = desktop_wants_contrast() if contrast is None else contrast
    if contrast:
        return CONTRAST_DARK if dark else CONTRAST_LIGHT
    return DARK if dark else LIGHT


# --- applying ---------------------------------------------------------------------------


def apply_theme(app: QApplication, theme: Theme) -> None:
    apply_palette(app, theme)
    apply_style(app, theme)


def apply_style(app: QApplication, theme: Theme) -> None:
    """The widget style and style sheet: costly, so the app applies them after first paint."""
    from unwind.ui.style import style_sheet

    if not app.property("unwind-style"):  # once: every widget alive is polished again
        app.setStyle("Fusion")
        app.setProperty("unwind-style", True)
    sheet = style_sheet(theme)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


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
    palette.setColor(role.Mid, theme.color("control"))
    palette.setColor(role.Dark, theme.color("control"))
    palette.setColor(role.Link, theme.color("accent_ink"))
    palette.setColor(role.Accent, theme.color("accent"))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, r, theme.color("muted"))
    app.setPalette(palette)
