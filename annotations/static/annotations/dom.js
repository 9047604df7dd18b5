// Small DOM helpers shared by the workspace's modules.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function articleBody() {
  return document.getElementById("article-body");
}

/** Put a floating box beside the article column at rect's height, or under/over rect. */
export function placeNear(element, rect, { beside = true } = {}) {
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
