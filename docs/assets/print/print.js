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
  const figures = document.querySelectorAll("#print-site-page img, #print-site-page .bp-animation");
  [...figures]
    .filter((figure) => !figure.closest(".bp-print-hidden"))
    .forEach((figure, i) => {
      const box = figure.closest("figure, .bp-animation") || figure.parentElement;
      box.classList.add("bp-print-figure");
      const link = document.createElement("a");
      link.className = "bp-print-figure-link";
      link.id = `bp-figure-${i + 1}`;
      link.href = `#${link.id}`;
      link.setAttribute("aria-hidden", "true");
      link.tabIndex = -1;
      box.append(link);
    });
  // A display formula wider than the text is scaled down to fit: paper does not scroll.
  // Measured once the fonts are in, in a window as wide as the printed text (the hook
  // sets it so).
  document.fonts.ready.then(() => {
    const range = document.createRange();
    for (const el of document.querySelectorAll(".katex-display")) {
      range.selectNodeContents(el.querySelector(".katex-html") || el);
      const wide = range.getBoundingClientRect().width;
      if (wide > el.clientWidth) el.style.fontSize = `${(98 * el.clientWidth) / wide}%`;
    }
    document.documentElement.dataset.bpPrint = "ready";
  });
});
