"""The diagrams teach at the size the site shows them: text at least 10 CSS px on a desktop and
9 on a phone, no edge under a node or a number, numbers a reader can multiply along the
edges, the same picture for every stage of a graph, and the same SVG every run.

Geometry is measured on the drawn figures: data units are points, and the display
extents come from matplotlib's renderer.
"""

import functools
import io
import itertools
import math
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from backprop.figures import diagrams, plot, style
from backprop.scalar import Value

COLUMN_PX = {"desktop": style.COLUMN_PX, "phone": style.PHONE_COLUMN_PX}  # the text column
MIN_PX = {"desktop": style.MIN_TEXT_PX, "phone": style.MIN_PHONE_TEXT_PX}
CSS_PX_PER_PT = 4 / 3


# -- the graphs of the chapters --------------------------------------------------------------


def used_three_times():
    """6.1: f = x·x + σ(x)."""
    x = Value(2.0, "x")
    f = x * x + x.sigmoid()
    f.label = "f"
    f.backward()
    return f


def logistic_regression():
    """6.2: L = −log σ(w·x + b) on one example."""
    x = [Value(1.0, "x[0]"), Value(-2.0, "x[1]")]
    w = [Value(0.5, "w[0]"), Value(-0.3, "w[1]")]
    b = Value(0.1, "b")
    z = w[0] * x[0] + w[1] * x[1] + b
    z.label = "z"
    yhat = z.sigmoid()
    yhat.label = "ŷ"
    L = -yhat.log()
    L.label = "L"
    L.backward()
    return L


def perceptron():
    """6.2: the two-layer perceptron, as perceptron_graph builds it."""
    W1, b1, w2, b2, x = [[0.5, -0.4], [0.3, 0.8]], [0.1, -0.2], [1.2, -0.7], 0.05, [1.0, -2.0]
    inputs = [Value(x[j], f"x[{j}]") for j in range(2)]
    hidden = []
    for k in range(2):
        z1 = Value(b1[k], f"b1[{k}]")
        for j, xj in enumerate(inputs):
            z1 = Value(W1[k][j], f"W1[{k},{j}]") * xj + z1
        z1.label = f"z1[{k}]"
        a1 = z1.sigmoid()
        a1.label = f"a1[{k}]"
        hidden.append(a1)
    z2 = Value(b2, "b2")
    for k, a1 in enumerate(hidden):
        z2 = Value(w2[k], f"w2[{k}]") * a1 + z2
    z2.label = "z2"
    yhat = z2.sigmoid()
    yhat.label = "ŷ"
    loss = -yhat.log()
    loss.label = "L"
    loss.backward()
    return loss


DRAWINGS = {
    "6.1 backward": lambda: diagrams.graph(used_three_times(), backward=True, title="x is used three times"),
    "6.2 forward": lambda: diagrams.graph(logistic_regression()),
    "6.2 stage 5": lambda: diagrams.graph(logistic_regression(), backward=5),
    "6.2 done": lambda: diagrams.graph(logistic_regression(), backward=True),
    "6.2 forward, down": lambda: diagrams.graph(logistic_regression(), direction="down"),
    "6.1 backward, down": lambda: diagrams.graph(used_three_times(), backward=True, direction="down"),
    "perceptron": lambda: diagrams.graph(perceptron(), backward=True, title="two-layer perceptron"),
    "network": lambda: diagrams.network(2, 3),
    "network σ": lambda: diagrams.network(2, 3, activation="σ"),
    "network 1-8 σ": lambda: diagrams.network(1, 8, activation="σ"),
}
# Each drawn for a desktop and, as the build draws it again, for a phone (a network of
# many hidden units keeps the desktop's room: no phone drawing of it).
FIGURES = [f"{name} @{layout}" for layout in style.LAYOUTS for name in DRAWINGS]
FIGURES.remove("network 1-8 σ @phone")


@pytest.fixture(autouse=True)
def book_style():
    """Every test draws in the book's style, as the build does."""
    with matplotlib.rc_context():
        plot.use_book_style()
        yield


def layout_of(name):
    return name.rpartition("@")[2]


@pytest.fixture(scope="module")
def drawn():
    """Each figure drawn once, in the book's style: {name: (figure, renderer)}."""
    figures = {}
    with matplotlib.rc_context():
        plot.use_book_style()
        for name in FIGURES:
            with style.drawing(layout_of(name)):
                fig = DRAWINGS[name.rpartition(" @")[0]]()
            # measured, not rasterized: the renderer lays out text without drawing
            figures[name] = (fig, fig.canvas.get_renderer())
            plt.close(fig)  # out of pyplot's list; the figure stays whole
    return figures


def shown_width_px(fig, renderer):
    """Width of the SVG the build saves (bbox_inches="tight" pads each side), in CSS px."""
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return (fig.get_tightbbox(renderer).width + 2 * pad) * 96


def texts(fig):
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]


def gid(artist):
    return artist.get_gid() or ""


def arrows(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]


def nodes(fig):
    return [p for p in fig.axes[0].patches if gid(p).startswith("node")]


def shapes_by_gid(fig):
    """{"node-j": [its patches]}: a labelled result is two, its operator and its box."""
    out = {}
    for p in nodes(fig):
        out.setdefault(gid(p), []).append(p)
    return out


@functools.cache
def edge_points(arrow, step=1.0):
    """Points every ``step`` points along an arrow, its head included, in data units (points)."""
    ax = arrow.axes
    out = []
    for poly in arrow.get_path().to_polygons(closed_only=False):
        for a, b in itertools.pairwise(poly):
            n = max(2, int(np.hypot(*(b - a)) / step) + 1)
            out.append(a + np.linspace(0, 1, n)[:, None] * (b - a))
    points = np.concatenate(out)
    assert np.allclose(
        ax.transData.transform([[0, 0], [72, 0]])[1] - ax.transData.transform([0, 0]), [ax.figure.dpi, 0]
    )
    return points


def inside(patch, points, margin=1.0):
    """Which points lie inside the patch shrunk by ``margin`` points."""
    if isinstance(patch, Circle):
        return np.hypot(*(points - patch.center).T) < patch.radius - margin
    assert isinstance(patch, FancyBboxPatch)
    x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
    return (
        (points[:, 0] > x + margin)
        & (points[:, 0] < x + w - margin)
        & (points[:, 1] > y + margin)
        & (points[:, 1] < y + h - margin)
    )


def number(text):
    """The first number of a figure's text, e.g. 4.105 from '4.105 = 2 + 2 + 0.105'."""
    return float(re.search(r"[−-]?[\d.]+(e[−-]?\d+)?", text)[0].replace("−", "-"))


# -- size --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIGURES)
def test_every_text_is_at_least_10px_on_a_desktop_and_9_on_a_phone(drawn, name):
    fig, renderer = drawn[name]
    column, least = COLUMN_PX[layout_of(name)], MIN_PX[layout_of(name)]
    scale = min(1.0, column / shown_width_px(fig, renderer))  # wider figures are shrunk to fit
    for t in texts(fig):
        assert t.get_fontsize() * CSS_PX_PER_PT * scale >= least, (t.get_text(), t.get_fontsize(), scale)
        # and as the renderer lays it out: the line's height on the page
        height_px = t.get_window_extent(renderer).height / fig.dpi * 96 * scale
        assert height_px >= least, (t.get_text(), height_px)


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_fits_the_column_at_natural_size(drawn, name):
    fig, renderer = drawn[name]
    assert shown_width_px(fig, renderer) <= COLUMN_PX[layout_of(name)]


def test_perceptron_graph_fits_the_column(drawn):
    """The saved SVG itself, as the build writes it: at most 7.15 in (688 CSS px) wide."""
    fig, renderer = drawn["perceptron @desktop"]
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    width_pt = float(re.search(rb'width="([\d.]+)pt"', buf.getvalue())[1])
    assert width_pt / 72 <= diagrams.COLUMN_WIDTH
    assert width_pt * CSS_PX_PER_PT == pytest.approx(shown_width_px(fig, renderer), abs=1.5)
    assert len(fig.axes[0].patches) > 60  # about 35 nodes and 40 edges: the whole network


# -- geometry ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIGURES)
def test_no_edge_passes_under_a_node(drawn, name):
    fig, _ = drawn[name]
    shapes = nodes(fig)
    assert shapes and arrows(fig)
    for arrow in arrows(fig):
        points = edge_points(arrow)
        for patch in shapes:
            assert not inside(patch, points).any(), (gid(arrow), gid(patch))
        assert arrow.get_zorder() < min(p.get_zorder() for p in shapes)  # drawn first, if ever they met


@pytest.mark.parametrize("name", FIGURES)
def test_no_edge_crosses_a_number_or_a_name(drawn, name):
    fig, renderer = drawn[name]
    ax = fig.axes[0]
    words = [t for t in texts(fig) if not gid(t).startswith(("header", "heading"))]
    boxes = np.array([t.get_window_extent(renderer).shrunk(0.9, 0.8).extents for t in words])  # the glyphs
    for arrow in arrows(fig):
        x, y = ax.transData.transform(edge_points(arrow)).T[:, :, None]
        hit = ((x > boxes[:, 0]) & (x < boxes[:, 2]) & (y > boxes[:, 1]) & (y < boxes[:, 3])).any(axis=0)
        own_label = "local-" + gid(arrow).partition("-")[2]  # a local derivative sits on its own edge
        crossed = [t.get_text() for t, h in zip(words, hit, strict=True) if h and gid(t) != own_label]
        assert not crossed, (gid(arrow), crossed)


@pytest.mark.parametrize("name", FIGURES)
def test_no_two_texts_overlap(drawn, name):
    fig, renderer = drawn[name]
    boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.98, 0.9)) for t in texts(fig)]
    for i, (s, a) in enumerate(boxes):
        for r, b in boxes[i + 1 :]:
            assert not a.overlaps(b), (s, r)


@pytest.mark.parametrize("name", FIGURES)
def test_numbers_and_labels_do_not_cover_nodes(drawn, name):
    fig, renderer = drawn[name]
    labels = [t for t in texts(fig) if gid(t).startswith(("value", "grad", "local", "parameter"))]
    shapes = [p.get_window_extent(renderer) for p in nodes(fig)]
    for t in labels:
        box = t.get_window_extent(renderer).shrunk(0.98, 0.9)
        assert not any(box.overlaps(s) for s in shapes), t.get_text()


# -- what the graph says ---------------------------------------------------------------


def test_operators_are_circles_and_variables_are_boxes_with_math_names(drawn):
    fig, _ = drawn["6.1 backward @desktop"]
    f = used_three_times()
    x_index = [v.label for v in f.nodes()].index("x")
    times_index = [v.op for v in f.nodes()].index("×")
    by_gid = {gid(p): p for p in nodes(fig)}
    assert isinstance(by_gid[f"node-{x_index}"], FancyBboxPatch)
    assert isinstance(by_gid[f"node-{times_index}"], Circle)
    names = {gid(t): t.get_text() for t in texts(fig)}
    assert names[f"name-{x_index}"] == "$x$"  # math italics: never the upright ×
    assert names[f"symbol-{times_index}"] == "×"
    # a labelled result is its operator joined to its box: both shapes, one node
    pair = [p for p in nodes(fig) if gid(p) == f"node-{len(f.nodes()) - 1}"]
    assert {type(p) for p in pair} == {Circle, FancyBboxPatch}


def test_constants_are_plain_numbers(drawn):
    fig, _ = drawn["6.2 done @desktop"]
    const = [t for t in texts(fig) if gid(t).startswith("const")]
    assert [t.get_text() for t in const] == ["−1"]
    patch = next(p for p in nodes(fig) if gid(p) == "node" + gid(const[0]).removeprefix("const"))
    assert patch.get_edgecolor()[3] == 0  # no outline


def test_values_and_gradients_have_their_own_colours_and_four_digits(drawn):
    fig, _ = drawn["6.1 backward @desktop"]
    by_kind = {}
    for t in texts(fig):
        by_kind.setdefault(gid(t).partition("-")[0], []).append(t)
    assert {matplotlib.colors.to_hex(t.get_color()) for t in by_kind["value"]} == {
        diagrams.VALUE_COLOR.lower()
    }
    assert {matplotlib.colors.to_hex(t.get_color()) for t in by_kind["grad"]} == {diagrams.GRAD_TEXT.lower()}
    assert diagrams.VALUE_COLOR.lower() != diagrams.GRAD_TEXT.lower()
    values, grads = {t.get_text() for t in by_kind["value"]}, {t.get_text() for t in by_kind["grad"]}
    assert "0.8808" in values  # σ(2), to 4 significant digits
    assert "4.105\n= 2 + 2 + 0.105" in grads  # not "4.1"; the sum under it


def test_forward_graph_arrows_run_from_inputs_to_the_output(drawn):
    fig, _ = drawn["6.2 forward @desktop"]
    L = logistic_regression()
    order, edges = L.nodes(), L.edges()
    shapes = shapes_by_gid(fig)
    assert {gid(a).partition("-")[0] for a in arrows(fig)} == {"forward"}
    assert not [t for t in texts(fig) if gid(t).startswith(("grad", "local"))]
    for arrow in arrows(fig):
        p, c = edges[int(gid(arrow).partition("-")[2])]
        start, end = arrow._path_original.vertices[[0, -1]]
        assert _on_boundary(shapes[f"node-{order.index(p)}"], start)
        assert _on_boundary(shapes[f"node-{order.index(c)}"], end)
        assert arrow.get_arrowstyle().__class__.__name__ == "CurveFilledB"  # the head at the child


def _on_boundary(patches, point, tol=0.6):
    return any(_on_patch_boundary(p, point, tol) for p in patches)


def _on_patch_boundary(patch, point, tol):
    if isinstance(patch, Circle):
        return abs(np.hypot(*(point - patch.center)) - patch.radius) < tol
    x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
    on_x = x - tol <= point[0] <= x + w + tol and min(abs(point[1] - y), abs(point[1] - y - h)) < tol
    on_y = y - tol <= point[1] <= y + h + tol and min(abs(point[0] - x), abs(point[0] - x - w)) < tol
    return on_x or on_y


def test_backward_stage_labels_edges_with_local_derivatives(drawn):
    fig, _ = drawn["6.2 done @desktop"]
    L = logistic_regression()
    order, edges = L.nodes(), L.edges()
    labels = {int(gid(t).partition("-")[2]): t for t in texts(fig) if gid(t).startswith("local")}
    backward = {int(gid(a).partition("-")[2]): a for a in arrows(fig) if gid(a).startswith("backward")}
    shapes = shapes_by_gid(fig)
    slots = [(p, c, k) for c in order for k, p in enumerate(c.parents)]  # aligned with L.edges()
    assert [(p, c) for p, c, _ in slots] == edges
    expected = set()
    for i, (p, c, k) in enumerate(slots):
        if p.parents or p.label:  # constants get no gradient and no backward arrow
            expected.add(i)
            assert labels[i].get_text() == "×" + diagrams.number(c._local[k])
    assert set(labels) == set(backward) == expected
    for i, arrow in backward.items():
        p, _ = edges[i]
        assert arrow.get_arrowstyle().__class__.__name__ == "CurveFilledA"  # the head at the parent
        assert _on_boundary(shapes[f"node-{order.index(p)}"], arrow._path_original.vertices[0])
        centre = np.array(labels[i].get_position())
        assert np.hypot(*(edge_points(arrow) - centre).T).min() < 1.0  # the label sits on its edge


@pytest.mark.parametrize("name", ["6.1 backward @desktop", "6.2 done @desktop", "perceptron @desktop"])
def test_upstream_gradient_times_local_derivative_adds_up_at_every_node(drawn, name):
    """What a reader does with the printed numbers: child's gradient × the edge's number, summed."""
    fig, _ = drawn[name]
    make = {"6.1 backward": used_three_times, "6.2 done": logistic_regression, "perceptron": perceptron}
    output = make[name.rpartition(" @")[0]]()
    order, edges = output.nodes(), output.edges()
    shown = {gid(t): number(t.get_text()) for t in texts(fig) if gid(t).startswith(("grad", "local"))}
    for j, v in enumerate(order):
        if f"grad-{j}" not in shown or v is output:
            continue
        shares = [
            shown[f"grad-{order.index(c)}"] * shown[f"local-{i}"] for i, (p, c) in enumerate(edges) if p is v
        ]
        assert sum(shares) == pytest.approx(shown[f"grad-{j}"], rel=2e-3, abs=2e-4), v


def test_a_value_used_three_times_gets_three_arrows_whose_shares_add_up(drawn):
    fig, _ = drawn["6.1 backward @desktop"]
    f = used_three_times()
    order, edges = f.nodes(), f.edges()
    x = order.index(next(v for v in order if v.label == "x"))
    into_x = [a for a in arrows(fig) if edges[int(gid(a).partition("-")[2])][0] is order[x]]
    assert len(into_x) == 3 and all(gid(a).startswith("backward") for a in into_x)
    ends = np.array([a._path_original.vertices[0] for a in into_x])
    assert len({tuple(e.round(1)) for e in ends}) == 3  # three distinct arrowheads
    grad = next(t.get_text() for t in texts(fig) if gid(t) == f"grad-{x}")
    assert grad.replace("\n", " ") == "4.105 = 2 + 2 + 0.105"  # two lines, left to right
    assert math.isclose(order[x].grad, 4.104993585403507)


def test_the_two_arcs_of_x_times_x_are_drawn_apart(drawn):
    """x · x: two edges between the same nodes, bowed apart so that each shows its own label."""
    fig, _ = drawn["6.1 backward @desktop"]
    f = used_three_times()
    twins = [i for i, (_, c) in enumerate(f.edges()) if c.parents == (c.parents[0],) * 2]
    assert len(twins) == 2
    first, second = (next(a for a in arrows(fig) if gid(a).endswith(f"-{i}")) for i in twins)
    middle = [a._path_original.vertices[[1, 2]].mean(axis=0) for a in (first, second)]
    assert np.hypot(*(middle[0] - middle[1])) >= 20  # points apart at their middles


def test_backward_stage_k_shows_the_first_k_nodes_the_pass_visits():
    L = logistic_regression()
    order, edges = L.nodes(), L.edges()
    visits = order[::-1]
    for k in (1, 2, 4, 5, 7, 9, len(order)):  # the chapter's stages and a few more
        fig = diagrams.graph(L, backward=k)
        seen = {id(v) for v in visits[:k] if v.parents or v.label}
        grads = {int(gid(t).partition("-")[2]) for t in texts(fig) if gid(t).startswith("grad")}
        assert grads == {j for j, v in enumerate(order) if id(v) in seen}
        back = {int(gid(a).partition("-")[2]) for a in arrows(fig) if gid(a).startswith("backward")}
        assert back == {i for i, (p, _) in enumerate(edges) if id(p) in seen}
        plt.close(fig)
    z = next(v for v in order if v.label == "z")
    a, b = diagrams.graph(L, backward=z), diagrams.graph(L, backward=visits.index(z) + 1)
    assert sorted(map(gid, texts(a))) == sorted(map(gid, texts(b)))
    plt.close(a)
    plt.close(b)


@pytest.mark.parametrize("layout", style.LAYOUTS)
def test_the_forward_pass_and_every_backward_stage_share_one_layout(layout):
    """The tabs of 6.2: nothing moves from one stage to the next, the forward pass (drawn
    before backward() runs) included."""
    L = logistic_regression()
    layouts = set()
    with style.drawing(layout):
        forward = diagrams.graph(L)
        L.backward()
        for fig in [forward] + [diagrams.graph(L, backward=k) for k in (1, 4, 5, 7, True)]:
            geometry = tuple(p.get_window_extent().bounds for p in nodes(fig))
            layouts.add((tuple(fig.get_size_inches()), geometry))
            plt.close(fig)
    assert len(layouts) == 1


def centres(fig, labels):
    """{label: (x, y)} of the named nodes, in points."""
    order = {gid(t): t.get_text() for t in texts(fig) if gid(t).startswith("name")}
    out = {}
    for p in nodes(fig):
        name = order.get("name" + gid(p).removeprefix("node"))
        if name in labels:
            box = p.get_window_extent()
            out[name] = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    return out


def test_a_graph_runs_left_to_right_on_a_desktop_and_top_to_bottom_on_a_phone():
    for layout in style.LAYOUTS:
        with style.drawing(layout):
            fig = diagrams.graph(logistic_regression(), backward=True)
        at = centres(fig, {"$x_{0}$", "$x_{1}$", "$z$", "$L$"})
        plt.close(fig)
        flow = [at["$x_{0}$"], at["$z$"], at["$L$"]]
        if layout == "desktop":  # inputs on the left, x₀ above x₁
            assert flow[0][0] < flow[1][0] < flow[2][0]
            assert at["$x_{0}$"][1] > at["$x_{1}$"][1]
        else:  # inputs at the top
            assert flow[0][1] > flow[1][1] > flow[2][1]


@pytest.mark.parametrize("layout", style.LAYOUTS)
def test_the_perceptron_reads_x0_before_x1_and_the_first_unit_before_the_second(drawn, layout):
    fig, _ = drawn[f"perceptron @{layout}"]
    names = {"$x_{0}$", "$x_{1}$", "$z^{[1]}_{0}$", "$z^{[1]}_{1}$", "$L$"}
    at = centres(fig, names)
    assert at["$x_{0}$"][0] < at["$x_{1}$"][0]  # top to bottom: x₀ on the left
    if layout == "desktop":  # the units side by side, the first on the left
        assert at["$z^{[1]}_{0}$"][0] < at["$z^{[1]}_{1}$"][0]
    else:  # the units one after the other, as computed
        assert at["$z^{[1]}_{0}$"][1] > at["$z^{[1]}_{1}$"][1] > at["$L$"][1]


def test_the_perceptron_graph_has_few_crossings():
    """Each input feeds both hidden units: one crossing of x₀'s and x₁'s edges is all it
    takes on a desktop (as many long edges as that on a phone, where the units are stacked)."""
    L = perceptron()
    layout = diagrams._GraphLayout(L.nodes(), "down", True, diagrams.COLUMN_WIDTH * 72)
    index = {id(n): k for row in layout.ranks.values() for k, n in enumerate(row)}
    assert layout._crossings(index) <= 2


def test_drawing_gradients_before_backward_is_an_error():
    x = Value(1.0, "x")
    with pytest.raises(ValueError, match="backward"):
        diagrams.graph(x * x, backward=True)
    with pytest.raises(ValueError, match="direction"):
        diagrams.graph(x * x, direction="up")


def test_graph_svg_is_byte_reproducible():
    def svg():
        with matplotlib.rc_context():
            plot.use_book_style()
            fig = diagrams.graph(logistic_regression(), backward=5)
            buf = io.BytesIO()
            fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
            plt.close(fig)
        return buf.getvalue()

    first = svg()
    plt.close(diagrams.network(3, 4))  # other figures in between change nothing
    assert svg() == first


# -- network diagrams --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["network @desktop", "network σ @desktop", "network σ @phone"])
def test_network_names_inputs_units_parameters_and_loss(drawn, name):
    """In the book's notation: a layer is a superscript in brackets."""
    fig, _ = drawn[name]
    words = {t.get_text() for t in texts(fig)}
    assert {"$x_{1}$", "$x_{2}$", "$z_{1}$", "$z_{2}$", "$z_{3}$", r"$\hat{y}$", "$y$", "$L$"} <= words
    assert {"$W^{[1]}$", "$b^{[1]}$", "$w^{[2]}$", "$b^{[2]}$"} <= words
    assert r"$z = W^{[1]} x + b^{[1]}$" in words
    if name.startswith("network σ"):
        assert {"$a_{1}$", "$a_{2}$", "$a_{3}$", "σ"} <= words
        assert sum(isinstance(p, Circle) for p in nodes(fig)) == 3  # σ: an operation, so a circle
    else:
        assert not any(isinstance(p, Circle) for p in nodes(fig))


def test_network_parameter_names_sit_by_their_edges(drawn):
    fig, _ = drawn["network σ @desktop"]
    params = {t.get_text(): np.array(t.get_position()) for t in texts(fig) if gid(t) == "parameter"}
    paths = [edge_points(a) for a in arrows(fig)]
    for name, xy in params.items():
        assert min(np.hypot(*(p - xy).T).min() for p in paths) < 14, name


# -- the old name ------------------------------------------------------------------------
