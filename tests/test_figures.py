"""The book's figures in every variant: the style's colours and their meaning, the dark
palette's recolouring, the phone layouts, and the checks the build makes of every figure
(scripts/figure_variants.py): text size, no legend or text over data, contrast."""

import re
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from backprop.figures import plot, style
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import figure_variants  # the build's, in scripts/


@pytest.fixture(autouse=True)
def book_style():
    with matplotlib.rc_context():
        plot.use_book_style()
        yield
    plt.close("all")


# -- colours with one meaning ---------------------------------------------------------------


def test_every_colour_of_the_book_stands_3_to_1_on_white_and_its_dark_shade_4_5_to_1():
    for color in style.COLORS:
        assert style.contrast(color, style.LIGHT_PAPER) >= 3, color
        assert style.contrast(style.dark_color(color), style.DARK_PAPER) >= 4.5, color


def test_each_method_has_its_own_colour_wherever_it_is_named():
    colors = list(style.METHOD_COLORS.values())
    assert len(set(colors)) == len(colors)
    for name in ("GD", "gradient descent", "SGD", "GD, α = 0.1", "random search (best so far)"):
        assert style.method_color(name) in colors
    assert style.method_color("Momentum") == style.method_color("momentum")
    with pytest.raises(KeyError, match="no method"):
        style.method_color("Newton")


def test_loss_curves_and_paths_draw_methods_and_runs_with_the_book_s_colours_and_markers():
    _, ax = plot.subplots()
    plot.loss_curves(ax, {"gradient descent": [3, 2, 1], "Adam": [3, 1, 0.5]})
    gd, adam = ax.lines
    assert gd.get_color() == style.METHOD_COLORS["gradient descent"]
    assert adam.get_color() == style.METHOD_COLORS["Adam"]
    steps = [{"w": np.array(float(k)), "b": np.array(0.0)} for k in range(3)]
    plot.path(ax, steps, "w", "b", color=style.VERMILLION)
    star = plot.minimum(ax, 2.0, 0.0)
    markers = [line.get_marker() for line in ax.lines]
    meanings = [style.START["marker"], style.END["marker"], style.MINIMUM["marker"]]
    assert markers[-3:] == meanings == ["o", "s", "*"]
    assert star.get_color() == style.INK


# -- the dark palette -----------------------------------------------------------------------


def a_figure():
    """One of each kind of mark: lines, points, bars, a shaded surface, a colour bar, a
    legend, a text on a white box, an annotation."""
    fig, (left, right) = plot.subplots(2)
    x = np.linspace(0, 1, 30)
    left.plot(x, x**2, color=style.VERMILLION, label="a line")
    left.scatter(x, x, s=8, color=style.DATA, label="points")
    right.bar([0, 1], [1, 2], color=style.BLUE, label="bars")
    g1, g2 = np.meshgrid(x, x)
    cs = right.contourf(g1, g2, g1 + g2, cmap=plot.LOSS_CMAP)
    right.contour(g1, g2, g1 + g2, colors="white")
    fig.colorbar(cs, ax=right)
    left.text(0.1, 0.9, "boxed", bbox=dict(fc="white", ec="none"))
    left.annotate("x²", (0.5, 0.25), (0.7, 0.05), arrowprops=dict(arrowstyle="->"))
    plot.legend(fig)
    return fig


def test_the_dark_variant_keeps_no_white_paper_and_no_black_ink():
    fig = a_figure()
    style.recolor(fig, "dark")
    svg = figure_variants._svg(fig)
    colors = set(re.findall(r"(?:fill|stroke):(#[0-9a-f]{6})", svg))
    assert "#ffffff" not in colors and "#000000" not in colors, colors
    assert style.DARK_PAPER.lower() in colors  # the paper
    figure_variants.check_contrast(fig, "dark", "test")  # and every mark stands out on it


def test_recolouring_maps_each_colour_once():
    """A marker's colour follows its line's, a contour's its colour map's: each must be
    mapped from its light colour, not mapped twice."""
    fig, ax = plt.subplots()
    (line,) = ax.plot([0, 1], [0, 1], ".-", color=style.VERMILLION)
    x = np.linspace(0, 1, 10)
    cs = ax.contour(*np.meshgrid(x, x), np.add.outer(x, x), levels=[0.5], colors="white")
    style.recolor(fig, "dark")
    fig.canvas.draw()
    dark = style.DARK[style.VERMILLION]
    hexes = [matplotlib.colors.to_hex(c) for c in (line.get_color(), line.get_markerfacecolor())]
    assert hexes == [dark.lower()] * 2
    assert matplotlib.colors.to_hex(cs.get_edgecolor()[0]) == style.DARK_PAPER.lower()


# -- the checks the build makes -------------------------------------------------------------


def test_a_legend_over_data_fails_naming_the_block():
    """Today's way, the key inside the plot where the curves are: refused."""
    fig, ax = plt.subplots(figsize=(7, 3))
    for k in range(4):
        ax.semilogy(np.geomspace(10.0 ** (2 - k), 1e-3, 50), label=f"curve {k}")
    ax.legend(loc="lower left")
    with pytest.raises(figure_variants.FigureError, match=r"docs/x\.md:3: the legend covers drawn data"):
        figure_variants.check_overlaps(fig, "docs/x.md:3")


def test_a_bar_chart_s_legend_over_its_bars_fails():
    fig, ax = plt.subplots(figsize=(7, 3))
    for i in range(6):
        ax.bar(np.arange(4) + 0.13 * i, [5, 5, 4, 5], 0.13, label=f"model {i}")
    ax.legend(ncols=2, loc="upper right")
    with pytest.raises(figure_variants.FigureError, match="covers drawn data"):
        figure_variants.check_overlaps(fig, "docs/x.md:3")


def test_an_annotation_over_a_curve_fails_and_one_beside_it_passes():
    fig, ax = plt.subplots(figsize=(7, 3))
    x = np.linspace(0, 10, 100)
    ax.plot(x, x)
    note = ax.text(5, 5, "a note on the line")
    with pytest.raises(figure_variants.FigureError, match="the text 'a note on the line' covers"):
        figure_variants.check_overlaps(fig, "docs/x.md:3")
    note.set_position((0.5, 8.5))
    figure_variants.check_overlaps(fig, "docs/x.md:3")


def test_the_key_above_the_panels_covers_nothing():
    figure_variants.check_overlaps(a_figure(), "docs/x.md:3")


def test_an_animation_s_texts_only_meet_the_data_shown_with_them():
    """A label of frame 3 may sit where the line of frame 5 runs, not where frame 3's does."""
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.set(xlim=(0, 10), ylim=(0, 10))
    plot.frame(5, *ax.plot([0, 10], [5, 5]), stay=False)
    plot.frame(3, ax.text(4, 4.8, "step 3"), stay=False)
    figure_variants.check_overlaps(fig, "docs/x.md:3")
    plot.frame(3, *ax.plot([0, 10], [5, 5]), stay=False)
    with pytest.raises(figure_variants.FigureError, match="step 3"):
        figure_variants.check_overlaps(fig, "docs/x.md:3")


def test_a_pale_line_fails_the_contrast_check_in_the_palette_it_is_pale_in():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color="#F0E442", label="yellow")  # Okabe–Ito yellow: 1.3:1 on white
    with pytest.raises(figure_variants.FigureError, match="light palette, the line 'yellow'"):
        figure_variants.check_contrast(fig, "light", "docs/x.md:3")
    style.recolor(fig, "dark")
    figure_variants.check_contrast(fig, "dark", "docs/x.md:3")


def test_pale_text_fails_the_contrast_check():
    fig, ax = plt.subplots()
    ax.set_title("faint", color="0.7")
    with pytest.raises(figure_variants.FigureError, match="the text 'faint'"):
        figure_variants.check_contrast(fig, "light", "docs/x.md:3")


# -- variants -------------------------------------------------------------------------------


def two_panels(layout):
    fig, axes = plot.subplots(2)
    for ax in axes:
        ax.plot([0, 1], [1, 0], color=style.BLUE)
        ax.set_title("a panel")
    return fig


def test_a_wide_figure_gets_a_phone_layout_with_its_own_media_query():
    variants = figure_variants.render(two_panels, "docs/x.md:3")
    assert set(variants.svgs) == {(layout, scheme) for layout in style.LAYOUTS for scheme in style.SCHEMES}
    assert variants.sizes[("desktop", "light")][0] == 672 and variants.sizes[("phone", "light")][0] <= 358
    assert variants.phone_media == "(max-width: 486px)"  # 672 px · 9/13.3 + 32 px of margins
    assert variants.svgs[("desktop", "light")] != variants.svgs[("desktop", "dark")]


def test_a_narrow_figure_is_its_own_phone_layout():
    def narrow(layout):
        fig, ax = plt.subplots(figsize=(3.5, 2.5), layout="constrained")
        ax.plot([0, 1], color=style.BLUE)
        return fig

    variants = figure_variants.render(narrow, "docs/x.md:3")
    assert set(variants.svgs) == {("desktop", "light"), ("desktop", "dark")} and variants.phone_media is None


def test_a_figure_of_fixed_width_fails_on_the_phone_naming_the_block():
    """Drawn 7 in wide whatever the layout, its text shows at 7 px on a 390 px phone."""

    def fixed(layout):
        fig, ax = plt.subplots(figsize=(7, 3))
        ax.set_title("fixed")
        return fig

    message = r"docs/x\.md:3: .* px wide, column 358 px\) on a phone"
    with pytest.raises(figure_variants.FigureError, match=message):
        figure_variants.render(fixed, "docs/x.md:3")


def test_the_phone_run_leaves_the_chapter_s_namespace_as_it_was():
    """The build runs a figure's code again for a phone in a copy of the namespace, so
    what the chapter computes next is what a reader's single run computes."""
    namespace = {"np": np, "seen": [1], "rng": np.random.default_rng(0)}
    copy = figure_variants.snapshot(namespace)
    exec("seen.append(rng.normal())", copy)
    assert namespace["seen"] == [1] and copy["np"] is np
    assert namespace["rng"].normal() == copy["seen"][1]  # the same draw: the generator was copied


def test_frames_are_marked_by_data_attributes_not_ids():
    fig, ax = plt.subplots()
    plot.frame(2, *ax.plot([0, 1]))
    plot.frame(2, *ax.plot([1, 0]), stay=False)
    svg = figure_variants._svg(fig)
    assert 'data-frame="2"' in svg and 'data-only="2"' in svg and 'id="frame-' not in svg


def test_a_run_of_markers_says_its_style_once():
    """A scatter's points share one style: written once, on a group, the SVG is lighter and
    every point still there."""
    fig, ax = plt.subplots()
    ax.scatter(np.arange(50), np.arange(50), color=style.BLUE, edgecolor="white")
    svg = figure_variants._svg(fig)
    shapes = re.findall(r'<use href="#(m[0-9a-f]+)" x="[^"]*" y="[^"]*"', svg)
    assert max(shapes.count(shape) for shape in shapes) == 50  # (the ticks are markers too)
    assert svg.count("fill:#0072b2") == 1  # on the group


def test_path_data_is_written_short_and_means_the_same():
    d = "M 0 0\nL 1 1\nL 2 -3.5\nz\nM 5 5\nC 1 2 3 4 5 6\nC 7 8 9 10 11 12\nL 0 0\n"
    assert figure_variants._path_data(d) == "M0 0 1 1 2-3.5zM5 5C1 2 3 4 5 6 7 8 9 10 11 12L0 0"


def test_a_minified_figure_keeps_its_glyphs_its_pixels_and_what_is_referred_to():
    """Lighter, not different: every id a use or a clip path names is still there, the
    text's glyphs are the same ones, and a filled contour drawn as pixels keeps every
    pixel (stored with a palette)."""
    import base64
    import io

    from PIL import Image

    fig, ax = plt.subplots()
    x, y = np.meshgrid(np.linspace(-1, 1, 60), np.linspace(-1, 1, 60))
    ax.contourf(x, y, x**2 + 3 * y**2, levels=12, cmap=plot.LOSS_CMAP, rasterized=True)
    ax.plot([0, 0.5], [0, 0.5], "o-", color=style.BLUE)
    ax.set(title="θ and $x^2$", xlabel="step")
    raw = io.BytesIO()
    fig.savefig(raw, format="svg", metadata={"Date": None}, bbox_inches="tight")
    raw = raw.getvalue().decode()
    svg = figure_variants.minified(raw)
    assert len(svg) < 0.7 * len(raw)
    ids = set(re.findall(r' id="([^"]+)"', svg))
    assert set(re.findall(r'href="#([^"]+)"', svg)) <= ids
    assert set(re.findall(r"url\(#([^)]+)\)", svg)) <= ids
    assert "<!--" not in svg and "xlink:" not in svg and "\n" not in svg.strip()
    classes = set(re.findall(r' class="([^"]+)"', svg))  # repeated styles, said once
    assert classes and all(f".{name}{{" in svg for name in classes)

    def glyphs(text):  # the glyphs each text uses, in order
        return re.findall(r'href="#(?:[A-Za-z]+-)+([0-9a-f]+)"', text)

    assert glyphs(svg) == glyphs(raw)

    def pixels(text):
        data = re.search(r'href="data:image/png;base64,([^"]+)"', text)[1]
        return Image.open(io.BytesIO(base64.b64decode(data)))

    before, after = pixels(raw), pixels(svg)
    assert after.mode == "P" and before.mode == "RGBA"
    assert np.array_equal(np.asarray(after.convert("RGBA")), np.asarray(before))
