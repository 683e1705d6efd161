// Render the math that pymdownx.arithmatex (generic mode) leaves as \(...\) and \[...\].
// Runs on every page view, including Material's instant navigation.
document$.subscribe(() => {
  for (const el of document.querySelectorAll(".arithmatex")) {
    const tex = el.textContent.trim();
    const display = tex.startsWith("\\[");
    katex.render(tex.slice(2, -2), el, { displayMode: display, throwOnError: false });
  }
});
