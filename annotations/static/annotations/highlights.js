// Highlights: hover and focus labels, the span card (popover), j/k stepping, flashing a span.

import { $, $$, placeNear } from "./dom.js";

/** j/k: focus the next/previous highlight. Marks are made focusable only while focused (see highlighting.py). */
export function stepThroughHighlights(from, step) {
  const marks = $$("#article-body mark.hl[id]");
  if (!marks.length) return;
  const index = marks.indexOf(from.closest?.("mark.hl[id]") || from);
  focusMark(marks[index === -1 ? (step > 0 ? 0 : marks.length - 1) : (index + step + marks.length) % marks.length]);
}

export function focusMark(mark) {
  mark.tabIndex = -1;
  mark.focus({ preventScroll: true });
  mark.scrollIntoView({ block: "nearest" });
  mark.addEventListener("blur", () => mark.removeAttribute("tabindex"), { once: true });
}

function marksOf(key) {
  return $$(`mark[data-span="${CSS.escape(key)}"]`);
}

function setActive(key, on) {
  marksOf(key).forEach((mark) => mark.classList.toggle("is-active", on));
  document.getElementById(`panel-${key}`)?.classList.toggle("is-active", on);
}

function showTooltip(mark) {
  const tip = document.getElementById("hl-tooltip");
  const labels = [];
  for (let node = mark; node && node.matches?.("mark.hl"); node = node.parentElement.closest("mark.hl")) {
    labels.push(node.dataset.label);
  }
  tip.replaceChildren(...labels.map((label) => Object.assign(document.createElement("div"), { textContent: label })));
  tip.hidden = false;
  const rect = mark.getBoundingClientRect();
  tip.style.left = `${rect.left + window.scrollX}px`;
  tip.style.top = `${rect.top + window.scrollY - tip.offsetHeight - 6}px`;
}

function hideTooltip() {
  document.getElementById("hl-tooltip").hidden = true;
}

document.addEventListener("mouseover", (event) => {
  const mark = event.target.closest?.("#article-body mark.hl");
  if (mark) {
    showTooltip(mark);
    setActive(mark.dataset.span, true);
  }
  const item = event.target.closest?.(".side-panel .span-item[data-span]");
  if (item) setActive(item.dataset.span, true);
});
document.addEventListener("mouseout", (event) => {
  const mark = event.target.closest?.("#article-body mark.hl");
  if (mark) {
    hideTooltip();
    setActive(mark.dataset.span, false);
  }
  const item = event.target.closest?.(".side-panel .span-item[data-span]");
  if (item) setActive(item.dataset.span, false);
});
document.addEventListener("focusin", (event) => {
  if (event.target.matches?.("#article-body mark.hl")) showTooltip(event.target);
});
document.addEventListener("focusout", (event) => {
  if (event.target.matches?.("#article-body mark.hl")) hideTooltip();
});

export function showPopover(mark) {
  const popover = document.getElementById("span-popover");
  const key = mark.dataset.span;
  const item = document.getElementById(`panel-${key}`);
  if (!item) return;
  const card = item.cloneNode(true);
  card.removeAttribute("id");
  card.classList.remove("is-active");
  const around = [];
  for (let node = mark.parentElement.closest("mark.hl"); node; node = node.parentElement.closest("mark.hl")) {
    around.push(node);
  }
  const also = around.length ? document.createElement("div") : null;
  if (also) {
    also.className = "popover-also";
    also.append("Inside: ");
    around.forEach((outer) => {
      const button = Object.assign(document.createElement("button"), {
        type: "button",
        className: "btn btn-link btn-sm p-0 me-2",
        textContent: outer.dataset.label.split(" · ")[0],
      });
      button.addEventListener("click", () => showPopover(outer));
      also.append(button);
    });
  }
  popover.replaceChildren(card, ...(also ? [also] : []));
  htmx.process(popover);
  popover.hidden = false;
  popover.dataset.key = key;
  placeNear(popover, mark.getBoundingClientRect(), { beside: false });
  hideTooltip();
  ($("button, a", popover) || popover).focus({ preventScroll: true });
}

export function hidePopover() {
  const popover = document.getElementById("span-popover");
  if (popover && !popover.hidden) {
    popover.hidden = true;
    popover.replaceChildren();
  }
}

document.addEventListener("click", (event) => {
  const mark = event.target.closest?.("#article-body mark.hl");
  const popover = document.getElementById("span-popover");
  if (mark && window.getSelection().isCollapsed) {
    showPopover(mark);
    return;
  }
  if (popover && !popover.hidden && !popover.contains(event.target)) hidePopover();
});

document.addEventListener("click", (event) => {
  const link = event.target.closest?.('a[href^="#"]');
  if (!link) return;
  const key = link.getAttribute("href").slice(1);
  setTimeout(() => flash(key), 50);
});

export function flash(key) {
  marksOf(key).forEach((mark) => {
    mark.classList.remove("is-flash");
    void mark.offsetWidth; // restart the animation
    mark.classList.add("is-flash");
  });
}
