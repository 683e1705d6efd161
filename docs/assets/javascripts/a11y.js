// Small accessibility repairs (each found by axe-core in the site's browser tests).
document$.subscribe(() => {
  // Material's search panel is a dialog without a name (aria-dialog-name).
  const search = document.querySelector('.md-search[role="dialog"]');
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");

  // A box that scrolls sideways (a wide formula, table, notebook cell: see extra.css) must
  // be reachable with the keyboard to be scrolled (axe: scrollable-region-focusable).
  // The formula's box is arithmatex's div, not KaTeX's .katex-display, which Material
  // sizes to the formula on a phone. Measured once fonts are in, again on resize.
  const focusScrollables = () => {
    const wide =
      ".md-typeset div.arithmatex, .md-typeset__scrollwrap, .jupyter-wrapper pre," +
      " .jupyter-wrapper .jp-RenderedMarkdown .katex-display, .jupyter-wrapper .jp-RenderedMarkdown table";
    for (const el of document.querySelectorAll(wide)) {
      if (el.scrollWidth > el.clientWidth) {
        if (!el.hasAttribute("tabindex")) {
          el.tabIndex = 0;
          el.dataset.bpScroll = "";
        }
      } else if ("bpScroll" in el.dataset) {
        el.removeAttribute("tabindex");
        delete el.dataset.bpScroll;
      }
    }
  };
  document.fonts.ready.then(focusScrollables);
  window.addEventListener("resize", focusScrollables);
});
