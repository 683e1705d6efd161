// Explorable figures (scripts/explorables.py): the reader sets a parameter with a slider
// and the figure shows the frame computed for that setting when the site was built; no
// number is computed here. The page shows the figure's still (the variant of the reader's
// palette and width, as every figure); when the reader reaches for a slider (a pointer
// over the figure, the focus, a touch), figures.js fetches the frames of that variant,
// puts them in the page in its place, and swaps them when the palette or the width
// changes; the sliders show one frame at a time.
document$.subscribe(() => {
  if (document.getElementById("print-site-page")) return; // paper shows the still
  for (const box of document.querySelectorAll(".bp-explorable")) {
    const sliders = [...box.querySelectorAll("input[type=range]")];
    const settings = sliders.map((s) => JSON.parse(s.dataset.texts));
    const status = box.querySelector(".bp-explorable__text");
    const holder = box.querySelector(".bp-explorable__figure");
    let texts = null; // each setting's sentence, with the frames
    let frames = null; // frame k -> its groups, in the SVG shown
    let shown = -1;

    // Settings are numbered row by row: the last slider counts fastest.
    const setting = () => sliders.reduce((k, s) => k * (Number(s.max) + 1) + Number(s.value), 0);
    const show = () => {
      const k = setting();
      sliders.forEach((s, i) => {
        const text = settings[i][Number(s.value)];
        s.setAttribute("aria-valuetext", text);
        s.closest(".bp-explorable__slider").querySelector("output").textContent = text;
      });
      box.dataset.frame = String(k);
      if (!frames) return; // the sentence and the frame follow once they are loaded
      if (status.textContent !== texts[k]) status.textContent = texts[k];
      if (k === shown) return;
      for (const el of frames.get(shown) || []) el.setAttribute("visibility", "hidden");
      for (const el of frames.get(k) || []) el.removeAttribute("visibility");
      shown = k;
    };

    // Each SVG figures.js puts in the box (the first, or another palette's or width's).
    const onSvg = (svg) => {
      texts = JSON.parse(svg.dataset.texts);
      frames = new Map();
      for (const g of svg.querySelectorAll("[data-only]")) {
        const k = Number(g.dataset.only);
        if (!frames.has(k)) frames.set(k, []);
        frames.get(k).push(g);
        g.setAttribute("visibility", "hidden");
      }
      for (const picture of holder.querySelectorAll("picture")) picture.remove(); // the still
      holder.setAttribute("role", "img");
      holder.setAttribute("aria-label", holder.dataset.alt);
      box.classList.add("bp-explorable--live");
      shown = -1;
      show();
    };
    let live = false;
    const load = () => {
      if (live) return;
      live = true;
      holder.classList.add("bp-live");
      window.bpFigures.live(holder, onSvg);
    };

    for (const s of sliders) s.addEventListener("input", () => (load(), show()));
    for (const event of ["pointerenter", "focusin", "touchstart"]) {
      box.addEventListener(event, load, { passive: true });
    }
  }
});
