// Offsets: the server counts code points of the body; the DOM counts UTF-16 units. The body's text
// content in the DOM is exactly the article body, so a Range from the start of #article-body gives
// the text before a point, and counting its code points gives the server's offset.

import { articleBody } from "./dom.js";

export function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1; // the string iterator walks code points, not UTF-16 units
  return count;
}

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
