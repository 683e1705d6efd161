"""Diagrams drawn from code: computational graphs of scalar ``Value``s and network pictures.

Sizes here are absolute, in points (1/72 in): each diagram makes its own figure, as large
as its content, so that its text is as large on the page as it is here. The site shows a
figure up to ``COLUMN_WIDTH`` inches wide at natural size (1 pt = 4/3 CSS px), so 9 pt
numbers are 12 px and 10 pt names 13.3 px.

A computational graph draws an operator as a circle holding its symbol, a variable (a
labelled leaf) as a rounded box holding its name in math italics, a labelled result as
its operator joined to its box, and a constant as a plain number. A node's value is
written in blue and its gradient ∂output/∂node under it in vermillion. While the backward
pass is shown, each edge it has gone through becomes a vermillion arrow towards the
parent, labelled with the local derivative ∂child/∂parent (``×0.1966``): the child's
gradient times that number is the parent's share, and the shares arriving at a node add
up to its gradient.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> from backprop.figures import diagrams
>>> from backprop.scalar import Value
>>> x = Value(2.0, "x")
>>> f = x * x + x.sigmoid()
>>> f.backward()
>>> fig = diagrams.graph(f, backward=True)
>>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid().startswith("local"))
['×0.105', '×1', '×1', '×2', '×2']
>>> plt.close(fig)
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass, field

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.textpath import text_to_path

from backprop.figures import style
from backprop.scalar import Value

COLUMN_WIDTH = 7.15  # inches: the site's 688 px text column shows a figure this wide at 1:1
NAME_PT = 10  # node names and operator symbols
NUMBER_PT = 9  # values, gradients, local derivatives
VALUE_COLOR = "#0072B2"  # Okabe–Ito blue: 5.2:1 on white
GRAD_COLOR = "#D55E00"  # Okabe–Ito vermillion, for arrows and outlines
GRAD_TEXT = "#B34D00"  # vermillion darkened for text: 4.8:1 on white (WCAG asks 4.5)
EDGE_COLOR = "0.45"
INK = "0.15"
OP_FACE, VAR_FACE = "#FFF1D6", "#E4F0FA"  # light tints of Okabe–Ito orange and sky blue

# Spacing, in points.
_SEP = 8  # between neighbours of one rank
_GAP = 24  # between ranks, for the arrow; more where a label sits across it
_PAIR_GAP = 6  # between a labelled result's operator and its box
_PAD = 3  # between a node and its numbers
_PORT_STEP = 9  # between the ends of arrows side by side on a node
_LINE = 5.6  # half the distance between the value's line and the gradient's


def number(x: float) -> str:
    """``x`` to 4 significant digits with a true minus sign, as the prose quotes it.

    Examples
    --------
    >>> from backprop.figures.diagrams import number
    >>> number(4.104993585), number(-0.2315), number(1.0), number(-0.0)
    ('4.105', '−0.2315', '1', '0')
    """
    return f"{x + 0.0:.4g}".replace("-", "−")


def math_label(label: str) -> str:
    """A code-style name in the book's notation, as mathtext: the digits right after the
    letters are a layer, a superscript in brackets, and an index in brackets the entry,
    a subscript: ``W1[0,1]`` → $W^{[1]}_{01}$, ``z1`` → $z^{[1]}$, ``x[0]`` → $x_0$,
    ``ŷ`` → $\\hat y$. Text holding ``$`` is returned as it is.

    Examples
    --------
    >>> from backprop.figures.diagrams import math_label
    >>> math_label("x[0]"), math_label("W1[0,1]"), math_label("b2"), math_label("ŷ")
    ('$x_{0}$', '$W^{[1]}_{01}$', '$b^{[2]}$', '$\\\\hat{y}$')
    >>> math_label("a1[1]"), math_label("W1[10, 2]")
    ('$a^{[1]}_{1}$', '$W^{[1]}_{10,2}$')
    """
    if "$" in label:
        return label
    m = re.fullmatch(r"([^\W\d_]+?)(\d*)(?:\[([\d, ]+)\])?", label)
    if not m:
        return label
    name, layer, index = m.groups()
    tex = _HATS.get(name, name if len(name) == 1 else rf"\mathrm{{{name}}}")
    parts = (index or "").replace(" ", "").split(",") if index else []
    sub = ("" if all(len(p) == 1 for p in parts) else ",").join(parts)  # W_{01}, W_{10,2}
    out = tex + (f"^{{[{layer}]}}" if layer else "") + (f"_{{{sub}}}" if parts else "")
    return f"${out}$"


_HATS = {"ŷ": r"\hat{y}"}


def _op_symbol(op: str) -> str:
    if op.startswith("^"):  # (·)ⁿ: a dot for the base, no letter that could be taken for a name
        return rf"$(\cdot)^{{{op[1:]}}}$"
    return op


@functools.lru_cache(maxsize=4096)
def _measure(text: str, size: float) -> tuple[float, float]:
    """Width and height of ``text`` in points, as matplotlib typesets it (lines 1.2 apart)."""
    if "\n" in text:
        lines = [_measure(line, size) for line in text.split("\n")]
        return max(w for w, _ in lines), lines[-1][1] + 1.2 * size * (len(lines) - 1)
    w, h, _ = text_to_path.get_text_width_height_descent(text, FontProperties(size=size), ismath="$" in text)
    return float(w), max(float(h), 0.75 * size)


# -- computational graphs ------------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    """What the layout places: a value's shapes, or a bend of a long edge.

    Geometry is relative to the node's centre, in points, x to the right and y up.
    """

    kind: str  # "var" (a box), "op" (a circle), "pair" (circle, then box), "const" or "bend"
    value: Value | None = None
    name: str = ""  # in the box (var, pair), or the number (const)
    symbol: str = ""  # in the circle (op, pair)
    circle: tuple | None = None  # (x, y, r)
    box: tuple | None = None  # (x, y, w, h)
    numbers: tuple = ()  # ((x, y, ha, va), (x, y, ha, va)): where the value and the gradient go
    extent: tuple = (-3.0, -3.0, 3.0, 3.0)  # x0, y0, x1, y1 of the shapes and numbers
    shape_extent: tuple = (-3.0, -3.0, 3.0, 3.0)
    rank: int = 0
    pos: float = 0.0  # across the ranks
    tag: str = ""  # "-j": the artists of node j of output.nodes() have gids "node-j", "value-j", …


@dataclass(eq=False)
class _Edge:
    parent: Value
    child: Value
    k: int  # the edge feeds child.parents[k]
    src: _Node
    dst: _Node
    bends: list = field(default_factory=list)
    label_size: tuple = (0.0, 0.0)
    tag: str = ""  # "-i": edge i of output.edges() draws as "forward-i" or "backward-i", "local-i"

    @property
    def local(self) -> float:
        """∂child/∂parent, as the engine recorded it."""
        return self.child._local[self.k]


def graph(output: Value, backward=False, *, direction=None, sums=True, title=None, key=True, ax=None):
    """Draw the computational graph that ends at ``output``; return its figure.

    Every drawing of one graph, its forward pass and each stage of its backward pass,
    is the same picture: the room of every gradient and local derivative is kept before
    the backward pass writes them, so that nothing moves from one stage to the next.

    Parameters
    ----------
    output : Value
        The root. Every value it was computed from is drawn once.
    backward : bool, int or Value
        ``False``: the forward pass, values only, arrows from the inputs to ``output``.
        ``True``: the whole backward pass (call ``output.backward()`` first).
        An int ``k`` or a Value: the backward pass after its first ``k`` nodes, or up to
        and including that node, in the order it visits them (reverse topological).
    direction : {"right", "down"}, optional
        Inputs on the left and ``output`` on the right, as CS231n draws graphs, or inputs
        at the top and ``output`` at the bottom. By default "right" when that fits the
        text column, and "down" when it does not or on a phone (`style.layout()`), the
        ranks then kept to the width of the layout drawn.
    sums : bool
        Write the gradient of a value used more than once as the sum of the shares its
        arrows bring, ``4.105 = 2 + 2 + 0.105``.
    title : str, optional
    key : bool
        A line above the graph that says what the colours mean.
    ax : Axes, optional
        Draw here instead of in a new figure; the figure is resized to the diagram.

    Returns
    -------
    Figure
        Sized to its content, at most `style.width()` wide for graphs of a few dozen
        nodes.

    Notes
    -----
    The artists carry gids that name what they show, for tests and for anyone reading
    the SVG: with j the index of a value in ``output.nodes()`` and i the index of an
    edge in ``output.edges()``, ``node-j`` (its circle and/or box), ``name-j``,
    ``symbol-j``, ``const-j``, ``value-j``, ``grad-j``, ``forward-i`` or ``backward-i``
    (the arrow) and ``local-i`` (its local derivative).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.scalar import Value
    >>> from backprop.figures.diagrams import graph
    >>> a, b = Value(2.0, "a"), Value(-3.0, "b")
    >>> c = a * b + a
    >>> c.backward()
    >>> fig = graph(c, backward=True)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_gid().startswith("grad")]
    ['−2\\n= −3 + 1', '2', '1', '1']
    >>> plt.close(fig)
    """
    nodes = output.nodes()
    visited = _visited(output, nodes, backward)
    if backward is not False and output.grad != 1.0:
        raise ValueError("to draw gradients, call output.backward() first (output.grad is not 1)")
    if direction not in (None, "down", "right"):
        raise ValueError(f'direction is "right", "down" or None, got {direction!r}')
    # at most the text column's width, margins and the saved SVG's padding aside: 7.15 in
    # on a desktop, 3.7 on a phone
    pad = 2 * 3.0 + 2 * 72 * mpl.rcParams["savefig.pad_inches"]
    limit = (COLUMN_WIDTH if not style.phone() else style.PHONE_WIDTH) * 72 - pad
    tries = [
        (d, with_sums)
        for d in ([direction] if direction else ["right", "down"])
        for with_sums in (sums, False)
    ]
    if style.phone() and direction is None:
        tries = [t for t in tries if t[0] == "down"]
    layout = None
    for d, with_sums in dict.fromkeys(tries):  # the first that fits: left to right, with the sums
        for squeeze in (1.0, 0.94, 0.88, 0.82) if d == "down" else (1.0,):
            layout = _GraphLayout(nodes, d, with_sums, limit * squeeze)
            if layout.size[0] <= limit:
                break
        if layout.size[0] <= limit:
            break
    canvas = _Canvas(ax)
    layout.draw(canvas, output, visited)
    header = []
    if title:
        header.append([(title, INK, NAME_PT + 1)])
    if key:
        header.append(_key(output, backward is not False))
    return canvas.finish(header)


def _visited(output, nodes, backward) -> set[int]:
    """ids of the values the backward pass has visited."""
    order = nodes[::-1]
    if backward is False:
        return set()
    if backward is True:
        k = len(order)
    elif isinstance(backward, Value):
        ids = [id(v) for v in order]
        if id(backward) not in ids:
            raise ValueError(f"{backward!r} is not in the graph of {output!r}")
        k = ids.index(id(backward)) + 1
    elif isinstance(backward, int):
        k = backward
    else:
        raise TypeError(f"backward is a bool, an int or a Value, got {backward!r}")
    return {id(v) for v in order[:k]}


def _gradients(nodes) -> dict[int, float]:
    """∂output/∂node for every node (the output is the last), by the chain rule run
    backwards as `Value.backward` runs it, without touching the values' ``grad``."""
    grad = {id(v): 0.0 for v in nodes}
    grad[id(nodes[-1])] = 1.0
    for c in reversed(nodes):
        for p, local in zip(c.parents, c._local, strict=True):
            grad[id(p)] += grad[id(c)] * local
    return grad


class _GraphLayout:
    """A layered drawing (Sugiyama): ranks, bends for long edges, order in ranks, positions."""

    def __init__(self, nodes, direction, sums, limit=None):
        self.down = direction == "down"
        self.limit = limit
        self.grads = True  # the room of every gradient is kept, shown or not
        self.grad = _gradients(nodes)  # ∂output/∂node, as backward() computes it
        self.shares = {id(v): [] for v in nodes}  # ∂L/∂child · ∂child/∂parent, per edge out
        for c in nodes:
            for p, local in zip(c.parents, c._local, strict=True):
                self.shares[id(p)].append(self.grad[id(c)] * local)
        self.sums = sums
        self.along = np.array((0.0, -1.0) if self.down else (1.0, 0.0))  # the way values flow
        self.across = np.array((1.0, 0.0) if self.down else (0.0, -1.0))
        # a graph of a few nodes is one a reader studies edge by edge: give it room
        self.gap = _GAP * (1.5 if len(nodes) <= 8 else 1.0 if self.down else 0.85)
        self.label_pad = 16 if len(nodes) <= 8 else 8  # arrow to see either side of a label
        uses = {id(v): 0 for v in nodes}
        for c in nodes:
            for p in c.parents:
                uses[id(p)] += 1
        self.nodes, self.edges, of = [], [], {}
        for v in nodes:
            if not v.parents:
                node = _Node("var", v, math_label(v.label)) if v.label else _Node("const", v, number(v.data))
            else:
                kind = "pair" if v.label else "op"
                node = _Node(kind, v, math_label(v.label) if v.label else "", _op_symbol(v.op))
            self._shape(node, ends=max(uses[id(v)], len(v.parents)))
            node.tag = f"-{len(self.nodes)}"
            self.nodes.append(node)
            of[id(v)] = node
        for c in nodes:
            for k, p in enumerate(c.parents):
                self.edges.append(_Edge(p, c, k, of[id(p)], of[id(c)], tag=f"-{len(self.edges)}"))
        for e in self.edges:
            w, h = _measure(_local_text(e), NUMBER_PT)
            e.label_size = (w + 3, h + 3)
        users = self._rank(nodes, of)
        self._arrange()
        shared = [of[id(v)] for v in nodes if not v.parents and len(users[id(v)]) > 1]
        if self.down and limit and self.size[0] > limit and shared:
            for node in shared:  # too wide: inputs used twice move up, above the parameters
                node.rank -= 1
            self._arrange()
        if self.down and limit and self.size[0] > limit:
            self._narrow(limit)  # still too wide: taller instead
            self._arrange()

    # -- shapes -----------------------------------------------------------------------
    def _shape(self, node, ends):
        """Shapes large enough for their text and for ``ends`` arrows side by side."""
        parts = []
        if node.kind in ("op", "pair"):
            w, _ = _measure(node.symbol, NAME_PT)
            r = max(9.5, w / 2 + 3.5)
            node.circle = (0.0, 0.0, r)
            parts.append((-r, -r, r, r))
        if node.kind in ("var", "pair", "const"):
            w, h = _measure(node.name, NAME_PT if node.kind != "const" else NUMBER_PT)
            w, h = (max(w + 10, 20), max(h + 8, 18)) if node.kind != "const" else (w + 2, h + 4)
            if self.down:
                w = max(w, _PORT_STEP * (ends - 1) + 14)
            else:
                h = max(h, _PORT_STEP * (ends - 1) + 14)
            node.box = (0.0, 0.0, w, h)
            parts.append((-w / 2, -h / 2, w / 2, h / 2))
        if node.kind == "pair":  # the operator on the left, joined to the box of its result
            r, w = node.circle[2], node.box[2]
            total = 2 * r + _PAIR_GAP + w
            node.circle = (-total / 2 + r, 0.0, r)
            node.box = (total / 2 - w / 2, 0.0, w, node.box[3])
            parts = [(-total / 2, -r, total / 2 - w - _PAIR_GAP, r), _box_extent(node.box)]
        node.shape_extent = _union(parts)
        if node.kind == "const":
            node.extent = node.shape_extent
            return
        x1 = node.shape_extent[2]
        v = node.value
        value_w, value_h = _measure(number(v.data), NUMBER_PT)
        grad_w, grad_h = _measure(self.grad_text(v), NUMBER_PT) if self.grads else (0.0, 0.0)
        if self.down:  # both to the right, the value above the gradient
            x = x1 + _PAD
            node.numbers = ((x, _LINE, "left", "center"), (x, -_LINE, "left", "center"))
            parts.append((x, -_LINE - grad_h / 2, x + max(value_w, grad_w), _LINE + value_h / 2))
        else:  # the value above the node, the gradient under it, centred on the box or circle
            bx, by, _, bh = node.box if node.box else (0.0, 0.0, 0.0, 2 * node.circle[2])
            top, bottom = by + bh / 2 + _PAD, by - bh / 2 - _PAD
            node.numbers = ((bx, top, "center", "bottom"), (bx, bottom, "center", "top"))
            parts.append((bx - value_w / 2, top, bx + value_w / 2, top + value_h))
            if self.grads:
                parts.append((bx - grad_w / 2, bottom - grad_h, bx + grad_w / 2, bottom))
        node.extent = _union(parts)

    def grad_text(self, v) -> str:
        """The gradient; of a value used more than once, with the shares that add up to it."""
        shares = self.shares[id(v)]
        if not self.sums or len(shares) < 2:
            return number(self.grad[id(v)])
        terms = " + ".join(number(g) for g in shares).replace("+ −", "− ")
        # under a node (left to right), the sum on a line of its own: not as wide
        return f"{number(self.grad[id(v)])}{' ' if self.down else chr(10)}= {terms}"

    def _spans(self, extent):
        """(along_lo, along_hi, across_lo, across_hi) of an extent, in layout axes."""
        x0, y0, x1, y1 = extent
        return (-y1, -y0, x0, x1) if self.down else (x0, x1, -y1, -y0)

    # -- ranks, order, positions --------------------------------------------------------
    def _rank(self, nodes, of):
        """Longest path from the inputs; then each input right above its first use."""
        rank, users = {}, {id(v): [] for v in nodes}
        for v in nodes:
            rank[id(v)] = 1 + max((rank[id(p)] for p in v.parents), default=-1)
            for p in v.parents:
                users[id(p)].append(v)
        for v in nodes[:-1]:
            if not v.parents:
                rank[id(v)] = min(rank[id(c)] for c in users[id(v)]) - 1
        for v in nodes:
            of[id(v)].rank = rank[id(v)]
        return users

    def _rank_widths(self) -> dict[int, float]:
        """The packed width of every rank (nodes and the bends of long edges), in points."""
        widths = {}
        for n in self.nodes:
            if n.kind == "bend":
                continue  # counted below, with the edges
            across = self._spans(n.extent)
            widths[n.rank] = widths.get(n.rank, -_SEP) + across[3] - across[2] + _SEP
        for e in self.edges:
            for r in range(e.src.rank + 1, e.dst.rank):
                widths[r] = widths.get(r, -_SEP) + 6.0 + _SEP
        return widths

    def _narrow(self, limit):
        """Keep every rank within ``limit`` points: place the operations in the order they
        were computed, each in the first rank below its operands and the operation before
        it that has room for it (and, in the rank above, for the inputs only it uses);
        inputs used more than once go at the top. The graph grows taller instead of wider,
        and reads in the order it was computed."""
        self.nodes = [n for n in self.nodes if n.kind != "bend"]
        parents = {id(n): [] for n in self.nodes}
        users = {id(n): 0 for n in self.nodes}
        for e in self.edges:
            parents[id(e.dst)].append(e.src)
            users[id(e.src)] += 1
        order = self._reading_order(parents, users)
        for budget in (0.9, 0.8, 0.7, 0.6, 0.5):  # less, until the bends fit too
            self._schedule(order, parents, users, budget * limit)
            if max(self._rank_widths().values()) <= limit:
                return

    def _schedule(self, order, parents, users, room):
        used: dict[int, float] = {}

        def width(n):
            across = self._spans(n.extent)
            return across[3] - across[2]

        def fits(r, w):
            return used.get(r, -_SEP) + _SEP + w <= room

        def put(n, r):
            used[r] = used.get(r, -_SEP) + _SEP + width(n)
            n.rank = r

        placed = set()
        for n in self.nodes:
            if not parents[id(n)] and users[id(n)] > 1:
                put(n, 0)
                placed.add(id(n))
        last = 0
        for n in order:
            if not parents[id(n)]:
                continue
            own = [p for p in dict.fromkeys(parents[id(n)]) if id(p) not in placed]
            r = max([p.rank + 1 for p in parents[id(n)] if id(p) in placed] + [1 if own else 0, last])
            while not (fits(r, width(n)) and fits(r - 1, sum(width(p) + _SEP for p in own) - _SEP)):
                r += 1
            put(n, r)
            last = r  # never above the operation before: the graph reads in order
            for p in own:
                put(p, r - 1)
                placed.add(id(p))
            for p in parents[id(n)]:  # a long edge bends in every rank it crosses
                for between in range(p.rank + 1, r):
                    used[between] = used.get(between, -_SEP) + _SEP + 6.0
            placed.add(id(n))

    def _reading_order(self, parents, users):
        """The nodes in the order the graph was computed, each after its operands: the
        operands first whose own inputs come first by name, so that the first hidden unit
        is done before the second starts."""
        own = {}
        for n in self.nodes:  # the first label among the inputs only this node's sequel uses
            label = n.value.label if not parents[id(n)] else ""
            keys = [_natural(label)] if label else []
            keys += [own[id(p)] for p in parents[id(n)] if p.value.parents or users[id(p)] == 1]
            own[id(n)] = min((k for k in keys if k is not None), default=None)
        index = {id(n): k for k, n in enumerate(self.nodes)}
        order, seen = [], set()

        def visit(n):
            if id(n) in seen:
                return
            seen.add(id(n))
            for p in sorted(
                dict.fromkeys(parents[id(n)]),
                key=lambda p: (own[id(p)] is None, own[id(p)] or (), index[id(p)]),
            ):
                visit(p)
            order.append(n)

        visit(self.nodes[-1])
        return order

    def _arrange(self):
        self.nodes = [n for n in self.nodes if n.kind != "bend"]
        low = min(n.rank for n in self.nodes)
        for n in self.nodes:
            n.rank -= low
        for e in self.edges:
            e.bends = [_Node("bend", rank=r) for r in range(e.src.rank + 1, e.dst.rank)]
            self.nodes += e.bends
        self.ranks = {}
        for n in sorted(self.nodes, key=lambda n: n.rank):
            self.ranks.setdefault(n.rank, []).append(n)
        self._order()
        self._place()

    def _segments(self):
        return [ab for e in self.edges for ab in itertools.pairwise(_chain(e))]

    def _crossings(self, index):
        """How many pairs of segments between the same two ranks cross."""
        segments = self._segments()
        rank = np.array([a.rank for a, _ in segments])
        top = np.array([index[id(a)] for a, _ in segments])
        bottom = np.array([index[id(b)] for _, b in segments])
        crossing = (rank[:, None] == rank[None, :]) & (
            (top[:, None] - top[None, :]) * (bottom[:, None] - bottom[None, :]) < 0
        )
        return int(np.triu(crossing, 1).sum())

    def _order(self):
        """Barycentre sweeps down and up, and swaps of neighbours; keep the fewest crossings."""
        up, down = {id(n): [] for n in self.nodes}, {id(n): [] for n in self.nodes}
        for a, b in self._segments():
            down[id(a)].append(b)
            up[id(b)].append(a)
        ranks = sorted(self.ranks)
        index = {id(n): k for r in ranks for k, n in enumerate(self.ranks[r])}
        best = (self._crossings(index), {r: list(self.ranks[r]) for r in ranks})
        for sweep in range(8):
            order, near = (ranks[1:], up) if sweep % 2 == 0 else (ranks[-2::-1], down)
            for r in order:
                row = self.ranks[r]

                def barycentre(n, near=near):
                    ns = near[id(n)]
                    return sum(index[id(m)] for m in ns) / len(ns) if ns else index[id(n)]

                row.sort(key=barycentre)
                index.update({id(n): k for k, n in enumerate(row)})
            count = self._transpose(index)
            if count < best[0]:
                best = (count, {r: list(self.ranks[r]) for r in ranks})

        # A mirror image crosses as often: keep the one that reads in the order the values
        # were made (x₀ before x₁, the first unit before the second).
        def inversions(rows):
            named = [
                [_natural(n.value.label) for n in row if n.value is not None and n.value.label]
                for row in rows.values()
            ]
            return sum(a > b for row in named for a, b in itertools.combinations(row, 2) if a[0] == b[0])

        mirror = {r: row[::-1] for r, row in best[1].items()}
        self.ranks = mirror if inversions(mirror) < inversions(best[1]) else best[1]
        self.above, self.below = up, down

    def _transpose(self, index):
        """Swap neighbours within a rank while that removes crossings; return the count left."""
        count = self._crossings(index)
        improved = True
        while improved:
            improved = False
            for row in self.ranks.values():
                for k in range(len(row) - 1):
                    row[k], row[k + 1] = row[k + 1], row[k]
                    index[id(row[k])], index[id(row[k + 1])] = k, k + 1
                    swapped = self._crossings(index)
                    if swapped < count:
                        count, improved = swapped, True
                    else:
                        row[k], row[k + 1] = row[k + 1], row[k]
                        index[id(row[k])], index[id(row[k + 1])] = k, k + 1
        return count

    def _place(self):
        """Across: each node near the mean of its neighbours, in order, never overlapping.
        Along: each rank after the last one's extent, with room for arrows and labels."""
        spans = {id(n): self._spans(n.extent) for n in self.nodes}
        for row in self.ranks.values():
            x = 0.0
            for n in row:
                n.pos = x - spans[id(n)][2]
                x = n.pos + spans[id(n)][3] + _SEP
        ranks = sorted(self.ranks)
        # the widest rank, packed, sets the width: every rank stays inside that frame
        packed = {
            r: spans[id(row[-1])][3] + row[-1].pos - spans[id(row[0])][2] for r, row in self.ranks.items()
        }
        frame = 1.05 * max(packed.values())
        if self.limit:  # room to spread, within the width allowed
            frame = max(max(packed.values()), min(frame, self.limit - 6))
        for sweep in range(24):
            if sweep == 12:  # once the ranks have settled, centre the frame on them
                middle = np.mean([n.pos for n in self.nodes])
            for r in ranks if sweep % 2 == 0 else ranks[::-1]:
                row = self.ranks[r]
                targets = [
                    np.mean([m.pos for m in ns]) if (ns := self.above[id(n)] + self.below[id(n)]) else n.pos
                    for n in row
                ]
                gaps = [spans[id(a)][3] + _SEP - spans[id(b)][2] for a, b in itertools.pairwise(row)]
                bounds = None
                if sweep >= 12:
                    bounds = (
                        middle - frame / 2 - spans[id(row[0])][2],
                        middle + frame / 2 - spans[id(row[-1])][3],
                    )
                for n, p in zip(row, _spaced(targets, gaps, bounds), strict=True):
                    n.pos = p
        self.at, u = {}, 0.0
        for r in ranks:
            if r > ranks[0]:
                before = self.ranks[r - 1]
                crossing = [e for e in self.edges if e.src.rank < r <= e.dst.rank]
                label_w, label_h = np.max([e.label_size for e in crossing] + [(0.0, 0.0)], axis=0)
                # numbers must clear each other; shapes must leave room for an arrow and its label
                room = (
                    max(spans[id(n)][1] for n in before)
                    + self.gap
                    + max(-spans[id(n)][0] for n in self.ranks[r])
                )
                # flat edges are hard to follow and leave no room for labels: steepen them
                sideways = [abs(b.pos - a.pos) for a, b in self._segments() if b.rank == r]
                room = max(room, min(0.3 * max(sideways, default=0.0), 90.0))
                if any(f is not e and (f.src, f.dst) == (e.src, e.dst) for e in crossing for f in crossing):
                    room += 24  # twin arcs: their labels side by side
                if self.down:  # a label across the arrow, and some arrow to see on either side
                    room += max(0.0, label_h + 0.6 * self.gap - self.gap)
                else:
                    shape = [self._spans(n.shape_extent) for n in before]
                    shape_next = [self._spans(n.shape_extent) for n in self.ranks[r]]
                    room = max(
                        room,
                        max(s[1] for s in shape) + label_w + self.label_pad + max(-s[0] for s in shape_next),
                    )
                u += room
            self.at[r] = u
        boxes = [self._box(n, n.extent) for n in self.nodes]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        self.size = (max(b[2] for b in boxes) - x0, max(b[3] for b in boxes) - y0)

    def centre(self, n) -> np.ndarray:
        return self.at[n.rank] * self.along + n.pos * self.across

    def _box(self, n, extent):
        x, y = self.centre(n)
        return (x + extent[0], y + extent[1], x + extent[2], y + extent[3])

    # -- drawing ------------------------------------------------------------------------
    def draw(self, canvas, output, visited):
        """Every stage of the backward pass reserves the room of the whole pass, so that the
        stages of one graph are the same picture with more or fewer gradients."""
        done = {
            id(n): n.value is not None and id(n.value) in visited and n.kind != "const" for n in self.nodes
        }
        for n in self.nodes:
            if n.kind == "bend":
                continue
            canvas.node(n, self.centre(n), GRAD_COLOR if done[id(n)] else INK, n.value is output, n.tag)
            if n.numbers:
                (vx, vy, *value_align), (gx, gy, *grad_align) = n.numbers
                x, y = self.centre(n)
                value = number(n.value.data)
                canvas.text(x + vx, y + vy, value, VALUE_COLOR, NUMBER_PT, *value_align, gid="value" + n.tag)
                if self.grads:  # its room is kept before the pass reaches it
                    grad, shown = self.grad_text(n.value), done[id(n)]
                    canvas.text(
                        x + gx,
                        y + gy,
                        grad,
                        GRAD_TEXT,
                        NUMBER_PT,
                        *grad_align,
                        gid="grad" + n.tag,
                        shown=shown,
                    )
        ports = self._ports()
        paths = [self._path(e, ports) for e in self.edges]
        for e, path in zip(self.edges, paths, strict=True):
            canvas.edge(path, done[id(e.src)], e.tag)
        points = [_curve_points(path) for path in paths]
        for i, (e, path) in enumerate(zip(self.edges, paths, strict=True)):
            if self.grads and e.src.kind != "const":
                others = np.concatenate([q for j, q in enumerate(points) if j != i] + [np.empty((0, 2))])
                canvas.edge_label(path, _local_text(e), others, shown=done[id(e.src)], tag=e.tag)

    def _ports(self):
        """Where each edge leaves and enters: spread over the side, in the order of where it leads."""
        ports, outs, ins = {}, {}, {}
        for e in self.edges:
            chain = _chain(e)
            outs.setdefault(id(e.src), []).append((chain[1].pos, e))
            ins.setdefault(id(e.dst), []).append((chain[-2].pos, e))
        for n in self.nodes:
            if n.kind == "bend":
                continue
            for side, ends in ((1, outs.get(id(n), [])), (-1, ins.get(id(n), []))):
                ends.sort(key=lambda pe: pe[0])
                # edges come into the operator and leave from the box of the result
                circle = n.circle is not None and (side == -1 or n.box is None)
                if circle:
                    cx, cy, r = n.circle
                    breadth = 2 * r
                else:
                    cx, cy, w, h = n.box
                    breadth = w if self.down else h
                step = min(_PORT_STEP, 0.6 * breadth / max(len(ends) - 1, 1))
                for j, (_, e) in enumerate(ends):
                    o = (j - (len(ends) - 1) / 2) * step
                    depth = math.sqrt(max(r * r - o * o, 0.0)) if circle else (h if self.down else w) / 2
                    ports[(id(e), side)] = (
                        self.centre(n) + (cx, cy) + o * self.across + side * depth * self.along
                    )
        return ports

    def _path(self, e, ports):
        """Cubic curves through the edge's bends, leaving and arriving along the flow."""
        points = [ports[(id(e), 1)], *(self.centre(b) for b in e.bends), ports[(id(e), -1)]]
        twins = [f for f in self.edges if f.src is e.src and f.dst is e.dst]
        bow = 0.0
        if len(twins) > 1:  # x * x: a lens of arcs, on the side away from the source's other edges
            others = [f.dst.pos for f in self.edges if f.src is e.src and f.dst is not e.dst]
            side = 0.0 if not others else -np.sign(np.mean(others) - e.dst.pos) * 0.5
            bow = (twins.index(e) - (len(twins) - 1) / 2 + side) * 36.0
        verts = [points[0]]
        for a, b in itertools.pairwise(points):
            h = 0.5 * float(np.dot(b - a, self.along)) * self.along
            verts += [a + h + bow * self.across, b - h + bow * self.across, b]
        return Path(np.array(verts), [Path.MOVETO] + [Path.CURVE4] * (len(verts) - 1))


def _natural(label):
    """A label as a sort key: its letters, then its numbers (``W1[1,0]`` → ("W", 1, 1, 0))."""
    return (re.sub(r"[^A-Za-zŷ]", "", label), *map(int, re.findall(r"\d+", label)))


def _chain(e):
    return [e.src, *e.bends, e.dst]


def _local_text(e) -> str:
    return "×" + number(e.local)


def _box_extent(box):
    x, y, w, h = box
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _union(extents):
    return (
        min(e[0] for e in extents),
        min(e[1] for e in extents),
        max(e[2] for e in extents),
        max(e[3] for e in extents),
    )


def _spaced(targets, gaps, bounds=None):
    """Positions closest to ``targets`` (least squares) with ``x[i+1] - x[i] >= gaps[i]``,
    and, given ``bounds``, ``x[0] >= bounds[0]`` and ``x[-1] <= bounds[1]``.

    Subtracting the cumulative gaps turns this into isotonic regression, which the
    pool-adjacent-violators algorithm solves exactly; with bounds, clipping its
    solution stays exact.
    """
    offsets = np.concatenate([[0.0], np.cumsum(gaps)])
    blocks = []  # [mean, count]
    for t in np.asarray(targets, dtype=float) - offsets:
        blocks.append([t, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, w2), (m1, w1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2])
    y = np.repeat([m for m, _ in blocks], [w for _, w in blocks])
    if bounds is not None and bounds[0] <= bounds[1] - offsets[-1]:
        y = np.clip(y, bounds[0], bounds[1] - offsets[-1])
    return list(y + offsets)


def _key(output, grads):
    """What the colours mean; without gradients, their part keeps its room unwritten (no
    colour), so that the forward pass and the backward stages have one layout."""
    name = math_label(output.label).strip("$") if output.label else r"\mathrm{out}"
    parts = [("value", VALUE_COLOR, NUMBER_PT)]
    grad_color = GRAD_TEXT if grads else None
    parts += [(rf"gradient $\partial {name}/\partial$(node)", grad_color, NUMBER_PT)]
    parts += [("×local derivative, along an arrow", grad_color, NUMBER_PT)]
    return parts


# -- network diagrams ---------------------------------------------------------------------

_ROW = 34  # between the centres of neighbouring units in a column
_NET_STEP = 5.5  # between arrowheads side by side


def network(n_inputs=2, n_hidden=3, activation=None, *, title=None, ax=None):
    """Draw a two-layer network with one output and its loss; return the figure.

    Inputs x₁ … xₙ on the left feed the hidden units z₁ … zₕ through the weights
    $W^{[1]}$, and a constant 1 feeds them through the biases $b^{[1]}$; with an
    activation, each z_k passes through it to give a_k. The hidden values feed ŷ through
    $w^{[2]}$ and $b^{[2]}$, and ŷ and the target y give the loss L. Above the columns,
    the equation each one computes, in the book's notation. Shapes as in ``graph``:
    variables in rounded boxes, operations in circles, constants plain.

    Parameters
    ----------
    n_inputs, n_hidden : int
        n and h, the widths of the input and hidden layers.
    activation : str or None
        ``None`` for the linear network of chapter 4, or the symbol of the function
        applied to each hidden value, e.g. ``"σ"`` for chapter 5.
    title : str, optional
    ax : Axes, optional
        Draw here instead of in a new figure; the figure is resized to the diagram.

    Returns
    -------
    Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from backprop.figures.diagrams import network
    >>> fig = network(2, 3, activation="σ")
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid() == "parameter")
    ['$W^{[1]}$', '$b^{[1]}$', '$b^{[2]}$', '$w^{[2]}$']
    >>> plt.close(fig)
    """
    if n_inputs < 1 or n_hidden < 1:
        raise ValueError(
            f"a network needs at least one input and one hidden unit, got {n_inputs} and {n_hidden}"
        )
    canvas = _Canvas(ax)
    rows = max(n_inputs, n_hidden)

    def column(n, x):
        """n units centred on y = 0; a shorter column spreads out a little, so edges fan less steeply."""
        spacing = _ROW * math.sqrt(max(rows / n, 1.0))
        return [(x, ((n - 1) / 2 - j) * spacing) for j in range(n)]

    z_eq, a_eq = r"$z = W^{[1]} x + b^{[1]}$", rf"$a = {_math_symbol(activation)}(z)$"
    y_eq = r"$\hat{y} = w^{[2]} a + b^{[2]}$" if activation else r"$\hat{y} = w^{[2]} z + b^{[2]}$"
    xs = [_net_node("var", f"$x_{{{j + 1}}}$") for j in range(n_inputs)]
    zs = [_net_node("var", f"$z_{{{k + 1}}}$", fan_in=n_inputs + 1) for k in range(n_hidden)]
    acts = [_net_node("pair", f"$a_{{{k + 1}}}$", activation) for k in range(n_hidden)] if activation else []
    ones = [_net_node("const", "1"), _net_node("const", "1")]
    yhat = _net_node("var", r"$\hat{y}$", fan_in=n_hidden + 1)
    target, loss = _net_node("var", "$y$"), _net_node("var", "$L$", fan_in=2)

    # On a phone the columns close up, and the equations go above the picture (for a
    # network of a few units: the arrows of a taller one need the desktop's room).
    compact = style.phone() and rows <= 4
    room = _eq_room if not compact else (lambda left, right: 0.0)
    at = {}
    at.update(zip(map(id, xs), column(n_inputs, 0.0), strict=True))
    hidden_x = 105.0 if not compact else 60.0
    at.update(zip(map(id, zs), column(n_hidden, hidden_x), strict=True))
    last = zs
    if activation:  # far enough for the arrow z → σ, and for the two equations above
        act_x = hidden_x + max(
            zs[0].box[2] / 2 + (24 if not compact else 18) + acts[0].extent[2], room(z_eq, a_eq)
        )
        at.update(zip(map(id, acts), column(n_hidden, act_x), strict=True))
        last = acts
    bottom = min(y for _, y in at.values()) - _ROW
    out_x = at[id(last[0])][0] + max(
        last[0].extent[2] + (100 if not compact else 40), room(a_eq if activation else z_eq, y_eq)
    )
    at[id(ones[0])] = (0.0, bottom)
    at[id(ones[1])] = (at[id(last[0])][0], bottom)
    at[id(yhat)] = (out_x, 0.0)
    below = -(yhat.box[3] / 2 + 14 + target.box[3] / 2)  # the target right under ŷ
    at[id(target)] = (out_x, below)
    at[id(loss)] = (out_x + (64 if not compact else 46), below / 2)

    for n in [*xs, *zs, *acts, *ones, yhat, target, loss]:
        canvas.node(n, np.array(at[id(n)]), INK, n is loss)

    def arrows(sources, targets):
        """Straight arrows from every source to every target, their ends spread on the sides."""
        paths = []
        for t_index, t in enumerate(targets):
            for s_index, src in enumerate(sources):
                (sx, sy), (tx, ty) = at[id(src)], at[id(t)]
                start = (sx + _right(src), sy + _spread(t_index, len(targets), src))
                end = (tx - _left(t), ty + _spread(s_index, len(sources), t))
                path = Path([start, end])
                canvas.edge(path, back=False)
                paths.append(path)
        return paths

    first = arrows(xs, zs)
    bias1 = arrows([ones[0]], zs)
    if activation:
        for z, a in zip(zs, acts, strict=True):
            arrows([z], [a])
    second = arrows(last, [yhat])
    bias2 = arrows([ones[1]], [yhat])
    arrows([yhat, target], [loss])

    canvas.parameter(r"$W^{[1]}$", first, above=True)
    canvas.parameter(r"$b^{[1]}$", bias1, above=False)
    canvas.parameter(r"$w^{[2]}$", second, above=True)
    canvas.parameter(r"$b^{[2]}$", bias2, above=False)

    top = max(y for _, y in at.values()) + _ROW * 0.75
    equations = [(z_eq, hidden_x), (y_eq, out_x)] + ([(a_eq, at[id(acts[0])][0])] if activation else [])
    header = [[(title, INK, NAME_PT + 1)]] if title else []
    if compact:  # the equations, in the order they are computed, above the picture
        header.append([(text, INK, NUMBER_PT) for text, _ in sorted(equations, key=lambda e: e[1])])
    else:
        for text, x in equations:  # what each column computes, in the chapter's notation
            canvas.text(x, top, text, INK, NUMBER_PT, "center", "bottom", gid="equation")
        top += 16
    hidden = "hidden layer" if not compact else "hidden"
    heads = [("input", 0.0), (hidden, (hidden_x + at[id(last[0])][0]) / 2), ("output", out_x)]
    heads.append(("loss", at[id(loss)][0]))
    for text, x in heads:
        canvas.text(x, top, text, "0.35", NUMBER_PT, "center", "bottom", gid="heading")
    return canvas.finish(header)


def _math_symbol(activation):
    return {"σ": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{relu}"}.get(activation, activation or "")


def _eq_room(left, right):
    """Distance between the centres of two equations written side by side."""
    return (_measure(left, NUMBER_PT)[0] + _measure(right, NUMBER_PT)[0]) / 2 + 14


def _net_node(kind, name, symbol="", fan_in=1):
    """A unit: tall enough that ``fan_in`` arrowheads fit side by side on its left."""
    n = _Node(kind, name=name, symbol=symbol)
    w, h = _measure(name, NAME_PT if kind != "const" else NUMBER_PT)
    w, h = (
        (max(w + 10, 22), max(h + 8, 20, _NET_STEP * (fan_in - 1) / 0.8))
        if kind != "const"
        else (w + 4, h + 4)
    )
    n.box = (0.0, 0.0, w, h)
    if kind == "pair":
        r = max(9.5, _measure(symbol, NAME_PT)[0] / 2 + 3.5)
        total = 2 * r + _PAIR_GAP + w
        n.circle = (-total / 2 + r, 0.0, r)
        n.box = (total / 2 - w / 2, 0.0, w, h)
        n.extent = (-total / 2, -h / 2, total / 2, h / 2)
    else:
        n.extent = (-w / 2, -h / 2, w / 2, h / 2)
    return n


def _right(n):
    return n.extent[2]


def _left(n):
    return -n.extent[0]


def _spread(i, count, n):
    """Offset of end ``i`` of ``count`` on a side of node ``n``, top to bottom."""
    h = n.box[3] if n.kind != "pair" else 2 * n.circle[2]
    step = min(_NET_STEP, 0.8 * h / max(count - 1, 1))
    return ((count - 1) / 2 - i) * step


# -- drawing in points --------------------------------------------------------------------


class _Canvas:
    """An Axes whose data unit is the point, so that shapes and text share one scale."""

    def __init__(self, ax=None):
        self.own = ax is None
        if ax is None:
            self.fig = plt.figure()
            self.ax = self.fig.add_axes((0, 0, 1, 1))
        else:
            self.ax, self.fig = ax, ax.get_figure()
        self.ax.set_axis_off()
        self.extents = []  # of everything drawn: the figure's size
        self.obstacles = []  # what a label on an edge must not cover

    def _add(self, patch):
        # add_artist, not add_patch: the limits are set once at the end, and recomputing
        # them for every arrow would cost most of the drawing time. Unclipped: the limits
        # hold everything drawn, and a clip path named on every shape weighs on the SVG.
        patch.set_clip_on(False)
        self.ax.add_artist(patch)

    def _drawn(self, extent, obstacle=True):
        self.extents.append(extent)
        if obstacle:
            self.obstacles.append(extent)

    def node(self, n, centre, outline, emphasis, tag=""):
        x, y = centre
        lw = 1.6 if outline == GRAD_COLOR else (1.5 if emphasis else 0.9)
        if n.circle:
            cx, cy, r = n.circle
            self._add(Circle((x + cx, y + cy), r, fc=OP_FACE, ec=outline, lw=lw, zorder=3, gid="node" + tag))
            self.text(x + cx, y + cy, n.symbol, INK, NAME_PT, "center", "center", gid="symbol" + tag)
            self._drawn((x + cx - r, y + cy - r, x + cx + r, y + cy + r))
        if n.box:
            bx, by, w, h = n.box
            const = n.kind == "const"
            patch = FancyBboxPatch(
                (x + bx - w / 2, y + by - h / 2),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=5",
                zorder=3,
                gid="node" + tag,
            )
            patch.set(fc="white" if const else VAR_FACE, ec="none" if const else outline, lw=lw)
            self._add(patch)
            size, color = (NUMBER_PT, INK) if const else (NAME_PT, INK)
            self.text(
                x + bx,
                y + by,
                n.name,
                color,
                size,
                "center",
                "center",
                gid=("const" if const else "name") + tag,
            )
            self._drawn(_box_extent((x + bx, y + by, w, h)))
        if n.kind == "pair":  # the operator's output is the box's value
            (cx, _, r), (bx, _, w, _) = n.circle, n.box
            line = Line2D([x + cx + r, x + bx - w / 2], [y, y], color=outline, lw=lw, zorder=2.5)
            self._add(line)

    def text(self, x, y, s, color, size, ha, va, gid, shown=True):
        """Write ``s``; not ``shown``, only keep its room."""
        t = (
            self.ax.text(x, y, s, color=color, fontsize=size, ha=ha, va=va, zorder=5, gid=gid)
            if shown
            else None
        )
        w, h = _measure(s, size)
        x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
        y0 = {"bottom": y, "top": y - h, "center": y - h / 2, "baseline": y - 0.2 * h}[va]
        self._drawn((x0, y0, x0 + w, y0 + h))
        return t

    def edge(self, path, back, tag=""):
        head = ",head_length=5,head_width=2.6"
        style, color, lw = ("<|-" + head, GRAD_COLOR, 1.3) if back else ("-|>" + head, EDGE_COLOR, 1.0)
        arrow = FancyArrowPatch(
            path=path,
            arrowstyle=style,
            color=color,
            lw=lw,
            zorder=2,
            gid=("backward" if back else "forward") + tag,
        )
        self._add(arrow)
        v = path.vertices
        self._drawn((v[:, 0].min(), v[:, 1].min(), v[:, 0].max(), v[:, 1].max()), obstacle=False)
        return arrow

    def parameter(self, name, paths, above, at=None):
        """Name the parameter that a bundle of edges carries, above or below the bundle,
        ``at`` a fraction of its length (by default half way above, 0.3 below)."""
        points = np.concatenate([p.vertices for p in paths])
        x0, x1 = points[:, 0].min(), points[:, 0].max()
        x = x0 + (at if at is not None else 0.5 if above else 0.3) * (x1 - x0)
        w = _measure(name, NAME_PT)[0]
        under = np.linspace(x - w / 2 - 2, x + w / 2 + 2, 9)  # clear every edge under the whole name
        ys = [np.interp(under, *p.vertices[np.argsort(p.vertices[:, 0])].T) for p in paths]
        y = np.max(ys) + 3 if above else np.min(ys) - 3
        self.text(x, y, name, INK, NAME_PT, "center", "bottom" if above else "top", gid="parameter")

    def edge_label(self, path, s, other_edges, shown=True, tag=""):
        """Write ``s`` on the path: where it covers no node, number or label, then where the
        fewest other edges run under it, then nearest the middle."""
        w, h = _measure(s, NUMBER_PT)
        w, h = w + 3, h + 3
        points = _curve_points(path)

        def cost(t):
            x, y = points[round(t * (len(points) - 1))]
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            covered = sum(_overlap(box, o) for o in self.obstacles)
            crossed = np.sum(
                (np.abs(other_edges[:, 0] - x) < w / 2) & (np.abs(other_edges[:, 1] - y) < h / 2)
            )
            return (covered, crossed, abs(t - 0.5))

        best = min(np.linspace(0.15, 0.85, 15), key=cost)
        x, y = points[round(best * (len(points) - 1))]
        t = self.text(x, y, s, GRAD_TEXT, NUMBER_PT, "center", "center", gid="local" + tag, shown=shown)
        if t:
            t.set_bbox(dict(boxstyle="square,pad=0.12", fc="white", ec="none"))

    def finish(self, header_lines, margin=3.0):
        """Size the figure to what was drawn, with ``header_lines`` (title, key) above it."""
        x0, y0, x1, top = _union(self.extents)
        x0, y0, x1 = x0 - margin, y0 - margin, x1 + margin
        top += 4
        lines = [line for parts in header_lines for line in _wrap(parts, x1 - x0 - 2 * margin)]
        for parts in lines[::-1]:
            size = max(p[2] for p in parts)
            y, x = top + 0.3 * size, x0 + margin
            for s, color, sz in parts:
                if color is not None:  # no colour: the part's room, kept unwritten
                    self.ax.text(x, y, s, color=color, fontsize=sz, ha="left", va="baseline", gid="header")
                x += _measure(s, sz)[0] + _HEADER_SEP
            top = y + size
            x1 = max(x1, x - _HEADER_SEP + margin)
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, top + margin)
        self.ax.set_aspect("equal")
        w, h = (x1 - x0) / 72, (top + margin - y0) / 72
        if self.own:
            self.fig.set_size_inches(w, h)
            return self.fig
        # An Axes of the caller's: leave tight_layout's padding around it, so that a
        # fig.tight_layout() afterwards keeps the Axes, and the diagram, at 1 pt per point.
        pad = 1.08 * mpl.rcParams["font.size"] / 72
        self.fig.set_size_inches(w + 2 * pad, h + 2 * pad)
        left, bottom = pad / (w + 2 * pad), pad / (h + 2 * pad)
        if self.ax.get_subplotspec() is not None:
            self.fig.subplots_adjust(left=left, right=1 - left, bottom=bottom, top=1 - bottom)
        else:
            self.ax.set_position((left, bottom, 1 - 2 * left, 1 - 2 * bottom))
        return self.fig


_HEADER_SEP = 14


def _wrap(parts, width):
    """Lines of (text, colour, size) parts no wider than ``width``; a title wraps at words."""
    if len(parts) == 1:
        text, color, size = parts[0]
        lines, line = [], ""
        for word in text.split(" "):
            if line and _measure(f"{line} {word}", size)[0] > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return [[(line, color, size)] for line in [*lines, line]]
    lines, x = [[]], 0.0
    for part in parts:
        w = _measure(part[0], part[2])[0]
        if lines[-1] and x + w > width:
            lines.append([])
            x = 0.0
        lines[-1].append(part)
        x += w + _HEADER_SEP
    return lines


def _curve_points(path, n=16):
    """Points along a path of cubic segments, ``n`` per segment."""
    v = path.vertices
    t = np.linspace(0, 1, n, endpoint=False)[:, None]
    out = []
    for i in range(0, len(v) - 1, 3):
        p0, p1, p2, p3 = v[i : i + 4]
        out += list((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3)
    out.append(v[-1])
    return np.array(out)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
