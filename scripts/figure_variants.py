"""Every figure in four variants, and the checks each must pass (see README, "Figures").

A figure is drawn for two layouts, the desktop's text column and a phone's, by running
its code once under each (`backprop.figures.style.drawing`): `plot.subplots` and the
diagrams read the layout and lay panels side by side or stack them. Each drawing is saved
twice, as drawn (the light palette) and recoloured for the dark one
(`style.recolor`). A figure no wider than a phone's column needs no phone layout.

Before it is saved, each drawing must pass, or the build stops naming the block:

- its text is at least 10 px on a 1280 px desktop and 9 px on a 390 px phone, at the
  size the page shows it (a figure wider than the column is shrunk, its text with it);
- no legend and no text inside a plot (an annotation, a label) covers drawn data: lines,
  markers, points or bars;
- in both palettes, lines, markers and bars stand 3:1 against the figure's paper and text
  4.5:1 (WCAG 1.4.11 and 1.4.3).

The page shows the variant that the reader's palette and width call for: an image
figure as two ``<picture>`` elements (light and dark, one shown by the palette's CSS, and
each with a ``<source>`` for phones), a frame-based figure (an animation) as an inline
SVG that ``figures.js`` fetches when it comes into view and swaps when the palette or the
width changes. Only what is shown is loaded.

``render`` is the entry point for any code that makes figures at build time: give it a
function that draws the figure, and it returns the variants' SVGs.
"""

from __future__ import annotations

import ast
import base64
import copy
import functools
import hashlib
import html
import io
import math
import re
from dataclasses import dataclass, field

import matplotlib as mpl
import numpy as np

from backprop.figures import style

COLUMN_PX = style.COLUMN_PX
PHONE_COLUMN_PX = style.PHONE_COLUMN_PX
MIN_TEXT_PX = style.MIN_TEXT_PX
MIN_PHONE_TEXT_PX = style.MIN_PHONE_TEXT_PX
PAGE_MARGINS_PX = 32  # on a phone, the column is the window less Material's margins
GRAPHIC_CONTRAST, TEXT_CONTRAST = 3.0, 4.5
PAPER = {"light": style.LIGHT_PAPER, "dark": style.DARK_PAPER}


def _share_mathtext_parses() -> None:
    """One cache of parsed math text (tick labels such as 10⁻⁴, labels such as θ₁) for
    the whole build. matplotlib keeps one per parser, and every save of a figure makes a
    renderer with a parser of its own, so each of a figure's saves and checks parsed every
    formula again: 1 567 parses for the book, 194 different ones, 4 s of its 30. The
    results are the same objects matplotlib's own cache hands out, keyed as it keys them
    (and the parser's kind); if matplotlib changes what it caches, this leaves it be."""
    from matplotlib import mathtext

    parse = getattr(mathtext.MathTextParser._parse_cached, "__wrapped__", None)
    if parse is None or getattr(mathtext.MathTextParser, "_bp_shared", False):
        return
    shared = functools.lru_cache(maxsize=4096)(lambda kind, fonts, parser, *key: parse(parser.value, *key))

    def _parse_cached(self, s, dpi, prop, antialiased, load_glyph_flags):
        kind = (self._output_type, id(self._font_type_mapping))
        return shared(*kind, _Unkeyed(self), s, dpi, prop, antialiased, load_glyph_flags)

    mathtext.MathTextParser._parse_cached = _parse_cached
    mathtext.MathTextParser._bp_shared = True


class _Unkeyed:
    """An argument that a cache does not key by: every instance is equal to every other."""

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, _Unkeyed)

    def __hash__(self):
        return 0


_share_mathtext_parses()


class FigureError(Exception):
    """A figure that fails a check, reported as ``docs/x.md:LINE: what went wrong``."""


@dataclass
class Variants:
    """The SVGs of one figure: ``svgs[(layout, scheme)]``, no phone layout when the
    desktop's fits a phone; for an animation, ``still`` is its last frame (for paper)."""

    svgs: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)  # (layout, scheme) -> (width, height) in CSS px
    min_text_px: dict = field(default_factory=dict)  # layout -> smallest text at natural size
    still: str | None = None

    @property
    def phone_media(self) -> str | None:
        """The media query under which the page shows the phone layout: up to the window
        width at which the desktop layout's text would show smaller than 9 px."""
        if ("phone", "light") not in self.svgs:
            return None
        width = self.sizes[("desktop", "light")][0]
        column = width * MIN_PHONE_TEXT_PX / self.min_text_px["desktop"]
        return f"(max-width: {max(math.ceil(column) + PAGE_MARGINS_PX, 390)}px)"


def snapshot(namespace: dict, code: str | None = None) -> dict:
    """A copy of a chapter's namespace to run a figure's code once more in, leaving the
    chapter's own untouched: every value the code names deep-copied (what it could
    change), the others shared, as are modules, whatever cannot be copied and earlier
    figures (a block draws its own)."""
    read = None
    if code is not None:
        read = {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
    memo: dict = {}
    out = {}
    for key, value in namespace.items():
        if read is not None and key not in read:
            out[key] = value
            continue
        if isinstance(value, mpl.artist.Artist):  # an earlier block's figure or axes, which
            out[key] = value  # this block names to draw anew: copying it took 0.2 s a figure
            continue
        try:
            out[key] = copy.deepcopy(value, memo)
        except Exception:  # a module, a generator: shared, as it is
            out[key] = value
    return out


def render(draw, where: str, animation: bool = False) -> Variants:
    """Draw a figure in every variant, check each, and return their SVGs.

    Parameters
    ----------
    draw : callable
        ``draw(layout)`` draws the figure for ``layout`` ("desktop", then "phone" if the
        desktop's is wider than a phone's column) and returns it; it runs inside
        ``style.drawing(layout)``.
    where : str
        ``docs/chapter.md:LINE``, for the errors.
    animation : bool
        Artists tagged by ``plot.frame`` are frames: every frame goes into the SVG.
    """
    out = Variants()
    for layout in style.LAYOUTS:
        with style.drawing(layout):
            fig = draw(layout)
        try:
            # Laid out once: the checks, the recolouring and the two saves draw it again
            # five times, and constrained layout would redo the same sums each time.
            fig.draw_without_rendering()
            fig.set_layout_engine("none")
            fig._bp_laid_out = True
            box = _tight_box(fig)  # the same for every save of this layout: found once
            out.min_text_px[layout] = _min_text_px(fig)
            if animation:
                if layout == "desktop":
                    out.still = _svg(fig, _tight_box(fig))  # as drawn: every frame's path, the last state
                for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith("only-")):
                    artist.set_visible(True)
            check_overlaps(fig, where)
            for scheme in style.SCHEMES:
                style.recolor(fig, scheme)
                check_contrast(fig, scheme, where)
                svg = _svg(fig, box)
                out.svgs[(layout, scheme)] = svg
                out.sizes[(layout, scheme)] = svg_size(svg)
            width = out.sizes[(layout, "light")][0]
            column, least = (
                (COLUMN_PX, MIN_TEXT_PX) if layout == "desktop" else (PHONE_COLUMN_PX, MIN_PHONE_TEXT_PX)
            )
            check_text_size(fig, width, column, least, where, layout)
        finally:
            import matplotlib.pyplot as plt

            plt.close(fig)
        if layout == "desktop" and width <= PHONE_COLUMN_PX:
            break  # it fits a phone as it is
    return out


# -- checks ---------------------------------------------------------------------------------


def _texts(fig):
    return [t for t in fig.findobj(mpl.text.Text) if t.get_visible() and t.get_text()]


def _min_text_px(fig) -> float:
    if not getattr(fig, "_bp_laid_out", False):  # the ticks a draw makes
        fig.draw_without_rendering()
    return min(t.get_fontsize() for t in _texts(fig)) * 4 / 3


def check_text_size(fig, width_px: float, column_px: float, least: float, where: str, layout: str) -> None:
    """Every text readable at the size the page shows it: a figure wider than the column
    is shrunk, and its text with it."""
    scale = min(1.0, column_px / width_px)
    small = [t for t in _texts(fig) if t.get_fontsize() * 4 / 3 * scale < least - 1e-9]
    if small:
        t = min(small, key=lambda t: t.get_fontsize())
        shown = t.get_fontsize() * 4 / 3 * scale
        hint = (
            "draw it with plot.subplots / plot.mosaic (or style.width()), which stack panels on a phone"
            if layout == "phone"
            else "make the figure narrower or the text larger"
        )
        raise FigureError(
            f"{where}: the text {t.get_text()!r} would show at {shown:.1f} px (figure {width_px:.0f} px "
            f"wide, column {column_px} px) on a {layout}; {hint} (≥ {least} px)"
        )
    if width_px > column_px + 1:
        raise FigureError(
            f"{where}: the figure is {width_px:.0f} px wide, wider than the {column_px} px text column; "
            "draw it at most style.COLUMN_WIDTH wide (a wide legend: plot.legend(fig, ncols=...))"
        )


def _frames(artist) -> tuple[float, float]:
    """The frames at which an artist shows: (first, last); untagged, always."""
    m = re.match(r"(frame|only)-(\d+)-", artist.get_gid() or "")
    if not m:
        return (0, math.inf)
    k = int(m[2])
    return (k, math.inf) if m[1] == "frame" else (k, k)


def _shown(artist) -> bool:
    """Visible, or an animation's artist that shows at its frame."""
    return artist.get_visible() or (artist.get_gid() or "").startswith(("frame-", "only-"))


def _together(a, b) -> bool:
    (a0, a1), (b0, b1) = _frames(a), _frames(b)
    return a0 <= b1 and b0 <= a1


def _data_axes(fig):
    return [ax for ax in fig.axes if ax.axison and ax.name != "3d" and ax.get_label() != "<colorbar>"]


def _covers(fig, renderer):
    """What must not sit on data: legends, and texts inside a plot (annotations, labels)."""
    out = []
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None and _shown(legend):
            out.append(("the legend", legend, legend.get_window_extent(renderer)))
    for ax in _data_axes(fig):
        for t in ax.texts:
            if _shown(t) and t.get_text().strip():
                out.append((f"the text {t.get_text()!r}", t, t.get_window_extent(renderer)))
    return out


def _hits(artist, box, ax) -> bool:
    """Whether a drawn artist of ``ax`` has ink inside ``box`` (display coordinates)."""
    from matplotlib import collections, lines, patches

    if not _shown(artist):
        return False
    if isinstance(artist, lines.Line2D):
        xy = np.column_stack([artist.get_xdata(orig=False), artist.get_ydata(orig=False)]).astype(float)
        if len(xy) == 0:
            return False
        path = artist.get_transform().transform_path(artist.get_path())
        if artist.get_linestyle() not in ("None", "none", "", " ") and artist.get_linewidth() > 0:
            if len(path.vertices) > 1 and path.intersects_bbox(box, filled=False):
                return True
        if artist.get_marker() not in (None, "None", "none", "", " ") and artist.get_markersize() > 0:
            r = artist.get_markersize() / 2 * artist.get_figure().dpi / 72
            v = path.vertices
            return bool(
                np.any(
                    (v[:, 0] > box.x0 - r)
                    & (v[:, 0] < box.x1 + r)
                    & (v[:, 1] > box.y0 - r)
                    & (v[:, 1] < box.y1 + r)
                )
            )
        return False
    if isinstance(artist, collections.PathCollection):
        points = artist.get_offset_transform().transform(artist.get_offsets())
        return bool(
            np.any(
                (points[:, 0] > box.x0)
                & (points[:, 0] < box.x1)
                & (points[:, 1] > box.y0)
                & (points[:, 1] < box.y1)
            )
        )
    if isinstance(artist, patches.Rectangle) and artist is not ax.patch:
        return artist.get_window_extent().overlaps(box)
    return False


def check_overlaps(fig, where: str) -> None:
    """No legend and no text inside a plot covers the plot's lines, markers, points or
    bars (in an animation, those shown with it at some frame)."""
    hidden = [a for a in fig.findobj() if not a.get_visible() and _shown(a)]
    for a in hidden:  # every frame's artists, to measure them
        a.set_visible(True)
    try:
        _check_overlaps(fig, where)
    finally:
        for a in hidden:
            a.set_visible(False)


def _check_overlaps(fig, where: str) -> None:
    if not getattr(fig, "_bp_laid_out", False):  # (render() has drawn it already)
        fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    problems = []
    for name, cover, box in _covers(fig, renderer):
        box = box.padded(-1.0)  # its ink, not the last pixel of antialiasing
        for ax in _data_axes(fig):
            inside = mpl.transforms.Bbox.intersection(box, ax.get_window_extent(renderer))
            if inside is None or inside.width <= 0 or inside.height <= 0:
                continue
            drawn = [*ax.lines, *ax.collections, *ax.patches]
            hit = [a for a in drawn if a is not cover and _together(a, cover) and _hits(a, inside, ax)]
            if hit:
                what = hit[0].get_label() if not hit[0].get_label().startswith("_") else type(hit[0]).__name__
                title = f" of the panel {ax.get_title()!r}" if ax.get_title() else ""
                problems.append(f"{name} covers drawn data{title} ({what})")
                break
    if problems:
        raise FigureError(
            f"{where}: {problems[0]}; put the key outside the plot (plot.legend(fig)) or the text "
            "where no data is drawn"
        )


def check_contrast(fig, scheme: str, where: str) -> None:
    """In the palette drawn, every line, marker, point and bar stands 3:1 against the
    figure's paper, and every text 4.5:1 against what is behind it."""
    from matplotlib import collections, contour, lines, patches, text

    paper = PAPER[scheme]
    skip = {id(fig.patch), *(id(ax.patch) for ax in fig.axes)}
    for ax in fig.axes:  # grids, ticks and axis lines (their labels are checked as text)
        for axis in (getattr(ax, name, None) for name in ("xaxis", "yaxis", "zaxis")):
            if axis is not None:
                skip |= {id(a) for a in axis.findobj() if not isinstance(a, text.Text)}
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            skip.add(id(legend.legendPatch))
    problems = []

    def low(color, least, behind=paper):
        if not style._drawn(color):
            return False
        return style.contrast(style.blend(color, behind), behind) < least - 1e-6

    for a in fig.findobj():
        if id(a) in skip or not a.get_visible():
            continue
        if isinstance(a, text.Text):
            if not a.get_text().strip():
                continue
            patch = a.get_bbox_patch()
            behind = paper
            if patch is not None and mpl.colors.to_rgba(patch.get_facecolor())[3] > 0.5:
                behind = style.blend(patch.get_facecolor(), paper)
                skip.add(id(patch))
            if low(a.get_color(), TEXT_CONTRAST, behind):
                problems.append(f"the text {a.get_text()!r} ({mpl.colors.to_hex(a.get_color())})")
        elif isinstance(a, lines.Line2D):
            if len(a.get_xdata(orig=False)) == 0:
                continue
            ink = []
            if a.get_linestyle() not in ("None", "none", "", " ") and a.get_linewidth() > 0:
                ink.append(a.get_color())
            if a.get_marker() not in (None, "None", "none", "", " ") and a.get_markersize() > 0:
                face = a.get_markerfacecolor()
                ink.append(
                    face if style._drawn(face) and not _paperlike(face, paper) else a.get_markeredgecolor()
                )
            for color in ink:
                if low(color, GRAPHIC_CONTRAST):
                    problems.append(f"the line {a.get_label()!r} ({mpl.colors.to_hex(color)})")
        elif isinstance(a, patches.Patch) and not isinstance(a, patches.FancyArrowPatch):
            face, edge = a.get_facecolor(), a.get_edgecolor()
            if mpl.colors.to_rgba(face)[3] < 0.5 or _paperlike(face, paper):
                continue  # a veil or a fill behind other marks
            if not isinstance(a, patches.Rectangle) or a.get_width() == 0:
                continue
            edged = style._drawn(edge) and a.get_linewidth() > 0 and not low(edge, GRAPHIC_CONTRAST)
            if low(face, GRAPHIC_CONTRAST) and not edged:
                problems.append(f"a bar ({mpl.colors.to_hex(face)})")
        elif isinstance(a, patches.FancyArrowPatch):
            if low(a.get_edgecolor(), GRAPHIC_CONTRAST):
                problems.append(f"an arrow ({mpl.colors.to_hex(a.get_edgecolor())})")
        elif isinstance(a, collections.PathCollection) and not isinstance(a, contour.ContourSet):
            if a.get_array() is not None:
                continue  # coloured by a colour map: a shading
            faces = a.get_facecolor()
            edges = a.get_edgecolor()
            for k, face in enumerate(faces):
                edge = edges[k % len(edges)] if len(edges) else None
                color = face if not _paperlike(face, paper) else edge
                if color is not None and low(color, GRAPHIC_CONTRAST):
                    problems.append(f"the points {a.get_label()!r} ({mpl.colors.to_hex(color)})")
                    break
    if problems:
        raise FigureError(
            f"{where}: in the {scheme} palette, {problems[0]} stands less than "
            f"{GRAPHIC_CONTRAST:g}:1 (graphics) or {TEXT_CONTRAST:g}:1 (text) against the figure's "
            f"paper {paper}; use the colours of backprop.figures.style"
        )


def _paperlike(color, paper) -> bool:
    return style.contrast(style.blend(color, paper), paper) < 1.15


# -- SVG ------------------------------------------------------------------------------------


def _tight_box(fig):
    """What `bbox_inches="tight"` cuts the figure to, with its padding, in inches."""
    renderer = fig.canvas.get_renderer()
    return fig.get_tightbbox(renderer).padded(mpl.rcParams["savefig.pad_inches"])


def _svg(fig, box=None) -> str:
    """The figure as minified SVG, cut to ``box`` (by default, as tight as it goes)."""
    buf = io.BytesIO()
    # A figure that render() has laid out and frozen keeps a placeholder layout engine, for
    # which savefig draws the whole figure once without output before drawing it: a
    # third of the build's drawing time. Saved without it, the SVG is the same.
    engine = fig._layout_engine if getattr(fig, "_bp_laid_out", False) and box is not None else None
    if engine is not None:
        fig._layout_engine = None
    try:
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches=box or "tight")
    finally:
        if engine is not None:
            fig._layout_engine = engine
    return minified(buf.getvalue().decode())


def svg_size(svg: str) -> tuple[int, int]:
    """The SVG's size in CSS pixels (matplotlib writes it in points)."""
    head = svg[:2000]
    w, h = (float(re.search(rf'{k}="([\d.]+)pt"', head)[1]) for k in ("width", "height"))
    return round(w * 4 / 3), round(h * 4 / 3)


# A run of markers (a scatter's points, a line's dots): the same shape and style at each.
_MARKER = r'<use xlink:href="#{}" x="[^"]*" y="[^"]*" style="{}"/>\n'
MARKERS = re.compile(_MARKER.format("(m[0-9a-f]+)", '([^"]*)') + "(?:" + _MARKER.format(r"\1", r"\2") + ")+")


def _grouped(m: re.Match) -> str:
    """The run's style said once, on a group around it: every marker inherits it."""
    run = m[0].replace(f' style="{m[2]}"', "")
    return f'<g style="{m[2]}">\n{run}</g>\n'


GLYPH_ID = re.compile(r'(?<=["#])([A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*)-([0-9a-f]+)(?=[")])')
# A glyph's outline, in 1/64 of the units of a 100-point font (matplotlib's text paths).
GLYPH = re.compile(r'(<path id="[A-Z]+-[0-9a-f]+" d=")([^"]*)" transform="scale\(0\.015625\)"')
GLYPH_GRID = 16  # outlines on a grid of 16 such units: 1/400 em, 0.025 px in 10 px text
COORDINATE = re.compile(r"(?<![\w.])\d{2,}\.\d{2,}")  # 10 and more, with two decimals or more
PATH_DATA = re.compile(r'(?<= d=")[^"]*')
PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")
STYLE = re.compile(r'(?<=style=")[^"]*')
TAG = re.compile(r"(<[^>]*>)")
GLYPH_USE = re.compile(r'(<use href="#[^"]+") transform="translate\((-?[\d.]+) (-?[\d.]+)\)"')
PNG = re.compile(r'(?<=href="data:image/png;base64,)[^"]+')


def minified(svg: str) -> str:
    """matplotlib's SVG, lighter, and drawn the same (at any zoom a reader uses):

    - no metadata block, no DOCTYPE, no comments (a text's words, which its glyphs
      draw), no white space between elements, no ids that nothing refers to, no group
      without attributes;
    - coordinates of 10 pt and more to 0.1 pt, 0.13 px (smaller numbers, such as the
      scale factors of glyphs, keep every digit: rounding them would resize the text);
      path data written short (``M0 0 1 1`` for ``M 0 0 L 1 1``); styles
      without spaces; ``href`` for ``xlink:href``; a glyph placed by ``x``, not a
      ``transform``;
    - glyph outlines on a grid of 1/400 em (0.025 px in 10 px text), and short ids for
      the glyphs, which every character of a text names: DejaVuSans-Oblique-3b0 becomes
      DVSO-3b0;
    - a run of markers of one style with the style said once, and a style that several
      elements repeat said once, as a class; ids of markers and clip paths cut to six
      digits;
    - pictures (filled contours, drawn as pixels) stored with a palette when they have
      at most 256 colours, pixel for pixel the same.

    Frames of an animation, tagged ``frame-k-n`` or ``only-k-n`` by ``plot.frame``, are
    marked ``data-frame="k"`` or ``data-only="k"``: ids no page can hold twice."""
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->|<!DOCTYPE[^>]*>", "", svg, flags=re.S)
    svg = "\n".join(line.strip() for line in svg.splitlines())
    svg = COORDINATE.sub(lambda m: f"{float(m[0]):.1f}".removesuffix(".0"), svg)
    svg = re.sub(r' id="(frame|only)-(\d+)-\d+"', r' data-\1="\2"', svg)
    svg = MARKERS.sub(_grouped, svg)
    fonts = set(m[1] for m in GLYPH_ID.finditer(svg))
    short = {font: "".join(c for c in font if c.isupper()) for font in fonts}
    if len(set(short.values())) == len(fonts) and not set(short.values()) & fonts:
        svg = GLYPH_ID.sub(lambda m: f"{short[m[1]]}-{m[2]}", svg)  # (else: two fonts, same initials)
    svg = GLYPH.sub(_glyph, svg)
    svg = PATH_DATA.sub(lambda m: _path_data(m[0]), svg)
    svg = STYLE.sub(lambda m: re.sub(r"\s*([:;])\s*", r"\1", m[0]), svg)
    used = set(re.findall(r"#([\w.-]+)", svg))
    svg = re.sub(r' id="([^"]+)"', lambda m: m[0] if m[1] in used else "", svg)
    svg = _unwrapped(svg)
    svg = svg.replace("xlink:href=", "href=").replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    svg = GLYPH_USE.sub(lambda m: f'{m[1]} x="{m[2]}"' + ("" if m[3] == "0" else f' y="{m[3]}"'), svg)
    svg = PNG.sub(lambda m: _png(m[0]), svg)
    svg = _short_ids(re.sub(r">\s+<", "><", svg).strip())
    return _classes(svg) + "\n"


def _short_ids(svg: str) -> str:
    """matplotlib's ids of markers and clip paths, hashes of what they draw (m3c1a2b44d0),
    cut to six digits when they stay distinct."""
    ids = set(re.findall(r' id="([mp][0-9a-f]{10})"', svg))
    if len({i[:7] for i in ids}) < len(ids):
        return svg
    return re.sub(r'(?<=["#])([mp][0-9a-f]{6})[0-9a-f]{4}(?=["#)])', r"\1", svg)


def _classes(svg: str) -> str:
    """A style that several elements repeat said once, as a class in the SVG's stylesheet.
    The classes' names start with a hash of the SVG: an SVG put inside a page (an
    animation's) brings its stylesheet into the page, where another SVG's must not meet
    it. (A class rule outranks the stylesheet's ``*`` rule, as the inline style did.)"""
    if "</style>" not in svg:
        return svg
    counts: dict[str, int] = {}
    for found in re.findall(r' style="([^"]*)"', svg):
        counts[found] = counts.get(found, 0) + 1
    prefix = "s" + hashlib.sha1(svg.encode()).hexdigest()[:5]
    names = {}
    for found, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name = f"{prefix}{len(names):x}"
        # style="…" and class="…" differ by the names' lengths; the rule costs .name{…}
        if n * (len(found) - len(name)) > len(found) + len(name) + 3:
            names[found] = name
    if not names:
        return svg
    svg = re.sub(r' style="([^"]*)"', lambda m: f' class="{names[m[1]]}"' if m[1] in names else m[0], svg)
    rules = "".join(f".{name}{{{found}}}" for found, name in names.items())
    return svg.replace("</style>", rules + "</style>", 1)


def _glyph(m: re.Match) -> str:
    d = re.sub(r"-?\d+", lambda n: str(round(int(n[0]) / GLYPH_GRID)), m[2])
    return f'{m[1]}{d}" transform="scale({0.015625 * GLYPH_GRID:g})"'


def _path_data(d: str) -> str:
    """``M 0 0\nL 1 1\nL 2 0\nz`` as ``M0 0 1 1 2 0z``: after a move or a line, further
    points are lines, and a curve's command goes on to its next points."""
    out, command = [], None
    for token in PATH_TOKEN.findall(d):
        if token.isalpha():
            repeated = (token == "L" and command in ("M", "L")) or (token == command and token in "CQ")
            command = token
            if not repeated:
                out.append(token)
            continue
        if out and not out[-1][-1].isalpha() and not token.startswith("-"):
            out.append(" ")
        out.append(token)
    return "".join(out)


def _unwrapped(svg: str) -> str:
    """The SVG without its groups that have no attributes (their content stays)."""
    parts = TAG.split(svg)
    open_groups, drop = [], set()
    for i, part in enumerate(parts):
        if part.startswith("<g") and part[2:3] in (" ", ">") and not part.endswith("/>"):
            open_groups.append((i, part == "<g>"))
        elif part == "</g>":
            j, bare = open_groups.pop()
            if bare:
                drop |= {i, j}
    return "".join(part for i, part in enumerate(parts) if i not in drop)


def _png(data: str) -> str:
    """A base64 PNG with at most 256 colours as a palette PNG, checked to hold the same
    pixels; any other as it is."""
    from PIL import Image

    raw = base64.b64decode(data)
    rgba = np.asarray(Image.open(io.BytesIO(raw)).convert("RGBA"))
    colors, index = np.unique(rgba.reshape(-1, 4).view(np.uint32).ravel(), return_inverse=True)
    if len(colors) > 256:
        return data
    image = Image.fromarray(index.reshape(rgba.shape[:2]).astype(np.uint8), "P")
    image.putpalette(colors.view(np.uint8).tobytes(), rawmode="RGBA")
    if not np.array_equal(np.asarray(image.convert("RGBA")), rgba):
        return data
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return data if len(buf.getvalue()) >= len(raw) else base64.b64encode(buf.getvalue()).decode()


# -- HTML -----------------------------------------------------------------------------------


def picture_html(uris: dict, sizes: dict, media: str | None, alt: str) -> str:
    """Two ``<picture>`` elements, light and dark, each with a phone ``<source>``; the
    palette's CSS shows one (figures.css). ``uris[(layout, scheme)]`` are relative to the
    page. Each links to its own file, to open it alone."""
    out = []
    for scheme in style.SCHEMES:
        src = uris[("desktop", scheme)]
        width, height = sizes[("desktop", scheme)]
        source = ""
        if media:
            pw, ph = sizes[("phone", scheme)]
            source = f'<source media="{media}" srcset="{uris[("phone", scheme)]}" width="{pw}" height="{ph}">'
        img = f'<img src="{src}" alt="{html.escape(alt)}" width="{width}" height="{height}" loading="lazy">'
        # the link, hidden with its picture, goes on paper (print.js): the picture stays hidden
        picture = f'<picture class="bp-figure--{scheme}">{source}{img}</picture>'
        out.append(f'<a class="bp-figure bp-figure--{scheme}" href="{src}">{picture}</a>')
    return "\n  ".join(out)


def variant_data(uris: dict, sizes: dict, media: str | None) -> list[str]:
    """The data attributes from which ``figures.js`` fetches the SVG of the variant shown:
    each variant's URI and size, by palette (and "-phone"), and the phone's media query."""
    data = []
    for (layout, scheme), uri in sorted(uris.items()):
        key = scheme + ("-phone" if layout == "phone" else "")
        w, h = sizes[(layout, scheme)]
        data.append(f'data-{key}="{uri}" data-{key}-size="{w} {h}"')
    if media:
        data.append(f'data-phone-media="{media}"')
    return data


def live_html(
    uris: dict, sizes: dict, media: str | None, alt: str, still: str, kind: str = "animation"
) -> str:
    """The box that ``figures.js`` fills with the inline SVG of the variant shown (a
    frame-based figure: its script needs the SVG in the page), and, for paper, an image
    of its last frame (shown only in print)."""
    data = variant_data(uris, sizes, media)
    w, h = sizes[("desktop", "light")]
    img = (
        f'<img class="bp-live__still" src="{still}" alt="{html.escape(alt)}" width="{w}" height="{h}" '
        'loading="lazy">'
    )
    return (
        f'<div class="bp-live bp-{kind}__figure" role="img" aria-label="{html.escape(alt)}" '
        f'{" ".join(data)} style="aspect-ratio: {w} / {h}; max-width: {w}px">{img}</div>'
    )
