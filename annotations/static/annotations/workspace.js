// The annotation workspace: text selection -> composer, keyboard, server events and refreshes.
// ES modules, no build step; htmx (loaded before them) makes the requests. The pieces:
// offsets.js (code points <-> DOM ranges), highlights.js (labels, cards, j/k), actor-combobox.js.

import { actorState } from "./actor-combobox.js";
import { $, $$, articleBody, placeNear } from "./dom.js";
import { focusMark, flash, hidePopover, showPopover, stepThroughHighlights } from "./highlights.js";
import { codePoints, rangeOfSpan, spanOfRange } from "./offsets.js";

export { codePoints, rangeOfSpan, spanOfRange }; // for the browser tests and the console

// --- Pending selection, composer ------------------------------------------------------------------

const pending = { range: null };

function showPending(range) {
  pending.range = range;
  if (window.CSS && CSS.highlights && window.Highlight) CSS.highlights.set("pending-span", new Highlight(range));
}

function clearPending() {
  pending.range = null;
  if (window.CSS && CSS.highlights) CSS.highlights.delete("pending-span");
}

function composer() {
  return document.getElementById("composer");
}

function composerForm() {
  return $("#composer-body form");
}

function resetComposer() {
  const template = document.getElementById("composer-create");
  const body = $("#composer-body");
  if (!template || !body) return;
  body.replaceChildren(template.content.cloneNode(true));
  htmx.process(body);
  $("#composer-title").textContent = "Annotate";
}


function openComposer(rect, title) {
  const box = composer();
  if (!box) return;
  box.hidden = false;
  if (title) $("#composer-title").textContent = title;
  placeNear(box, rect); // measured once visible
  hidePopover();
}

function closeComposer({ reset = true } = {}) {
  const box = composer();
  if (!box || box.hidden) return;
  box.hidden = true;
  clearPending();
  if (reset) resetComposer();
}

function setValue(form, name, value) {
  const input = form.elements.namedItem(name);
  if (input) input.value = value;
}

function fillNew(form, span, range) {
  setValue(form, "start", span.start);
  setValue(form, "end", span.end);
  setValue(form, "exact", span.text);
  const preview = $("[data-span-preview]", form);
  if (preview) preview.textContent = span.text.length > 240 ? `${span.text.slice(0, 239)}…` : span.text;
  const remembered = localStorage.getItem("newsroom.lastTag");
  const checked = $("input[name=tag]:checked", form);
  if (!checked) {
    const tag = (remembered && $(`input[name=tag][value="${CSS.escape(remembered)}"]`, form)) || $("input[name=tag]", form);
    if (tag) tag.checked = true;
  }
  syncVerdict(form);
  prefillFromQuote(form, range);
}

/** A selection inside a quote: the quote is linked and its speaker suggested as the actor. */
function prefillFromQuote(form, range) {
  setValue(form, "quote", "");
  const node = range.startContainer.nodeType === Node.TEXT_NODE ? range.startContainer.parentElement : range.startContainer;
  const mark = node && node.closest("mark.hl-quote");
  if (!mark) return;
  const item = document.getElementById(`panel-${mark.dataset.span}`);
  setValue(form, "quote", mark.dataset.span.replace("quote-", ""));
  const name = form.elements.namedItem("actor_name");
  if (item && item.dataset.speakerId && name && !name.value) {
    name.value = item.dataset.speakerName;
    setValue(form, "actor", item.dataset.speakerId);
    actorState(name, `Speaker of the quote: ${item.dataset.speakerName}`);
  }
}

function fillMove(form, span) {
  setValue(form, "start", span.start);
  setValue(form, "end", span.end);
  setValue(form, "exact", span.text);
  const preview = $("[data-move-preview]", form);
  if (preview) {
    preview.hidden = false;
    $("[data-move-text]", preview).textContent = span.text;
  }
}

function syncVerdict(form) {
  const field = $(".verdict-field", form);
  if (!field) return;
  const tag = $("input[name=tag]:checked", form);
  const show = tag && tag.dataset.hasVerdict === "1";
  field.hidden = !show;
  if (!show) setValue(form, "verdict", "");
}

function canAnnotate() {
  const root = document.getElementById("workspace");
  return root && root.dataset.canAnnotate === "1";
}

function onSelection() {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  const body = articleBody();
  if (!body || !body.contains(range.commonAncestorContainer) && !range.intersectsNode(body)) return;
  const span = spanOfRange(range);
  if (!span) return;
  const rect = range.getBoundingClientRect();
  if (!canAnnotate()) {
    const hint = document.getElementById("reader-hint");
    hint.hidden = false;
    placeNear(hint, rect, { beside: false });
    clearTimeout(hint.timer);
    hint.timer = setTimeout(() => (hint.hidden = true), 3500);
    return;
  }
  const box = composer();
  let form = composerForm();
  if (form && form.dataset.acceptsSelection === "move" && !box.hidden) {
    fillMove(form, span);
    showPending(range.cloneRange());
    return;
  }
  if (!form || form.dataset.acceptsSelection !== "new") {
    resetComposer();
    form = composerForm();
  }
  fillNew(form, span, range);
  showPending(range.cloneRange());
  openComposer(rect, "Annotate");
}

let selectionTimer = null;
let mouseDown = false; // while dragging, wait for mouseup rather than chase the selection
document.addEventListener("mousedown", () => (mouseDown = true));
document.addEventListener("selectionchange", () => {
  clearTimeout(selectionTimer);
  if (mouseDown) return;
  selectionTimer = setTimeout(() => {
    const selection = window.getSelection();
    const body = articleBody();
    if (body && selection.rangeCount && !selection.isCollapsed && body.contains(selection.anchorNode)) onSelection();
  }, 200);
});
document.addEventListener("mouseup", (event) => {
  mouseDown = false;
  if (articleBody()?.contains(event.target)) setTimeout(onSelection, 0);
});

// --- Find and select (keyboard route into a selection) ------------------------------------------------

const finder = { query: "", from: 0 };

function findNext(query) {
  const body = articleBody();
  const haystack = body.textContent.toLowerCase();
  const needle = query.toLowerCase();
  if (!needle) return false;
  if (needle !== finder.query) Object.assign(finder, { query: needle, from: 0 });
  let at = haystack.indexOf(needle, finder.from);
  if (at === -1) at = haystack.indexOf(needle); // wrap around
  if (at === -1) return false;
  finder.from = at + needle.length;
  const start = codePoints(body.textContent.slice(0, at));
  const range = rangeOfSpan(start, start + codePoints(body.textContent.slice(at, at + needle.length)));
  const selection = window.getSelection();
  body.focus({ preventScroll: true });
  selection.removeAllRanges();
  selection.addRange(range);
  range.startContainer.parentElement.scrollIntoView({ block: "center" });
  onSelection();
  return true;
}

document.addEventListener("keydown", (event) => {
  const find = event.target.closest?.("#find-text");
  if (!find) return;
  if (event.key === "Enter") {
    event.preventDefault();
    const found = findNext(find.value);
    find.classList.toggle("is-invalid", !found);
  } else if (event.key === "Escape") {
    find.blur();
    articleBody()?.focus();
  }
});

// --- Keyboard --------------------------------------------------------------------------------------

function isTyping(target) {
  return target.closest?.("input, textarea, select, [contenteditable=true]");
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented) return;
  const box = composer();
  const open = box && !box.hidden;
  const form = composerForm();
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && open && form) {
    event.preventDefault();
    form.requestSubmit();
    return;
  }
  if (event.key === "Escape") {
    const popover = $("#span-popover");
    if (!popover.hidden) {
      const mark = document.getElementById(popover.dataset.key);
      hidePopover();
      if (mark) focusMark(mark); // back where the card was opened from
    } else if (open) {
      closeComposer();
      articleBody()?.focus();
    }
    return;
  }
  if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  if (event.key === "/") {
    event.preventDefault();
    $("#find-text")?.focus();
    return;
  }
  if (open && form && /^[1-9]$/.test(event.key)) {
    const tag = $(`input[name=tag][data-shortcut="${event.key}"]`, form);
    if (tag) {
      event.preventDefault();
      tag.checked = true;
      tag.dispatchEvent(new Event("change", { bubbles: true }));
    }
    return;
  }
  if ((event.key === "j" || event.key === "k") && articleBody()?.contains(event.target)) {
    event.preventDefault();
    stepThroughHighlights(event.target, event.key === "j" ? 1 : -1);
    return;
  }
  const mark = event.target.closest?.("mark.hl");
  if (event.key === "Enter" && mark) {
    event.preventDefault();
    showPopover(mark);
    return;
  }
  if (event.key === "Enter" && open && form && event.target === articleBody()) {
    event.preventDefault();
    (form.elements.namedItem("actor_name") || form.querySelector("input:not([type=hidden]), textarea"))?.focus();
    return;
  }
  if (event.shiftKey && event.target === articleBody() && ["ArrowLeft", "ArrowRight"].includes(event.key)) {
    const selection = window.getSelection();
    if (selection.rangeCount && selection.modify) {
      event.preventDefault();
      selection.modify("extend", event.key === "ArrowRight" ? "forward" : "backward", event.ctrlKey ? "word" : "character");
      onSelection();
    }
  }
});


document.addEventListener("change", (event) => {
  if (event.target.matches("input[name=tag]")) {
    localStorage.setItem("newsroom.lastTag", event.target.value);
    syncVerdict(event.target.form);
  }
});

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-composer-close]")) {
    closeComposer();
    articleBody()?.focus({ preventScroll: true });
  }
});

// --- Server events and swaps ----------------------------------------------------------------------

function refreshContent(key) {
  const root = document.getElementById("workspace");
  return htmx.ajax("GET", root.dataset.contentUrl, { target: "#workspace-content", swap: "outerHTML" }).then(() => {
    const content = document.getElementById("workspace-content");
    $$("[data-count]").forEach((count) => {
      count.textContent = content.dataset[count.dataset.count];
    });
    if (key) {
      flash(key);
      const first = document.getElementById(key);
      if (first) first.scrollIntoView({ block: "nearest" });
      // Keyboard users keep their place: the swapped-out body had the focus.
      if (first && (!document.activeElement || document.activeElement === document.body)) focusMark(first);
    }
  });
}

document.body.addEventListener("annotation-saved", (event) => {
  closeComposer();
  hidePopover();
  window.getSelection().removeAllRanges();
  refreshContent(event.detail?.key);
  event.target.closest?.(".toast")?.remove(); // an Undo: its toast has done its job
});
document.body.addEventListener("annotation-deleted", () => {
  hidePopover();
  refreshContent();
});
document.body.addEventListener("quote-saved", (event) => {
  closeComposer();
  hidePopover();
  refreshContent(event.detail?.key);
});
document.body.addEventListener("pins-changed", (event) => {
  const { key, pinned } = event.detail;
  $$(`[data-pin="${CSS.escape(key)}"]`).forEach((button) => {
    button.setAttribute("aria-pressed", String(pinned));
    button.textContent = pinned ? "Pinned" : "Pin";
  });
});
document.body.addEventListener("disagreement-saved", (event) => {
  const modal = document.getElementById("workspace-modal");
  window.bootstrap?.Modal.getOrCreateInstance(modal).hide();
  htmx.ajax("GET", modal.dataset.trayUrl, { target: "#pin-tray", swap: "outerHTML" });
  refreshContent(event.detail?.key);
});

document.body.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (target.id === "composer-body") {
    const trigger = event.detail.requestConfig?.elt;
    const key = trigger?.dataset?.composerFor;
    if (key) {
      const anchor = document.getElementById(key) || document.getElementById(`panel-${key}`) || trigger;
      openComposer(anchor.getBoundingClientRect(), key.startsWith("quote") ? "Correct the quote" : "Edit the annotation");
      hidePopover();
    }
    const form = composerForm();
    if (form) syncVerdict(form);
    (form?.querySelector(".is-invalid, .alert") || null)?.scrollIntoView({ block: "nearest" });
  } else if (target.id === "workspace-modal-content") {
    window.bootstrap?.Modal.getOrCreateInstance(document.getElementById("workspace-modal")).show();
  } else if (target.id === "toasts") {
    $$(".toast[data-autohide='1']", target).forEach((toast) => {
      if (!toast.timer) toast.timer = setTimeout(() => toast.remove(), 4500);
    });
  }
});

document.body.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const text = status === 403 ? "You are not allowed to do that." : `The server answered ${status}. Nothing was changed.`;
  toast(text, "danger");
});

document.addEventListener("click", (event) => {
  const close = event.target.closest?.("#toasts .btn-close");
  if (close) setTimeout(() => close.closest(".toast")?.remove(), 0);
});

function toast(text, level) {
  const box = document.createElement("div");
  box.className = `toast show align-items-center text-bg-${level} border-0`;
  box.setAttribute("role", "alert");
  box.innerHTML = '<div class="d-flex"><div class="toast-body"></div><button type="button" class="btn-close btn-close-white me-2 m-auto" aria-label="Close"></button></div>';
  $(".toast-body", box).textContent = text;
  document.getElementById("toasts")?.append(box);
}

// The panel's filter (all, annotations, quotes): kept on the page root, so it survives refreshes.
function showInPanel(what) {
  const root = document.getElementById("workspace");
  root.dataset.show = what;
  $$(".panel-filter [data-show]").forEach((button) => button.setAttribute("aria-pressed", String(button.dataset.show === what)));
  localStorage.setItem("newsroom.panelShow", what);
}
document.addEventListener("click", (event) => {
  const button = event.target.closest?.(".panel-filter [data-show]");
  if (button) showInPanel(button.dataset.show);
});
document.body.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.target?.id === "workspace-content") showInPanel(document.getElementById("workspace").dataset.show || "all");
});
showInPanel(localStorage.getItem("newsroom.panelShow") || "all");

resetComposer(); // the empty annotation form, from its <template>

// Floating pieces live at the document's top level so that their coordinates are the page's.
for (const id of ["composer", "span-popover", "hl-tooltip", "reader-hint", "workspace-modal"]) {
  const element = document.getElementById(id);
  if (element) document.body.append(element);
}

document.documentElement.dataset.workspace = "ready"; // every listener is in place (the browser tests wait for it)
