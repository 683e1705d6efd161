// Small accessibility repairs (each found by axe-core in the site's browser tests).
document$.subscribe(() => {
  // Material's search panel is a dialog without a name (aria-dialog-name).
  const search = document.querySelector('.md-search[role="dialog"]');
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");

  // A wide formula, table or notebook cell scrolls sideways; keyboard users must be able
  // to reach it to scroll it (scrollable-region-focusable). Measured once fonts are in.
  const focusScrollables = () => {
    const wide = ".katex-display, .jupyter-wrapper pre, .md-typeset__scrollwrap";
    for (const el of document.querySelectorAll(wide)) {
      if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) el.tabIndex = 0;
    }
  };
  document.fonts.ready.then(focusScrollables);
  window.addEventListener("resize", focusScrollables);
});
