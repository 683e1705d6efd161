// Frame-by-frame animations of inline SVG figures (see scripts/build_hooks.py).
// Without JavaScript the figure shows its last frame: the whole story at once.
const PLAY = "M8 5.14v14l11-7-11-7z";
const PAUSE = "M14 19h4V5h-4M6 19h4V5H6v14z";

document$.subscribe(() => {
  for (const box of document.querySelectorAll(".bp-animation")) {
    const n = Number(box.dataset.frames);
    const prefix = box.dataset.prefix;
    const select = (kind, k) => box.querySelectorAll(`[id^="${prefix}-${kind}-${k}-"]`);
    const stays = Array.from({ length: n }, (_, k) => select("frame", k));
    const onlys = Array.from({ length: n }, (_, k) => select("only", k));
    const slider = box.querySelector("input[type=range]");
    const output = box.querySelector("output");
    const play = box.querySelector('[data-action="play"]');
    let frame = n - 1;
    let timer = null;

    const show = (k) => {
      frame = Math.max(0, Math.min(n - 1, k));
      for (let i = 0; i < n; i++) {
        for (const el of stays[i]) el.style.visibility = i <= frame ? "visible" : "hidden";
        for (const el of onlys[i]) el.style.visibility = i === frame ? "visible" : "hidden";
      }
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
    show(n - 1);
  }
});
