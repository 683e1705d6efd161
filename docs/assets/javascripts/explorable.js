// Explorable figures (scripts/explorables.py): the reader sets a parameter with a slider
// and the figure shows the frame computed for that setting when the site was built; no
// number is computed here. The page shows the figure's still; when the reader reaches
// for a slider (a pointer over the figure, the focus, a touch), the file of every frame
// is fetched and put in the page in its place, and the sliders show one frame at a time.
document$.subscribe(() => {
  if (document.getElementById("print-site-page")) return; // paper shows the still
  for (const box of document.querySelectorAll(".bp-explorable")) {
    const sliders = [...box.querySelectorAll("input[type=range]")];
    const settings = sliders.map((s) => JSON.parse(s.dataset.texts));
    const status = box.querySelector(".bp-explorable__text");
    let texts = null; // each setting's sentence, with the frames
    let frames = null; // frame k -> its groups, once the frames are in the page
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

    let loading = null;
    const load = () => {
      if (loading) return;
      const img = box.querySelector(".bp-explorable__figure img");
      loading = fetch(box.dataset.frames)
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.status} ${r.url}`))))
        .then((text) => {
          const parsed = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
          const svg = document.importNode(parsed, true);
          texts = JSON.parse(svg.dataset.texts);
          svg.removeAttribute("data-texts");
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", img.alt);
          frames = new Map();
          for (const g of svg.querySelectorAll("[data-frame]")) {
            const k = Number(g.dataset.frame);
            if (!frames.has(k)) frames.set(k, []);
            frames.get(k).push(g);
            g.setAttribute("visibility", "hidden");
          }
          img.replaceWith(svg);
          box.classList.add("bp-explorable--live");
          shown = -1;
          show();
        })
        .catch((error) => {
          loading = null; // the still stays; the next reach tries again
          console.warn("explorable figure:", error);
        });
    };

    for (const s of sliders) s.addEventListener("input", () => (load(), show()));
    for (const event of ["pointerenter", "focusin", "touchstart"]) {
      box.addEventListener(event, load, { passive: true });
    }
  }
});
