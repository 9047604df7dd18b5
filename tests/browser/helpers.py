"""Helpers for the browser tests: log in through the form, select text with the mouse."""

from articles.importing import Upload, articles_import
from articles.models import Article
from tests.conftest import SEED_PATH

PASSWORD = "correct horse battery staple"

# Screen coordinates of the first and last character of the nth occurrence of a text in the body.
_ENDS_OF_TEXT = """([text, nth]) => {
    const body = document.getElementById("article-body");
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let all = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push([node, all.length]);
        all += node.data;
    }
    let at = -1;
    for (let i = 0; i <= nth; i++) at = all.indexOf(text, at + 1);
    const charRect = (offset) => {
        const [node, base] = nodes.filter(([, start]) => start <= offset).pop();
        const range = document.createRange();
        range.setStart(node, offset - base);
        range.setEnd(node, offset - base + 1);
        return range.getClientRects()[0];
    };
    nodes.filter(([, start]) => start <= at).pop()[0].parentElement
        .scrollIntoView({block: "center", behavior: "instant"});
    const first = charRect(at);
    const last = charRect(at + text.length - 1);
    return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2};
}"""


def import_seed() -> Article:
    articles_import(uploads=[Upload("seed.txt", SEED_PATH.read_bytes())], source="browser test")
    return Article.objects.get(title__startswith="U.S., Russia")


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def select_with_mouse(page, text: str, nth: int = 0) -> None:
    """Drag the mouse over the nth occurrence of ``text`` in the article body, as a person would."""
    box = page.evaluate(_ENDS_OF_TEXT, [text, nth])
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=4)
    page.mouse.move(box["x2"], box["y2"], steps=4)
    page.mouse.up()
