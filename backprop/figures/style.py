"""The book's figure style: sizes, colours and markers, one meaning each, on every page.

Every figure is drawn for two layouts, the desktop's text column and a phone's, and shown
in two palettes, light and dark. Figure code asks `layout()` which one it draws (the
helpers of `backprop.figures.plot` and `backprop.figures.diagrams` do), and the build
derives the dark variant of whatever was drawn with `recolor`; nothing else changes
between the four variants.

Colours have one meaning across the book: a method keeps its colour in every chapter
(`METHOD_COLORS`), data points are `DATA`, reference lines `REFERENCE`, and a minimum is
always drawn with `MINIMUM` (a star), the start of a run with `START` and its end with
`END`.

Examples
--------
>>> from backprop.figures import style
>>> style.layout(), style.width()
('desktop', 7.0)
>>> with style.drawing("phone"):
...     style.layout(), style.width()
('phone', 3.7)
>>> style.method_color("GD") == style.METHOD_COLORS["gradient descent"]
True
>>> round(style.contrast(style.dark_color(style.BLUE), style.DARK_PAPER), 1) >= 4.5
True
"""

from __future__ import annotations

import colorsys
import contextlib
import functools
import re

import matplotlib as mpl
import numpy as np

# -- sizes ----------------------------------------------------------------------------------

# The book's text column is 688 CSS px (7.15 in) wide on a 1280 px desktop: a figure no
# wider shows at its natural size, its 10-point text at 13 px, as large as the prose.
COLUMN_WIDTH = 7.0
# On a 390 px phone the column is 358 px (3.73 in): a figure drawn this wide shows at its
# natural size there too, and a little smaller on the narrowest phones (320 px).
PHONE_WIDTH = 3.7
COLUMN_PX = 688  # the desktop's text column, in CSS px
PHONE_COLUMN_PX = 358  # a 390 px phone's
MIN_TEXT_PX = 10  # no text smaller than this on the desktop
MIN_PHONE_TEXT_PX = 9  # nor than this on a phone

LAYOUTS = ("desktop", "phone")
SCHEMES = ("light", "dark")

_layout = ["desktop"]


def layout() -> str:
    """The layout being drawn: `"desktop"` (the default) or `"phone"`.

    Returns
    -------
    str
        One of `LAYOUTS`.

    Examples
    --------
    >>> from backprop.figures.style import layout
    >>> layout()
    'desktop'
    """
    return _layout[-1]


def phone() -> bool:
    """Whether the figure being drawn is the phone's layout.

    Examples
    --------
    >>> from backprop.figures.style import phone
    >>> phone()
    False
    """
    return layout() == "phone"


def width() -> float:
    """The width, in inches, of a figure as wide as the text column of the layout drawn.

    Examples
    --------
    >>> from backprop.figures.style import width
    >>> width()
    7.0
    """
    return PHONE_WIDTH if phone() else COLUMN_WIDTH


@contextlib.contextmanager
def drawing(which: str):
    """Draw for a layout: inside the block, `layout()` is `which`.

    The build runs a figure's code once per layout; run it yourself under
    `drawing("phone")` to see the phone's figure.

    Parameters
    ----------
    which : {"desktop", "phone"}
        The layout.

    Raises
    ------
    ValueError
        If `which` is not a layout.

    Examples
    --------
    >>> from backprop.figures.style import drawing, layout
    >>> with drawing("phone"):
    ...     print(layout())
    phone
    >>> layout()
    'desktop'
    """
    if which not in LAYOUTS:
        raise ValueError(f"the layout is one of {LAYOUTS}, got {which!r}")
    _layout.append(which)
    try:
        yield which
    finally:
        _layout.pop()


# -- colours --------------------------------------------------------------------------------

# Okabe–Ito, distinguishable with every common colour-vision deficiency. Each of these
# keeps 3:1 against white (WCAG's minimum for graphics); orange and sky blue are the
# darker shades of Okabe–Ito's, which on white do not.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#A86B00"
SKY = "#2B7BB0"
INK = "#262626"  # text, axes and black lines
GREY = "#6E6E6E"  # secondary ink: reference lines, data
COLORS = [BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY, INK]

# What each colour means, in every chapter.
METHOD_COLORS = {
    "gradient descent": VERMILLION,
    "momentum": BLUE,
    "RMSprop": GREEN,
    "Adam": PURPLE,
    "random search": ORANGE,
}
_ALIASES = {"gd": "gradient descent", "sgd": "gradient descent", "rmsprop": "RMSprop", "adam": "Adam"}
# The models of chapters 3 to 5: the linear ones (a line, a plane, a two-layer linear
# network: all the same function) in one colour, the sigmoid network in ink.
MODEL_COLORS = {"linear": SKY, "sigmoid": INK}
DATA = "#8A8A8A"  # the data points of a fit: lighter than ink and the lines drawn over them
REFERENCE = GREY  # a line to compare with: a floor, a threshold, a diagonal

# Markers with one meaning each: where a run starts and ends, and the minimum it seeks.
START = dict(marker="o", markersize=7, markeredgecolor="white", markeredgewidth=1.0, linestyle="none")
END = dict(marker="s", markersize=6, markeredgecolor="white", markeredgewidth=1.0, linestyle="none")
MINIMUM = dict(
    marker="*", markersize=14, color=INK, markeredgecolor="white", markeredgewidth=0.8, linestyle="none"
)

# The pages' backgrounds: Material's default and slate palettes.
LIGHT_PAPER = "#FFFFFF"
DARK_PAPER = "#1E2129"
DARK_INK = "#E2E4E9"

# Loss surfaces: low loss like the paper, high loss darker (light) or lighter (dark), so
# that paths drawn over them in colour stand out.
LOSS_CMAP = mpl.colors.LinearSegmentedColormap.from_list("loss", ["#fbfbfb", "#d4d9de", "#7d8894"])
DARK_LOSS_CMAP = mpl.colors.LinearSegmentedColormap.from_list("loss_dark", ["#23262f", "#343945", "#555d6c"])

# The dark palette's shades of the book's colours: lighter, 4.5:1 or more on DARK_PAPER.
DARK = {
    BLUE: "#56B4E9",
    VERMILLION: "#F0824A",
    GREEN: "#2DBE92",
    PURPLE: "#DA8FBA",
    ORANGE: "#E6A532",
    SKY: "#7CC3EE",
    "#B34D00": "#F5915A",  # diagrams' gradient text
    "#FFF1D6": "#45392A",  # diagrams' operator and variable fills
    "#E4F0FA": "#25394A",
}


def method_color(name: str) -> str:
    """The colour of a method (an optimizer, or random search) in every figure.

    Parameters
    ----------
    name : str
        Its name as a legend writes it: "gradient descent" or "GD", "momentum",
        "RMSprop", "Adam", "random search"; case and anything after the name (", α = 0.1")
        are ignored.

    Returns
    -------
    str
        A colour of `METHOD_COLORS`.

    Raises
    ------
    KeyError
        If the name is no method of the book.

    Examples
    --------
    >>> from backprop.figures.style import PURPLE, VERMILLION, method_color
    >>> method_color("GD, α = 0.1") == VERMILLION, method_color("adam") == PURPLE
    (True, True)
    """
    key = re.split(r"[,(]", name)[0].strip()
    for candidate in (key, _ALIASES.get(key.lower(), ""), key.lower()):
        if candidate in METHOD_COLORS:
            return METHOD_COLORS[candidate]
    raise KeyError(f"{name!r} is no method of the book; methods are {sorted(METHOD_COLORS)}")


def shades(color, n: int) -> list:
    """`n` shades of one colour, from dark to the colour itself: the values of one setting
    of one method (the steps of a run, learning rates, batch sizes). Each stands 3:1 on
    white.

    Parameters
    ----------
    color : matplotlib colour
        The last shade, e.g. `method_color("GD")`.
    n : int
        How many.

    Returns
    -------
    list of str
        Hex colours.

    Examples
    --------
    >>> from backprop.figures.style import BLUE, VERMILLION, shades
    >>> shades(VERMILLION, 3)[-1] == VERMILLION.lower(), len(shades(BLUE, 5))
    (True, 5)
    """
    base, ink = np.array(mpl.colors.to_rgb(color)), np.array(mpl.colors.to_rgb(INK))
    return [mpl.colors.to_hex(t * ink + (1 - t) * base) for t in np.linspace(0.6, 0.0, n)]


def luminance(color) -> float:
    """WCAG's relative luminance of a colour (its alpha ignored).

    Parameters
    ----------
    color : matplotlib colour

    Returns
    -------
    float
        From 0 (black) to 1 (white).

    Examples
    --------
    >>> from backprop.figures.style import luminance
    >>> luminance("white"), luminance("black")
    (1.0, 0.0)
    """
    rgb = np.array(mpl.colors.to_rgb(color))
    rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(rgb @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21: text needs 4.5, graphics 3.

    Parameters
    ----------
    a, b : matplotlib colour
        In either order.

    Returns
    -------
    float

    Examples
    --------
    >>> from backprop.figures.style import contrast
    >>> round(contrast("black", "white"), 1)
    21.0
    """
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def blend(color, paper) -> tuple:
    """The opaque colour a translucent `color` shows over `paper`.

    Parameters
    ----------
    color : matplotlib colour
        With its alpha.
    paper : matplotlib colour
        What is behind it.

    Returns
    -------
    tuple
        RGB.

    Examples
    --------
    >>> from backprop.figures.style import blend
    >>> blend((0.0, 0.0, 0.0, 0.5), "white")
    (0.5, 0.5, 0.5)
    """
    r, g, b, a = mpl.colors.to_rgba(color)
    base = np.array(mpl.colors.to_rgb(paper))
    return tuple(float(c) for c in a * np.array([r, g, b]) + (1 - a) * base)


def dark_color(color, role: str = "ink"):
    """A colour of a light figure as the dark figure shows it.

    Greys swap ends (white paper becomes `DARK_PAPER`, black ink `DARK_INK`); the book's
    colours take their shade from `DARK`; any other colour keeps its hue with its
    lightness turned over, and ink is lightened until it stands 4.5:1 on the dark paper.

    Parameters
    ----------
    color : matplotlib colour
        As drawn on white; its alpha is kept.
    role : {"ink", "paper"}
        Lines, markers and text (ink) must stand out from the paper; fills behind other
        marks (paper) must not.

    Returns
    -------
    tuple
        RGBA.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> from backprop.figures.style import dark_color
    >>> mpl.colors.to_hex(dark_color("white", "paper")), mpl.colors.to_hex(dark_color("black"))
    ('#1e2129', '#e2e4e9')
    """
    return _dark_color(tuple(float(c) for c in mpl.colors.to_rgba(color)), role)


@functools.lru_cache(maxsize=4096)
def _dark_color(color, role: str = "ink"):
    """`dark_color`, cached: one colour is mapped once per build."""
    r, g, b, a = mpl.colors.to_rgba(color)
    hexa = mpl.colors.to_hex((r, g, b)).upper()
    if hexa in DARK:
        return (*mpl.colors.to_rgb(DARK[hexa]), a)
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    if s < 0.12 or max(r, g, b) - min(r, g, b) < 0.06:  # a grey: white ↔ paper, black ↔ ink
        paper, ink = np.array(mpl.colors.to_rgb(DARK_PAPER)), np.array(mpl.colors.to_rgb(DARK_INK))
        t = float(np.mean([r, g, b]))
        rgb = tuple(t * paper + (1 - t) * ink)
    else:
        rgb = colorsys.hls_to_rgb(h, 1 - lightness, s)
    if role == "ink":
        while contrast(rgb, DARK_PAPER) < 4.5:
            h2, l2, s2 = colorsys.rgb_to_hls(*rgb)
            rgb = colorsys.hls_to_rgb(h2, min(1.0, l2 + 0.02), s2)
    return (*rgb, a)


def dark_cmap(cmap):
    """A colour map as the dark figure shows it: `LOSS_CMAP` becomes `DARK_LOSS_CMAP`, any
    other keeps its colours with their lightness turned over (`dark_color`, as paper).

    Parameters
    ----------
    cmap : matplotlib.colors.Colormap

    Returns
    -------
    matplotlib.colors.Colormap

    Examples
    --------
    >>> from backprop.figures.style import DARK_LOSS_CMAP, LOSS_CMAP, dark_cmap
    >>> dark_cmap(LOSS_CMAP) is DARK_LOSS_CMAP
    True
    """
    if getattr(cmap, "name", "") == LOSS_CMAP.name:
        return DARK_LOSS_CMAP
    if getattr(cmap, "name", "").endswith("_bpdark"):
        return cmap
    colors = [dark_color(c, "paper") for c in cmap(np.linspace(0, 1, 256))]
    return mpl.colors.ListedColormap(colors, name=f"{cmap.name}_bpdark")


def recolor(fig, scheme: str = "dark") -> None:
    """Turn a figure drawn for the light palette into the dark palette's, in place.

    Every colour the figure draws is mapped by `dark_color`: text, lines and markers as
    ink, backgrounds and fills as paper; colour maps by `dark_cmap`. Whatever the figure
    shows, a plot, a diagram or an animation's frames, looks the same but for its colours.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, drawn for the light palette.
    scheme : {"dark", "light"}
        "light" leaves the figure as it is.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> from backprop.figures.style import recolor
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> (line,) = ax.plot([0, 1], [0, 1], color="black")
    >>> recolor(fig)
    >>> mpl.colors.to_hex(line.get_color()), mpl.colors.to_hex(fig.get_facecolor())
    ('#e2e4e9', '#1e2129')
    >>> plt.close(fig)
    """
    if scheme not in SCHEMES:
        raise ValueError(f"the scheme is one of {SCHEMES}, got {scheme!r}")
    if scheme == "light":
        return
    if not getattr(fig, "_bp_laid_out", False):  # (the build lays figures out before)
        fig.draw_without_rendering()  # make the ticks that a draw would make, to recolour them too
    seen = set()
    for artist in fig.findobj():
        if id(artist) in seen:
            continue
        seen.add(id(artist))
        _recolor(artist)
        if isinstance(artist, mpl.text.Text):
            for extra in (artist.get_bbox_patch(), getattr(artist, "arrow_patch", None)):
                if extra is not None and id(extra) not in seen:
                    seen.add(id(extra))
                    _recolor(extra, fill="paper" if extra is artist.get_bbox_patch() else "ink")
    for ax in fig.axes:
        if hasattr(ax, "xaxis") and hasattr(ax.xaxis, "pane"):  # 3-D axes: their panes
            for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
                axis.set_pane_color(dark_color(axis.pane.get_facecolor(), "paper"))
                axis._axinfo["grid"]["color"] = dark_color(axis._axinfo["grid"]["color"])
    fig._bp_scheme = "dark"


def _recolor(artist, fill=None) -> None:
    """One artist's colours, each read once before any is changed (a marker's colour may
    follow its line's, and a collection's its colour map's)."""
    from matplotlib import collections, contour, lines, patches, text

    mapped = isinstance(artist, mpl.cm.ScalarMappable) and artist.get_array() is not None
    if isinstance(artist, text.Text):
        artist.set_color(dark_color(artist.get_color()))
    elif isinstance(artist, lines.Line2D):
        color, face, edge = artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()
        artist.set_color(dark_color(color))
        if _drawn(face):
            artist.set_markerfacecolor(dark_color(face, "paper" if _whiteish(face) else "ink"))
        if _drawn(edge):  # a white edge is a halo: it takes the paper's colour
            artist.set_markeredgecolor(dark_color(edge, "paper" if _whiteish(edge) else "ink"))
    elif isinstance(artist, patches.Patch):
        role = fill or ("paper" if _is_background(artist) else "ink")
        face, edge = artist.get_facecolor(), artist.get_edgecolor()
        artist.set_facecolor(dark_color(face, role if not _whiteish(face) else "paper"))
        if _drawn(edge):
            artist.set_edgecolor(dark_color(edge, "paper" if _whiteish(edge) else "ink"))
    elif isinstance(artist, collections.Collection):
        face, edge = np.array(artist.get_facecolor()), np.array(artist.get_edgecolor())
        if mapped:
            artist.set_cmap(dark_cmap(artist.get_cmap()))
            if isinstance(artist, contour.ContourSet):
                return  # its fills or lines take their colours from the map
        elif len(face):
            artist.set_facecolor([dark_color(c, "paper" if _whiteish(c) else "ink") for c in face])
        if len(edge):
            artist.set_edgecolor([dark_color(c, "paper" if _whiteish(c) else "ink") for c in edge])
    elif mapped:  # an image
        artist.set_cmap(dark_cmap(artist.get_cmap()))


def _drawn(color) -> bool:
    if isinstance(color, str) and color in ("none", "auto", "face"):
        return False
    return mpl.colors.to_rgba(color)[3] > 0


def _whiteish(color) -> bool:
    if isinstance(color, str) and color in ("none", "auto", "face"):
        return False
    r, g, b, _ = mpl.colors.to_rgba(color)
    return min(r, g, b) > 0.93


def _is_background(patch) -> bool:
    """The figure's and the axes' backgrounds, legend frames, and light fills behind text."""
    fig = patch.get_figure()
    if patch is getattr(fig, "patch", None) or any(patch is ax.patch for ax in fig.axes):
        return True
    r, g, b, a = mpl.colors.to_rgba(patch.get_facecolor())
    return a < 0.5 or colorsys.rgb_to_hls(r, g, b)[1] > 0.85
