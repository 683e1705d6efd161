"""Explorable figures: the reader sets a parameter with a slider, the figure answers at once.

A block ```` ```python figure explorable caption="..." alt="..." ```` draws one frame per
setting of its sliders, tagging each frame's artists with ``plot.frame(k, ..., stay=False)``,
and declares the sliders with ``plot.explorable(fig, sliders, texts, still)``: every path,
loss and number of every frame is computed here, at build time, by the package; the
browser only picks a frame (docs/assets/javascripts/explorable.js). No server, no
JavaScript re-implementing the math.

The figure is drawn in the four variants of every figure (scripts/figure_variants.py:
desktop and phone, light and dark), each saved twice. Its still, the setting the caption
states, is what the page shows (as any figure, the variant of the reader's palette and
width), and what print and the notebook show. Every frame goes into a second file,
``-frames.svg``, with the sentence of each setting (the setting and its result: shown
under the figure, read out by screen readers); when the reader reaches for a slider (a
pointer over the figure, the focus, a touch), the page's script has figures.js fetch the
frames of the variant shown, put them in the page in place of the still, and swap them
when the palette or the width changes; the sliders show one frame at a time. A reader who
never moves a slider loads the still alone: a page weighs what a reader sees.
"""

from __future__ import annotations

import html
import itertools
import json
import re

import figure_variants
import literate

FRAME = re.compile(r'<g data-only="(\d+)"')  # a frame's group, as figure_variants marks it


def declared(fig, block: literate.Block, where: str) -> dict:
    """The figure's sliders, texts and still, as `plot.explorable` declared them, checked:
    the caption must state the still's setting."""
    meta = getattr(fig, "_bp_explorable", None)
    if meta is None:
        raise literate.ChapterError(
            f"{where}: an explorable figure calls plot.explorable(fig, sliders, texts, still) "
            "after drawing its frames"
        )
    texts = [s["texts"][i] for s, i in zip(meta["sliders"], _indices(meta, meta["still"]), strict=True)]
    missing = [t for t in texts if t not in block.caption]
    if missing:
        raise literate.ChapterError(
            f"{where}: the caption must state the setting of the still, which print and the "
            f"notebook show: {', '.join(repr(t) for t in missing)}"
        )
    return meta


def split(svg: str, meta: dict) -> tuple[str, str]:
    """One variant's SVG, every frame in it, made into the still (every frame's group but
    the still's left out) and the frames (every frame, each setting's sentence in the
    root's ``data-texts``), both written shorter (`_lighter`)."""
    # matplotlib names every group (figure_1, axes_1, text_5, ...), which nothing refers
    # to: inline beside another figure of the page, the names would be there twice.
    svg = re.sub(r'<g id="[A-Za-z][\w.]*_\d+"/>', "", svg)  # an empty one: nothing
    svg = re.sub(r'<g id="[A-Za-z][\w.]*_\d+">', "<g>", svg)
    svg = _lighter(svg)
    texts = f' data-texts="{_attribute(meta["texts"])}"'
    frames = re.sub(r"<svg\b", lambda m: m[0] + texts, svg, count=1)
    return _without_frames(svg, but=meta["still"]), frames


TAG = re.compile(r"<g\b[^>]*(?<!/)>|</g>")  # a group's start and end tags (not an empty <g/>)


def _without_frames(svg: str, but: int) -> str:
    """The SVG without the groups of its frames (and what is inside them) but frame ``but``."""
    out, pos = [], 0
    for start in FRAME.finditer(svg):
        if start.start() < pos or int(start[1]) == but:
            continue
        out.append(svg[pos : start.start()])
        depth = 0
        for tag in TAG.finditer(svg, start.start()):
            depth += 1 if tag[0].startswith("<g") else -1
            if depth == 0:
                pos = tag.end()
                break
    out.append(svg[pos:])
    return "".join(out)


PATH_DATA = re.compile(r'(<path (?:id="[^"]*" )?d=")([^"]*)(")')  # matplotlib: d first, or after a glyph's id
POLYLINES = re.compile(r"(?:[ML] -?[\d.]+ -?[\d.]+ ?)+")


def _lighter(svg: str) -> str:
    """The figure written shorter, drawing the same. Its straight lines, a path of frames
    its bulk: points to 0.1 pt (0.13 px), a point left out where it lies within a third
    of a pixel of the one before (a run that has converged) or on the straight line
    between its neighbours, and each point written as the step from the one before, as
    SVG allows. Its other paths (curves, and the glyphs' outlines) without the spaces SVG
    does not need; no groups without attributes, no comments (matplotlib's copy of each
    text), no line breaks."""
    svg = PATH_DATA.sub(_polylines, svg)
    svg = PATH_DATA.sub(lambda m: m[1] + re.sub(r"\s*([A-Za-z])\s*", r"\1", m[2]).strip() + m[3], svg)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return re.sub(r">\n+<", "><", _without_bare_groups(svg)).replace("\n", " ")


def _without_bare_groups(svg: str) -> str:
    """The SVG without its ``<g>`` tags that have no attributes (and so no effect), their
    content kept."""
    out, pos, bare = [], 0, []  # bare: for each open group, whether it is dropped
    for tag in TAG.finditer(svg):
        if tag[0] == "</g>":
            dropped = bare.pop()
        else:
            dropped = tag[0] == "<g>"
            bare.append(dropped)
        if dropped:
            out.append(svg[pos : tag.start()])
            pos = tag.end()
    return "".join(out) + svg[pos:]


def _polylines(m: re.Match) -> str:
    """Path data made of straight lines only (M and L commands), shorter; any other path
    (curves, closed shapes) as it is."""
    data = " ".join(m[2].split())
    if not POLYLINES.fullmatch(data + " "):
        return m[0]
    words = data.split()
    runs: list[list[tuple[float, float]]] = []
    for i in range(0, len(words), 3):
        point = (round(float(words[i + 1]), 1), round(float(words[i + 2]), 1))
        if words[i] == "M":
            runs.append([point])
        else:
            runs[-1].append(point)
    runs = [run for run in map(_fewer_points, runs) if len(run) > 1]
    if not runs:
        return m[0]  # a lone point, which the line's caps draw
    # Tenths of a point as integers, so that each step from one point to the next is exact.
    text = ""
    for run in runs:
        tenths = [(round(x * 10), round(y * 10)) for x, y in run]
        steps = [(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(tenths)]
        text += f"M{_numbers(tenths[0])}l{_numbers(*steps)}"
    return f"{m[1]}{text}{m[3]}"


def _fewer_points(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points of a polyline without those within a quarter of a point (a third of a
    pixel) of the one kept before, but the last, or on the straight line between the
    points kept around them."""
    kept, skipped = [points[0]], []  # skipped: the points since the last kept but one
    for i, p in enumerate(points[1:], start=1):
        near = abs(p[0] - kept[-1][0]) + abs(p[1] - kept[-1][1]) < 0.25  # a third of a pixel
        if near and i < len(points) - 1:
            continue
        if len(kept) > 1 and all(_between(kept[-2], q, p) for q in [*skipped, kept[-1]]):
            skipped.append(kept[-1])
            kept[-1] = p
        else:
            kept.append(p)
            skipped = []
    return kept


def _numbers(*pairs) -> str:
    """Tenths as SVG writes numbers shortest: 15 -> 1.5, -5 -> -.5, a space only where a
    minus sign does not already separate two numbers."""
    out = ""
    for value in (v for pair in pairs for v in pair):
        text = f"{value / 10:g}" if value % 10 else str(value // 10)
        text = text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text
        out += text if not out or text.startswith("-") else " " + text
    return out


def _between(a, b, c, tolerance=0.05) -> bool:
    """Whether b lies on the segment from a to c, within ``tolerance`` pt."""
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    length = ((cx - ax) ** 2 + (cy - ay) ** 2) ** 0.5
    if length == 0:
        return False
    off = abs((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / length
    along = ((bx - ax) * (cx - ax) + (by - ay) * (cy - ay)) / length**2
    return off <= tolerance and 0 <= along <= 1


def figure_html(
    block: literate.Block,
    meta: dict,
    variants: tuple[dict, dict, dict, str | None],
    caption: str,
    ident: str,
    chapter: str | None = None,
) -> str:
    """The figure on the page: its still, as two pictures (light and dark, each with its
    phone layout: figure_variants.picture_html), the sliders, the text of the setting;
    ``variants`` is (the stills' URIs, the frames' URIs, their sizes, the phone's media
    query), by (layout, scheme). On a notebook's page, a link to the figure on the
    ``chapter``'s page, and the still, shown on request: the notebook's page carries its
    chapter's code as well as its prose, and weighs more."""
    uris, frames, sizes, media = variants
    # No link around the still: a click on the figure reaches for its sliders.
    pictures = re.sub(r"</?a\b[^>]*>", "", figure_variants.picture_html(uris, sizes, media, block.alt))
    pictures = pictures.replace('<picture class="', '<picture class="bp-figure ')
    if chapter is not None:
        link = f'<a href="{chapter}#{block.id}">the chapter\'s page</a>' if block.id else "the chapter's page"
        return (
            f'<figure class="bp-explorable-figure"{ident}>\n'
            f'<p class="bp-explorable__elsewhere">Its sliders are on {link}.</p>\n'
            f'<details class="bp-explorable__still"><summary>The still</summary>{pictures}</details>\n'
            f"{caption}\n</figure>"
        )
    prefix = f"x{block.line}"  # the sliders' ids, apart from another explorable's
    still = _indices(meta, meta["still"])
    controls = []
    for i, (slider, at) in enumerate(zip(meta["sliders"], still, strict=True)):
        sid = f"{prefix}-slider-{i}"
        last = len(slider["values"]) - 1
        marks = "".join(
            f'<span class="bp-explorable__mark" style="--at: {pos / last:.4f}">{html.escape(text)}</span>'
            for pos, text in slider["marks"]
        )
        if marks:
            marks = f'<span class="bp-explorable__marks" id="{sid}-marks">{marks}</span>'
        setting = html.escape(slider["texts"][at])
        controls.append(
            f'<div class="bp-explorable__slider"><label for="{sid}">{html.escape(slider["label"])}</label>'
            f'<span class="bp-explorable__track"><input type="range" id="{sid}" min="0" max="{last}" '
            f'step="1" value="{at}" aria-valuetext="{setting}" data-texts="{_attribute(slider["texts"])}"'
            + (f' aria-describedby="{sid}-marks">' if marks else ">")
            + f'{marks}</span><output class="bp-explorable__value" for="{sid}" aria-hidden="true">'
            f"{setting}</output></div>"
        )
    # What figures.js needs to fetch the frames of the variant shown (figure_variants.live_html).
    data = figure_variants.variant_data(frames, sizes, media)
    return (
        f'<figure class="bp-explorable-figure"{ident}>\n'
        f'<div class="bp-explorable" data-search-exclude>\n'
        f'<div class="bp-explorable__figure" data-alt="{html.escape(block.alt)}" '
        f"{' '.join(data)}>{pictures}</div>\n"
        f'<div class="bp-explorable__controls">{"".join(controls)}</div>\n'
        f'<p class="bp-explorable__text" role="status" aria-live="polite">'
        f"{html.escape(meta['texts'][meta['still']])}</p>\n"
        f"</div>\n{caption}\n</figure>"
    )


def _attribute(texts: list[str]) -> str:
    """A list of texts as JSON, for an attribute in double quotes."""
    return html.escape(json.dumps(texts, ensure_ascii=False))


def _indices(meta: dict, k: int) -> list[int]:
    """The sliders' positions of setting ``k`` (row-major: the last slider fastest)."""
    out = []
    for slider in reversed(meta["sliders"]):
        k, i = divmod(k, len(slider["values"]))
        out.append(i)
    return out[::-1]
