// Frame-by-frame animations (see scripts/build_hooks.py): figures.js puts the SVG of the
// variant shown in the box; its groups marked data-frame="k" (they stay from frame k on)
// and data-only="k" (shown at frame k only) are revealed here. On paper, and without
// JavaScript, the figure is an image of its last frame: the whole story at once.
const PLAY = "M8 5.14v14l11-7-11-7z";
const PAUSE = "M14 19h4V5h-4M6 19h4V5H6v14z";

document$.subscribe(() => {
  if (document.getElementById("print-site-page")) return; // paper shows the still image
  for (const box of document.querySelectorAll(".bp-animation")) {
    const n = Number(box.dataset.frames);
    const slider = box.querySelector("input[type=range]");
    const output = box.querySelector("output");
    const play = box.querySelector('[data-action="play"]');
    let frame = n - 1;
    let timer = null;
    let stays = [];
    let onlys = [];

    const show = (k) => {
      frame = Math.max(0, Math.min(n - 1, k));
      for (const el of stays) el.style.visibility = Number(el.dataset.frame) <= frame ? "visible" : "hidden";
      for (const el of onlys) el.style.visibility = Number(el.dataset.only) === frame ? "visible" : "hidden";
      slider.value = String(frame);
      output.textContent = `${frame} / ${n - 1}`;
      box.dataset.frame = String(frame);
    };
    const stop = () => {
      clearInterval(timer);
      timer = null;
      play.querySelector("path").setAttribute("d", PLAY);
      play.title = "Play";
      play.setAttribute("aria-label", "Play");
    };
    const start = () => {
      if (frame >= n - 1) show(0);
      timer = setInterval(() => (frame >= n - 1 ? stop() : show(frame + 1)), 180);
      play.querySelector("path").setAttribute("d", PAUSE);
      play.title = "Pause";
      play.setAttribute("aria-label", "Pause");
    };

    box.querySelector('[data-action="first"]').onclick = () => (stop(), show(0));
    box.querySelector('[data-action="prev"]').onclick = () => (stop(), show(frame - 1));
    box.querySelector('[data-action="next"]').onclick = () => (stop(), show(frame + 1));
    play.onclick = () => (timer ? stop() : start());
    slider.oninput = () => (stop(), show(Number(slider.value)));
    output.textContent = `${frame} / ${n - 1}`;
    // A new SVG (first shown, or another palette or width): the same frame in it.
    window.bpFigures.live(box.querySelector(".bp-live"), (svg) => {
      stays = [...svg.querySelectorAll("[data-frame]")];
      onlys = [...svg.querySelectorAll("[data-only]")];
      show(frame);
    });
  }
});
