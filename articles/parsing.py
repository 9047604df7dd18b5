"""Turning one decoded source item into a parsed article: pure functions, no ORM.

Plain-text layout (the seed's): a title line, an optional date line, the body, then optionally
``Original url:`` and the URL. The BBC layout (title line, blank line, body) is the same without
the date and the URL. CSV rows and JSON Lines objects carry the same fields by name.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from articles.cleaning import clean_text

MAX_TITLE_CHARS = 300
FIELDS = ("title", "published_on", "url", "outlet", "body")

_URL_TAIL = re.compile(r"\n[ \t]*Original url:[ \t]*(?P<url>(?:.|\n)*)\Z", re.IGNORECASE)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    "august|september|october|november|december"
)
_LOOKS_LIKE_DATE = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}|"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|\d{{1,2}}\s+\w+\s+\d{{4}})$",
    re.IGNORECASE,
)
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%d/%m/%Y", "%Y/%m/%d")
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


class ItemError(ValueError):
    """A source item that cannot become an article; the message is shown to the user as is."""


def body_hash(body: str) -> str:
    """An article body's identity: imports refuse a body already stored (Article.content_hash)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ParsedArticle:
    title: str
    body: str
    raw_text: str
    published_on: date | None = None
    url: str = ""
    outlet: str = ""
    cleanup_log: list[dict] = field(default_factory=list)


def parse_text_document(raw: str) -> ParsedArticle:
    """Parse a plain-text article (the seed or BBC layout)."""
    if not raw.strip():
        raise ItemError("The file is empty (no text).")
    cleaned = clean_text(raw)
    log = [fix.as_dict() for fix in cleaned.fixes]
    text = cleaned.text
    url = ""
    tail = _URL_TAIL.search(text)
    if tail:
        url = _url_from_tail(tail.group("url"), log)
        text = text[: tail.start()]
    blocks = _blocks(text)
    if not blocks:
        raise ItemError("The file has no text besides its source URL.")
    title_block = blocks.pop(0)
    title = _title_from(title_block)
    published_on = None
    if blocks and _looks_like_date(blocks[0][1]):
        published_on = parse_date(blocks.pop(0)[1])
    if not blocks:
        raise ItemError("The file has a title but no body text.")
    body = text[blocks[0][0] :].strip()
    return ParsedArticle(title=title, body=body, raw_text=raw, published_on=published_on, url=url, cleanup_log=log)


def parse_record(record: dict) -> ParsedArticle:
    """Parse one CSV row or JSON object with the keys of FIELDS (title and body required)."""
    values = {}
    for name in FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str | int | float):
            raise ItemError(f"The field “{name}” must be text, not {type(value).__name__}.")
        values[name] = "" if value is None else str(value)
    raw_body = values["body"]
    cleaned_body = clean_text(raw_body)
    cleaned_title = clean_text(values["title"]).text
    title = _single_line(cleaned_title)
    if not title:
        raise ItemError("The record has no title.")
    if len(title) > MAX_TITLE_CHARS:
        raise ItemError(f"The title is {len(title):,} characters long (at most {MAX_TITLE_CHARS}).")
    body = cleaned_body.text.strip()
    if not body:
        raise ItemError("The record has no body text.")
    log = [{**fix.as_dict(), "field": "body"} for fix in cleaned_body.fixes]
    url = ""
    if values["url"].strip():
        url = _url_from_tail(values["url"], log)
    return ParsedArticle(
        title=title,
        body=body,
        raw_text=raw_body,
        published_on=parse_date(values["published_on"]) if values["published_on"].strip() else None,
        url=url,
        outlet=_single_line(values["outlet"]),
        cleanup_log=log,
    )


def parse_date(value: str) -> date:
    text = " ".join(value.replace(",", ", ").split()).strip()
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\bSept\b\.?", "Sep", text, flags=re.IGNORECASE)
    text = re.sub(r"\b([A-Za-z]{3})\.", r"\1", text).replace(" ,", ",")
    text = re.sub(r",\s*", ", ", text)
    for candidate in (text, text.replace(",", "")):
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise ItemError(
            f"The date “{value.strip()[:40]}” could not be read; use a form like 2016-09-15 or September 15, 2016."
        ) from None


def normalise_url(url: str) -> str:
    """The form used to recognise the same article: lower-case scheme and host, no fragment,
    no default port, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    )
    path = parts.path.rstrip("/") or ""
    return urlunsplit((scheme, netloc, path, query, ""))


def _url_from_tail(tail: str, log: list[dict]) -> str:
    joined = "".join(tail.split())
    if not joined:
        return ""
    if not re.match(r"^https?://[^/\s]+\.[^/\s]+", joined, re.IGNORECASE):
        raise ItemError(f"The source URL “{joined[:80]}” is not a web address (http or https).")
    stripped = tail.strip()
    if joined != stripped:
        log.append(
            {"field": "url", "before": stripped, "after": joined, "reason": "space inside URL removed", "count": 1}
        )
    normalised = normalise_url(joined)
    if len(normalised) > 2000:
        raise ItemError("The source URL is longer than 2,000 characters.")
    return normalised


def _blocks(text: str) -> list[tuple[int, str]]:
    """Runs of non-blank lines as (offset, text), in order."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text)]


def _title_from(block: tuple[int, str]) -> str:
    first_line = block[1].split("\n", 1)[0].strip()
    if len(first_line) > MAX_TITLE_CHARS:
        raise ItemError(
            f"No title line: the first line is a {len(first_line):,}-character paragraph. "
            "Put the title on the first line, then a blank line, then the body."
        )
    if "\n" in block[1].strip():
        raise ItemError(
            "No title line: the first line runs straight into the text. "
            "Put the title on the first line, then a blank line, then the body."
        )
    if not any(unicodedata.category(ch).startswith(("L", "N")) for ch in first_line):
        raise ItemError("No title: the first line has no letters or digits.")
    return first_line


def _looks_like_date(block: str) -> bool:
    line = block.strip()
    return "\n" not in line and len(line) <= 40 and bool(_LOOKS_LIKE_DATE.match(line))


def _single_line(value: str) -> str:
    return " ".join(value.split())
