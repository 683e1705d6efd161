// The print page (print_page/, made by mkdocs-print-site-plugin) as a book: what a reader
// clicks on the site is laid out flat on paper. Loaded by that page only (see
// scripts/pdf_hook.py), which prints it to backprop.pdf once <html data-bp-print="ready">.
document$.subscribe(() => {
  // Content tabs: every tab's block is shown, under its label as a small heading.
  for (const set of document.querySelectorAll(".tabbed-set")) {
    const labels = set.querySelectorAll(":scope > .tabbed-labels > label");
    const blocks = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block");
    blocks.forEach((block, i) => {
      const heading = document.createElement("p");
      heading.className = "bp-print-tab-label";
      heading.textContent = labels[i] ? labels[i].textContent.trim() : "";
      block.prepend(heading);
    });
  }
  // Folded blocks (marked data-bp-folded by the hook: Material opens them all to print):
  // exercise solutions are printed in full; any other (a figure's code, the set-up the
  // copy button adds) shows only what is not code, a figure for instance, or nothing.
  // Inner blocks first, so that an outer one knows what is left of its content.
  for (const details of [...document.querySelectorAll("details[data-bp-folded]")].reverse()) {
    details.open = true;
    if (details.classList.contains("success")) continue;
    details.classList.add("bp-print-folded");
    const shown = [...details.children].filter(
      (el) => el.tagName !== "SUMMARY" && !el.matches(".highlight, pre, .highlighttable, .bp-print-hidden"),
    );
    if (!shown.length) details.classList.add("bp-print-hidden");
  }
  for (const img of document.images) img.loading = "eager";
  // On the site a figure links to its own file, to zoom in on a phone; on paper that
  // link would point at the local server the book was printed from.
  for (const link of document.querySelectorAll("#print-site-page figure > a")) {
    link.replaceWith(...link.childNodes);
  }
  // Each printed figure (an image or an animation) gets a link laid over it that points
  // to itself, so that the PDF holds a named box for it (bp-figure-1, ...): that is how
  // tests/test_pdf.py finds every figure in the PDF.
  // (One per figure: not the dark palette's drawing, nor an animation's image for paper.)
  const figures = document.querySelectorAll("#print-site-page img, #print-site-page .bp-animation");
  [...figures]
    .filter((figure) => !figure.closest(".bp-print-hidden, .bp-figure--dark, .bp-live"))
    .forEach((figure, i) => {
      const box = figure.closest("figure, .bp-animation") || figure.parentElement;
      box.classList.add("bp-print-figure");
      selfLink(box, `bp-figure-${i + 1}`);
    });
  // Each caption gets a link laid over it too (bp-caption-N, N its figure's): the test
  // checks that a figure and its caption are printed on one page.
  document.querySelectorAll("#print-site-page .bp-print-figure").forEach((box, i) => {
    const figure = box.closest("figure") || box;
    const caption = figure.querySelector(":scope > figcaption");
    if (caption) selfLink(caption, `bp-caption-${i + 1}`);
  });
  keepTogether();
  listSections();
  // Paper does not scroll: a display formula or a table wider than the text is scaled
  // down to fit. Measured once the fonts are in, in a window as wide as the printed text
  // (the hook sets it so).
  document.fonts.ready.then(() => {
    const range = document.createRange();
    for (const el of document.querySelectorAll(".katex-display")) {
      range.selectNodeContents(el.querySelector(".katex-html") || el);
      const wide = range.getBoundingClientRect().width;
      if (wide > el.clientWidth) el.style.fontSize = `${(98 * el.clientWidth) / wide}%`;
    }
    for (const table of document.querySelectorAll("#print-site-page table")) {
      const room = table.parentElement.clientWidth;
      for (let tries = 0; tries < 4 && table.offsetWidth > room; tries++) {
        const size = parseFloat(getComputedStyle(table).fontSize);
        table.style.fontSize = `${(size * room) / table.offsetWidth - 0.2}px`;
      }
      // A long table may run over pages (its header repeated), rather than leave most of
      // a page empty; a short one stays whole.
      // (an attribute, not a class: Material styles only tables without a class)
      if (table.offsetHeight > 400) table.dataset.bpLong = "";
    }
    // So may a long listing, rather than move whole to the next page.
    for (const pre of document.querySelectorAll("#print-site-page pre")) {
      if (pre.offsetHeight > 400) pre.classList.add("bp-print-long");
    }
    document.documentElement.dataset.bpPrint = "ready";
  });
});

// A link over an element that points to itself: Chromium prints it as a link annotation
// with the element's box, named `id`, which is how tests/test_pdf.py finds that element.
function selfLink(el, id) {
  el.classList.add("bp-print-marked");
  const link = document.createElement("a");
  link.className = "bp-print-figure-link";
  link.id = id;
  link.href = `#${id}`;
  link.setAttribute("aria-hidden", "true");
  link.tabIndex = -1;
  el.append(link);
  return link;
}

// What follows a heading (or a content tab's label) is printed on its page: the start of
// a long paragraph (its first lines), or a short paragraph or two (kept whole) and the
// figure, table, formula, code block or list they lead to. So no heading ends a page,
// and no heading is parted from the figure a sentence under it introduces. Each heading
// and the start of the last element kept with it are marked (bp-keep-N, bp-keep-N-end)
// for tests/test_pdf.py. (Kept to about half a page, or the gaps would be worse.)
const HEADINGS = "h2, h3, h4, .bp-print-tab-label";
const KEPT_HEIGHT = 500; // CSS px, about half of the printed page's height

function keepTogether() {
  const page = document.querySelector("#print-site-page");
  let n = 0;
  for (const heading of page.querySelectorAll(HEADINGS)) {
    if (heading.closest("#print-site-cover-page, #print-page-toc, .bp-print-hidden")) continue;
    const kept = [heading];
    let height = heading.offsetHeight;
    for (let el = heading.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.matches(".bp-print-hidden, .bp-copy, script") || getComputedStyle(el).display === "none") continue;
      kept.push(el);
      height += el.offsetHeight;
      if (el.tagName !== "P" || height > KEPT_HEIGHT) break;
      const lines = el.offsetHeight / parseFloat(getComputedStyle(el).lineHeight);
      if (lines > 3.5) break; // a long paragraph: its first lines are enough
      el.classList.add("bp-print-whole");
    }
    if (kept.length < 2) continue;
    for (const el of kept.slice(0, -1)) el.classList.add("bp-print-keep");
    n += 1;
    selfLink(heading, `bp-keep-${n}`);
    selfLink(kept[kept.length - 1], `bp-keep-${n}-end`).classList.add("bp-print-start-link");
  }
  // A sentence that introduces what follows ("... as follows:") stays with it.
  for (const p of page.querySelectorAll("section.print-page p")) {
    if (/:\s*$/.test(p.textContent)) p.classList.add("bp-print-keep");
  }
}

// The contents list each chapter's sections (its ## headings) under it; the hook writes
// the page numbers of all of them.
function listSections() {
  for (const a of document.querySelectorAll("#print-page-toc a[href^='#']")) {
    const section = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (!section || !section.matches("section.print-page")) continue;
    const headings = [...section.querySelectorAll("h2[id]")].filter((h) => h.closest("section") === section);
    if (!headings.length) continue;
    const list = document.createElement("ul");
    list.className = "bp-toc-sections";
    for (const h of headings) {
      const title = [...h.childNodes].filter((node) => !(node.classList && node.classList.contains("headerlink")));
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${h.id}`;
      link.textContent = title.map((node) => node.textContent).join("").trim();
      item.append(link);
      list.append(item);
    }
    a.after(list);
  }
}
