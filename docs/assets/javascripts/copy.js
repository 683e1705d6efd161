// The copy button of a chapter's code block copies what runs on its own: the block and
// the earlier code it needs (the build puts it in the data-copy attribute of the element
// that follows the block; see scripts/snippets.py). Material's button copies the
// data-clipboard-text attribute when there is one, so set it just before it acts.
let payloads = new Map(); // code block -> what its copy button copies

document$.subscribe(() => {
  payloads = new Map();
  let block = null;
  for (const el of document.querySelectorAll(".highlight, .bp-copy")) {
    if (el.matches(".bp-copy")) {
      if (block) payloads.set(block, el.dataset.copy);
      block = null;
    } else {
      block = el;
    }
  }
});

document.addEventListener(
  "click",
  (event) => {
    // Material's copy button (md-code__button in 9.8, md-clipboard before)
    const button = event.target.closest("[data-clipboard-target]");
    const block = button && button.closest(".highlight");
    if (block && payloads.has(block)) button.setAttribute("data-clipboard-text", payloads.get(block));
  },
  true, // capture: before the clipboard handler, which listens on the way back up
);
