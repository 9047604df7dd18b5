// The annotation workspace: text selection -> composer, keyboard, actor autocomplete, popovers, refreshes.
// One ES module, no build step; htmx (loaded before this module) makes the requests.
//
// Offsets: the server counts code points of the body; the DOM counts UTF-16 units. The body's text
// content in the DOM is exactly the article body, so a Range from the start of #article-body gives
// the text before a point, and counting its code points gives the server's offset.

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1; // the string iterator walks code points, not UTF-16 units
  return count;
}

function articleBody() {
  return document.getElementById("article-body");
}

// --- Offsets -----------------------------------------------------------------------------------

function offsetOf(container, node, offset) {
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(node, offset);
  return codePoints(range.toString());
}

/** The selection as {start, end, text} in code points of the body, trimmed of surrounding whitespace. */
export function spanOfRange(range) {
  const body = articleBody();
  const whole = document.createRange();
  whole.selectNodeContents(body);
  if (range.compareBoundaryPoints(Range.END_TO_START, whole) >= 0) return null; // starts after the body
  if (range.compareBoundaryPoints(Range.START_TO_END, whole) <= 0) return null; // ends before it
  const clipped = range.cloneRange();
  if (clipped.compareBoundaryPoints(Range.START_TO_START, whole) < 0) clipped.setStart(whole.startContainer, whole.startOffset);
  if (clipped.compareBoundaryPoints(Range.END_TO_END, whole) > 0) clipped.setEnd(whole.endContainer, whole.endOffset);
  const raw = clipped.toString();
  const text = raw.trim();
  if (!text) return null;
  const lead = codePoints(raw.slice(0, raw.length - raw.trimStart().length));
  const start = offsetOf(body, clipped.startContainer, clipped.startOffset) + lead;
  return { start, end: start + codePoints(text), text };
}

/** A DOM Range over code points [start, end) of the body. */
export function rangeOfSpan(start, end) {
  const body = articleBody();
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  let startSet = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = codePoints(node.data);
    if (!startSet && start <= seen + length) {
      range.setStart(node, utf16Index(node.data, start - seen));
      startSet = true;
    }
    if (startSet && end <= seen + length) {
      range.setEnd(node, utf16Index(node.data, end - seen));
      return range;
    }
    seen += length;
  }
  return null;
}

function utf16Index(text, points) {
  let index = 0;
  for (let n = 0; n < points && index < text.length; n += 1) {
    index += text.codePointAt(index) > 0xffff ? 2 : 1;
  }
  return index;
}

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

function placeNear(element, rect, { beside = true } = {}) {
  const width = element.offsetWidth || 360;
  const height = element.offsetHeight || 200;
  const viewport = document.documentElement.clientWidth;
  const body = articleBody();
  const column = body ? body.getBoundingClientRect() : rect;
  let left = column.right + 24;
  let top = rect.top;
  if (!beside || left + width > viewport - 8) {
    left = Math.min(Math.max(8, rect.left), viewport - width - 8);
    top = rect.bottom + height + 8 > window.innerHeight && rect.top > height + 8 ? rect.top - height - 8 : rect.bottom + 8;
  } else if (top + height > window.innerHeight - 8) {
    top = Math.max(8, window.innerHeight - height - 8); // keep the whole form on screen, still beside the text
  }
  element.style.left = `${left + window.scrollX}px`;
  element.style.top = `${Math.max(8, top) + window.scrollY}px`;
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

/** j/k: focus the next/previous highlight. Marks are made focusable only while focused (see highlighting.py). */
function stepThroughHighlights(from, step) {
  const marks = $$("#article-body mark.hl[id]");
  if (!marks.length) return;
  const index = marks.indexOf(from.closest?.("mark.hl[id]") || from);
  focusMark(marks[index === -1 ? (step > 0 ? 0 : marks.length - 1) : (index + step + marks.length) % marks.length]);
}

function focusMark(mark) {
  mark.tabIndex = -1;
  mark.focus({ preventScroll: true });
  mark.scrollIntoView({ block: "nearest" });
  mark.addEventListener("blur", () => mark.removeAttribute("tabindex"), { once: true });
}

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

// --- Actor autocomplete (a combobox over actors and aliases; "create new" last) --------------------------

function comboParts(input) {
  const wrapper = input.closest("[data-actor-combobox]");
  return {
    wrapper,
    list: $("[role=listbox]", wrapper),
    id: input.form.elements.namedItem(input.dataset.idField),
    create: input.form.elements.namedItem(input.dataset.createField),
  };
}

function actorState(input, text) {
  const state = $("[data-actor-state]", input.closest("[data-actor-combobox]"));
  if (state) state.textContent = text;
}

function closeList(input) {
  const { list } = comboParts(input);
  list.hidden = true;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
}

async function suggest(input) {
  const { wrapper, list } = comboParts(input);
  const query = input.value.trim();
  if (!query) return closeList(input);
  const response = await fetch(`${wrapper.dataset.suggestUrl}?q=${encodeURIComponent(query)}`, {
    headers: { "HX-Request": "true" },
    credentials: "same-origin",
  });
  if (!response.ok || input.value.trim() !== query) return;
  list.innerHTML = await response.text();
  list.hidden = false;
  input.setAttribute("aria-expanded", "true");
}

function moveActive(input, step) {
  const { list } = comboParts(input);
  const options = $$("[role=option]", list);
  if (!options.length) return;
  const current = options.findIndex((option) => option.getAttribute("aria-selected") === "true");
  const next = (current + step + options.length) % options.length;
  options.forEach((option, index) => option.setAttribute("aria-selected", String(index === next)));
  input.setAttribute("aria-activedescendant", options[next].id);
  options[next].scrollIntoView({ block: "nearest" });
}

function choose(input, option) {
  const { id, create } = comboParts(input);
  if (option.dataset.actorId) {
    input.value = option.dataset.actorName;
    if (id) id.value = option.dataset.actorId;
    if (create) create.value = "";
    actorState(input, `✓ ${option.dataset.actorName}`);
  } else if (option.dataset.actorCreate) {
    input.value = option.dataset.actorCreate;
    if (id) id.value = "";
    if (create) create.value = "1";
    actorState(input, `New actor “${option.dataset.actorCreate}” will be created when you save.`);
  }
  closeList(input);
}

let suggestTimer = null;
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches("[data-actor-combobox] [role=combobox]")) return;
  const { id, create } = comboParts(input);
  if (id) id.value = "";
  if (create) create.value = "";
  actorState(input, "");
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(() => suggest(input), 120);
});

document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (!input.matches?.("[data-actor-combobox] [role=combobox]")) return;
  const { list } = comboParts(input);
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (list.hidden) suggest(input);
    else moveActive(input, event.key === "ArrowDown" ? 1 : -1);
  } else if (event.key === "Enter" && !list.hidden && !event.ctrlKey && !event.metaKey) {
    const active = $("[aria-selected=true]", list) || $("[role=option]", list);
    if (active) {
      event.preventDefault();
      event.stopPropagation();
      choose(input, active);
    }
  } else if (event.key === "Escape" && !list.hidden) {
    event.preventDefault();
    event.stopPropagation();
    closeList(input);
  }
}, true);

document.addEventListener("mousedown", (event) => {
  const option = event.target.closest("[data-actor-combobox] [role=option]");
  if (!option) return;
  event.preventDefault(); // keep the focus in the input
  choose($("[role=combobox]", option.closest("[data-actor-combobox]")), option);
});

document.addEventListener("focusout", (event) => {
  if (event.target.matches?.("[data-actor-combobox] [role=combobox]")) setTimeout(() => closeList(event.target), 150);
});

// --- Hover/focus labels, span popover, panel links ----------------------------------------------

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

function showPopover(mark) {
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

function hidePopover() {
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

function flash(key) {
  marksOf(key).forEach((mark) => {
    mark.classList.remove("is-flash");
    void mark.offsetWidth; // restart the animation
    mark.classList.add("is-flash");
  });
}

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
