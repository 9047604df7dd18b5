// Actor autocomplete: a combobox over actors and their aliases, "create new actor" last.
// It registers its own listeners; the composer's form holds the inputs it fills.

import { $, $$ } from "./dom.js";

function comboParts(input) {
  const wrapper = input.closest("[data-actor-combobox]");
  return {
    wrapper,
    list: $("[role=listbox]", wrapper),
    id: input.form.elements.namedItem(input.dataset.idField),
    create: input.form.elements.namedItem(input.dataset.createField),
  };
}

export function actorState(input, text) {
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
