// Render the math that pymdownx.arithmatex (generic mode) leaves as \(...\) and \[...\],
// and, on the companion-notebook pages, the $...$ of the notebooks' Markdown cells.
// Runs on every page view, including Material's instant navigation.
document$.subscribe(() => {
  for (const el of document.querySelectorAll(".arithmatex")) {
    const tex = el.textContent.trim();
    const display = tex.startsWith("\\[");
    katex.render(tex.slice(2, -2), el, { displayMode: display, throwOnError: false });
  }
  for (const el of document.querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown")) {
    renderMathInElement(el, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
      ],
      throwOnError: false,
    });
  }
});
