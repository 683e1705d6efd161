// Figures drawn in four variants at build time: the light and the dark palette, each for a
// desktop and for a phone (scripts/figure_variants.py). An image figure is two <picture>s
// that CSS and the browser choose between. A frame-based figure (an animation, or any
// figure whose script shows some of its parts) needs its SVG inside the page: its box,
// `.bp-live`, names the variants' files in data attributes, and `bpFigures.live` fetches
// the one the reader's palette and width call for once the box comes into view, puts it in
// the box, and swaps it when the palette (Material's toggle) or the width changes. Only
// the variant shown is loaded.
//
//   bpFigures.live(box, (svg) => { ... })   // called with each SVG put in the box
window.bpFigures = (() => {
  const variant = (box) => {
    const dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    const media = box.dataset.phoneMedia;
    const phone = Boolean(media) && window.matchMedia(media).matches;
    return (dark ? "dark" : "light") + (phone ? "-phone" : "");
  };
  const key = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase()); // dataset's names

  const live = (box, onSvg) => {
    let shown = null;
    let loading = null;
    const show = async () => {
      const which = variant(box);
      if (which === shown || which === loading) return;
      loading = which;
      const [w, h] = (box.dataset[key(`${which}-size`)] || "").split(" ");
      if (w) box.style.aspectRatio = `${w} / ${h}`; // no jump while it loads
      if (w) box.style.maxWidth = `${w}px`;
      const response = await fetch(box.dataset[key(which)]);
      const text = await response.text();
      if (loading !== which) return; // another variant was asked for meanwhile
      const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
      svg.setAttribute("aria-hidden", "true"); // the box is the image, with its label
      svg.classList.add("bp-live__svg");
      const old = box.querySelector(".bp-live__svg");
      if (old) old.replaceWith(svg);
      else box.append(svg);
      shown = which;
      box.dataset.shown = which;
      loading = null;
      onSvg(svg);
    };
    const seen = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        seen.disconnect();
        show();
        new MutationObserver(show).observe(document.body, {
          attributes: true,
          attributeFilter: ["data-md-color-scheme"],
        });
        if (box.dataset.phoneMedia) window.matchMedia(box.dataset.phoneMedia).addEventListener("change", show);
      },
      { rootMargin: "300px" },
    );
    seen.observe(box);
  };
  return { live };
})();
