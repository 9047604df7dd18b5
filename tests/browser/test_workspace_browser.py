"""The workspace in a real browser (Chromium through Playwright) on the seed article, imported for real."""

import pytest
from django.urls import reverse

from annotations.models import Annotation, Disagreement, Tag
from articles.models import Actor, Quote
from tests.browser.helpers import PASSWORD, import_seed, log_in, select_with_mouse
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    ArticleFactory,
    ChiefEditorFactory,
    EditorFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Designation of the Al-Nusra Front"


@pytest.fixture
def seed():
    article = import_seed()
    russia = ActorFactory(name="Russia", kind=Actor.Kind.COUNTRY)
    ActorAliasFactory(actor=russia, name="Moscow")
    # Extraction suggests the scare quotes as designations: annotating inside quotes must work.
    for words in ("terrorist", "moderate opposition", "extremist"):
        start = article.body.index(f'"{words}') + 1
        Quote.objects.get_or_create(
            article=article,
            start=start,
            end=start + len(words),
            defaults={"text": words, "kind": Quote.Kind.DESIGNATION, "speaker": None},
        )
    return article


def open_article(page, live_server, article):
    page.goto(f"{live_server.url}{reverse('articles:list')}")
    page.click(f"text={article.title}")
    page.wait_for_selector("#article-body")
    page.wait_for_selector("html[data-workspace=ready]", state="attached")  # workspace.js and its modules ran


def annotate(page, text: str, tag: str, actor_typed: str, option: str) -> None:
    select_with_mouse(page, text)
    composer = page.locator("#composer")
    composer.wait_for(state="visible")
    assert composer.locator("[data-span-preview]").inner_text() == text
    composer.locator(f"label.tag-option:has-text('{tag}')").click()
    composer.locator("input[name=actor_name]").fill(actor_typed)
    composer.locator(f"[role=option]:has-text('{option}')").click()
    composer.locator("button[type=submit]").click()
    page.locator("#article-body mark.hl-annotation", has_text=text).first.wait_for()
    composer.wait_for(state="hidden")


def test_it_annotates_the_seed_and_links_a_disagreement(page, live_server, seed, screenshot):
    EditorFactory(username="elena", password=PASSWORD)
    log_in(page, live_server, "elena")
    open_article(page, live_server, seed)
    assert page.evaluate("document.getElementById('article-body').textContent") == seed.body

    annotate(page, "moderate opposition", "Designation", "United States", "Create new actor")
    annotate(page, "extremist", "Designation", "Moscow", "Russia")

    for text in ("moderate opposition", "extremist"):
        item = page.locator(".side-panel .span-annotation", has_text=text)
        item.locator("[data-pin]").click()
        item.locator("[data-pin][aria-pressed=true]").wait_for()
    tray = page.locator("#pin-tray")
    tray.locator("[data-pin-count]", has_text="2").wait_for()
    tray.locator("text=Make a disagreement").click()
    modal = page.locator("#workspace-modal")
    modal.locator("input[name=subject]").wait_for(state="visible")
    modal.locator("input[name=subject]").fill(SUBJECT)
    assert modal.locator("input[name='side-0-actor_name']").input_value() == "United States"
    assert modal.locator("input[name='side-1-stance']").input_value() == "extremist"
    modal.locator("button[type=submit]").click()
    page.locator(".disagreement-card", has_text=SUBJECT).wait_for()

    page.reload()
    page.wait_for_selector("#article-body")
    for text in ("moderate opposition", "extremist"):
        assert page.locator("#article-body mark.hl-annotation", has_text=text).count() == 1
    card = page.locator(".disagreement-card", has_text=SUBJECT)
    assert "United States" in card.inner_text() and "Russia" in card.inner_text()
    page.locator("#article-body mark.hl-annotation", has_text="extremist").hover()
    assert "Designation · Russia · by elena" in page.locator("#hl-tooltip").inner_text()
    page.mouse.move(5, 5)
    page.locator(".panel-filter button", has_text="Annotations").click()
    assert page.locator(".side-panel .span-quote").first.is_hidden()
    assert page.locator(".side-panel .span-annotation").count() == 2
    assert page.locator(".panel-filter [aria-pressed=true]").all_inner_texts() == ["Annotations"]
    page.mouse.move(5, 5)
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    page.wait_for_timeout(400)  # let the buttons' colour transition end before the picture
    screenshot(page, "workspace")

    sides = {p.actor.name: p.stance for p in Disagreement.objects.get(subject=SUBJECT).positions.all()}
    assert sides == {"United States": "moderate opposition", "Russia": "extremist"}
    assert not page.js_errors


def test_it_refuses_a_reader(page, live_server, seed, screenshot):
    UserFactory(username="rita", password=PASSWORD)
    log_in(page, live_server, "rita")
    open_article(page, live_server, seed)
    select_with_mouse(page, "moderate opposition")
    page.locator("#reader-hint").wait_for(state="visible")
    assert page.locator("#composer").count() == 0
    screenshot(page, "reader")
    status = page.evaluate(
        """async ([url, start]) => {
            const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
            const body = new URLSearchParams({start, end: start + 19, exact: "moderate opposition", tag: 3});
            const headers = {"X-CSRFToken": token, "HX-Request": "true"};
            const response = await fetch(url, {method: "POST", body, headers});
            return response.status;
        }""",
        [reverse("annotations:annotation_new", args=[seed.pk]), seed.body.index("moderate opposition")],
    )
    assert status == 403 and not Annotation.objects.exists()


def test_it_tags_with_the_keyboard_only(page, live_server, seed, screenshot):
    EditorFactory(username="kim", password=PASSWORD)
    log_in(page, live_server, "kim")
    open_article(page, live_server, seed)
    page.keyboard.press("/")
    page.keyboard.type("extremis")
    page.keyboard.press("Enter")
    page.locator("#composer").wait_for(state="visible")
    page.keyboard.press("Shift+ArrowRight")  # extend the selection by one character: "extremist"
    page.locator("#composer [data-span-preview]", has_text="extremist").wait_for()
    page.keyboard.press("3")  # Designation
    page.keyboard.press("Enter")  # to the actor field
    page.keyboard.type("Moscow")
    page.locator("#composer [role=option]", has_text="Russia").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    screenshot(page, "composer")
    page.keyboard.press("Control+Enter")
    page.locator("#article-body mark.hl-annotation", has_text="extremist").wait_for()
    annotation = Annotation.objects.get()
    assert (annotation.exact, annotation.tag.slug, annotation.actor.name) == ("extremist", "designation", "Russia")
    assert seed.body[annotation.start : annotation.end] == "extremist"
    page.locator("#hl-tooltip", has_text="Designation · Russia · by kim").wait_for()  # the new highlight has focus
    page.keyboard.press("Enter")  # its card, with the actions
    page.locator("#span-popover button", has_text="Edit").wait_for()
    page.keyboard.press("Escape")
    page.keyboard.press("k")  # the previous highlight: the scare quotes extraction suggested
    page.locator("#hl-tooltip", has_text="Scare quotes · suggested").wait_for()
    screenshot(page, "saved")
    assert not page.js_errors


def test_it_converts_browser_offsets_to_code_points_after_an_emoji(page, live_server, screenshot):
    body = "Breaking 🔥🔥 news: the ministry called the group extremist on Tuesday."
    article = ArticleFactory(body=body, raw_text=body)
    EditorFactory(username="emma", password=PASSWORD)
    log_in(page, live_server, "emma")
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.wait_for_selector("html[data-workspace=ready]", state="attached")
    select_with_mouse(page, "extremist")
    page.locator("#composer label.tag-option", has_text="Claim").click()
    page.locator("#composer button[type=submit]").click()
    page.locator("#article-body mark.hl-annotation", has_text="extremist").wait_for()
    annotation = Annotation.objects.get()
    assert annotation.start == body.index("extremist")  # the browser's UTF-16 offset is 2 more
    assert annotation.exact == "extremist"
    screenshot(page, "emoji")


def test_it_edits_deletes_and_undoes_from_the_highlight(page, live_server, seed, screenshot):
    EditorFactory(username="omar", password=PASSWORD)
    log_in(page, live_server, "omar")
    open_article(page, live_server, seed)
    annotate(page, "extremist", "Claim", "Moscow", "Russia")
    page.locator("#article-body mark.hl-annotation", has_text="extremist").click()
    popover = page.locator("#span-popover")
    popover.locator("text=Edit").click()
    composer = page.locator("#composer")
    composer.locator("textarea[name=note]").wait_for(state="visible")
    composer.locator("select[name=verdict]").select_option("misleading")
    composer.locator("textarea[name=note]").fill("Moscow's word, not ours.")
    composer.locator("button[type=submit]").click()
    page.locator(".side-panel .span-note", has_text="Moscow's word").wait_for()
    annotation = Annotation.objects.get()
    assert (annotation.verdict, annotation.version) == ("misleading", 2)

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#article-body mark.hl-annotation", has_text="extremist").click()
    popover.locator("text=Delete").click()
    page.locator("#toasts button", has_text="Undo").wait_for()
    page.locator("#article-body mark.hl-annotation").wait_for(state="detached")
    screenshot(page, "deleted")
    assert not Annotation.objects.exists()
    page.locator("#toasts button", has_text="Undo").click()
    page.locator("#article-body mark.hl-annotation", has_text="extremist").wait_for()
    assert Annotation.objects.get().note == "Moscow's word, not ours."
    assert not page.js_errors


def test_it_shows_a_conflict_instead_of_overwriting(browser, page, live_server, seed, screenshot):
    editor = EditorFactory(username="ana", password=PASSWORD)
    ChiefEditorFactory(username="boris", password=PASSWORD)
    start = seed.body.index("extremist")
    annotation = Annotation.objects.create(
        article=seed,
        start=start,
        end=start + 9,
        exact="extremist",
        tag=Tag.objects.get(slug="designation"),
        author=editor,
        note="first",
    )
    log_in(page, live_server, "ana")
    open_article(page, live_server, seed)
    page.locator(f"#panel-annotation-{annotation.pk} button", has_text="Edit").click()
    page.locator("#composer textarea[name=note]").wait_for(state="visible")

    other = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    log_in(other, live_server, "boris")
    other.goto(f"{live_server.url}{seed.get_absolute_url()}")
    other.locator(f"#panel-annotation-{annotation.pk} button", has_text="Edit").click()
    other.locator("#composer textarea[name=note]").fill("boris was here")
    other.locator("#composer button[type=submit]").click()
    other.locator(".side-panel .span-note", has_text="boris was here").wait_for()
    other.context.close()

    page.locator("#composer textarea[name=note]").fill("ana's note")
    page.locator("#composer button[type=submit]").click()
    conflict = page.locator("#composer .conflict")
    conflict.wait_for()
    assert "boris changed this annotation" in conflict.inner_text() and "boris was here" in conflict.inner_text()
    assert page.locator("#composer textarea[name=note]").input_value() == "ana's note"
    screenshot(page, "conflict")
    annotation.refresh_from_db()
    assert annotation.note == "boris was here"


def test_it_shows_nested_spans_and_what_each_is(page, live_server, seed, screenshot):
    editor = EditorFactory(username="nina", password=PASSWORD)
    toner = ActorFactory(name="Mark Toner")
    Quote.objects.filter(article=seed).delete()  # only the spans this test makes
    body = seed.body
    quoted = "What we've seen in the last 24 hours is a good, substantial reduction in violence and a period of calm,"
    quote = QuoteFactory(article=seed, speaker=toner, **_at(body, quoted))
    spans = {}
    claims = (("a good, substantial reduction in violence", "claim"), ("substantial reduction", "needs-fact-check"))
    for text, slug in claims:
        spans[slug] = Annotation.objects.create(
            article=seed, author=editor, tag=Tag.objects.get(slug=slug), exact=text, **_at(body, text)
        )
    log_in(page, live_server, "nina")
    open_article(page, live_server, seed)
    inner = page.locator(f"#annotation-{spans['needs-fact-check'].pk}")
    nesting = inner.evaluate(
        """m => {
            const out = [];
            for (let n = m; n; n = n.parentElement.closest('mark.hl')) out.push(n.dataset.span);
            return out;
        }"""
    )
    fact_check, claim = spans["needs-fact-check"].pk, spans["claim"].pk
    assert nesting == [f"annotation-{fact_check}", f"annotation-{claim}", f"quote-{quote.pk}"]
    inner.hover()
    tooltip = page.locator("#hl-tooltip").inner_text()
    assert "Needs fact-check" in tooltip and "Claim" in tooltip and "Direct quote · Mark Toner" in tooltip
    inner.click()
    popover = page.locator("#span-popover")
    assert "Needs fact-check" in popover.inner_text()
    assert popover.locator(".popover-also button").all_inner_texts() == ["Claim", "Direct quote"]
    screenshot(page, "nested")
    page.keyboard.press("Escape")
    page.locator(f"#panel-quote-{quote.pk} a.span-text").click()
    page.wait_for_function(f"() => location.hash === '#quote-{quote.pk}'")
    assert page.evaluate(f"document.getElementById('quote-{quote.pk}').matches(':target')")
    assert not page.js_errors


def _at(body: str, text: str) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text)}


def test_it_reviews_quotes_from_the_page(page, live_server, seed, screenshot):
    EditorFactory(username="quinn", password=PASSWORD)
    toner = ActorFactory(name="Mark Toner")
    Quote.objects.filter(article=seed).delete()  # only the suggestions this test makes
    body = seed.body
    partial = QuoteFactory(article=seed, speaker=None, **_at(body, "Russia's responsibility"))
    wrong = QuoteFactory(article=seed, speaker=toner, **_at(body, "We want to see that move"))
    log_in(page, live_server, "quinn")
    open_article(page, live_server, seed)

    page.locator(f"#panel-quote-{partial.pk} button", has_text="Confirm").click()
    page.locator(f"#panel-quote-{partial.pk} .status-confirmed").wait_for()

    page.locator(f"#panel-quote-{wrong.pk} button", has_text="Correct").click()
    composer = page.locator("#composer")
    composer.locator("input[name=speaker_name]").wait_for(state="visible")
    select_with_mouse(page, "We want to see that move forward.")
    composer.locator("[data-move-preview]", has_text="We want to see that move forward.").wait_for()
    composer.locator("select[name=kind]").select_option("continuation")
    screenshot(page, "correct")
    composer.locator("button[type=submit]").click()
    page.locator(f"#panel-quote-{wrong.pk} .status-confirmed").wait_for()

    partial.refresh_from_db()
    wrong.refresh_from_db()
    assert partial.status == Quote.Status.CONFIRMED and partial.origin == Quote.Origin.EXTRACTED
    assert (wrong.text, wrong.kind, wrong.origin) == (
        "We want to see that move forward.",
        Quote.Kind.CONTINUATION,
        Quote.Origin.EDITOR,
    )
    assert not page.js_errors
