// Explorable figures (scripts/explorables.py): the reader sets a parameter with a slider
// and the figure shows the frame computed for that setting when the site was built; no
// number is computed here. The page holds the figure's still as an image, loaded lazily;
// once it has loaded and comes into view, the same file (from the browser's cache) is
// put inline, and the sliders show one of its frames at a time.
document$.subscribe(() => {
  const printing = document.getElementById("print-site-page") !== null; // the PDF: the still
  for (const box of document.querySelectorAll(".bp-explorable")) {
    const sliders = [...box.querySelectorAll("input[type=range]")];
    const settings = sliders.map((s) => JSON.parse(s.dataset.texts));
    const texts = JSON.parse(box.dataset.texts);
    const status = box.querySelector(".bp-explorable__text");
    const holder = box.querySelector(".bp-explorable__figure");
    let frames = null; // frame k -> its groups, once the figure is inline
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
      if (status.textContent !== texts[k]) status.textContent = texts[k];
      box.dataset.frame = String(k);
      if (!frames || k === shown) return;
      for (const el of frames.get(shown) || []) el.setAttribute("visibility", "hidden");
      for (const el of frames.get(k) || []) el.removeAttribute("visibility");
      shown = k;
    };

    let loading = null;
    const inline = (text, img) => {
      const svg = document.importNode(new DOMParser().parseFromString(text, "image/svg+xml").documentElement, true);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", img.alt);
      frames = new Map();
      for (const g of svg.querySelectorAll("[data-frame]")) {
        const k = Number(g.getAttribute("data-frame"));
        if (!frames.has(k)) frames.set(k, []);
        frames.get(k).push(g);
        g.setAttribute("visibility", "hidden");
      }
      img.replaceWith(svg);
      box.classList.add("bp-explorable--live");
      shown = -1;
      show();
    };
    const load = () => {
      if (loading || printing) return;
      const img = holder.querySelector("img");
      const go = () =>
        fetch(img.currentSrc || img.src, { cache: "force-cache" })
          .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.status} ${r.url}`))))
          .then((text) => inline(text, img))
          .catch((error) => {
            loading = null; // the still stays; another move of a slider tries again
            console.warn("explorable figure:", error);
          });
      // The image's request fills the cache that the fetch then reads.
      loading = img.complete ? go() : new Promise((done) => img.addEventListener("load", () => done(go()), { once: true }));
    };

    for (const s of sliders) s.addEventListener("input", () => (show(), load()));
    const near = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          near.disconnect();
          load();
        }
      },
      { rootMargin: "200px" },
    );
    near.observe(box);
  }
});
