"""The side panel's row renderer: pure, no database."""

from annotations.panel import Row, render_rows, shorten

URLS = {"edit": "/annotations/7/edit/", "delete": "/annotations/7/delete/", "history": "/annotations/7/history/"}


def annotation(**overrides) -> Row:
    values = {
        "kind": "annotation",
        "pk": 7,
        "start": 0,
        "end": 9,
        "text": "extremist",
        "version": 1,
        "can_change": True,
        "urls": URLS,
        "tag_id": 3,
        "tag_name": "Designation",
        "author": "elena",
        "actor_id": 2,
        "actor": "Russia",
    }
    return Row(**(values | overrides))


def quote(**overrides) -> Row:
    values = {
        "kind": "quote",
        "pk": 4,
        "start": 0,
        "end": 9,
        "text": "We want to see that move forward.",
        "version": 2,
        "can_change": True,
        "urls": {"edit": "/q/4/edit/", "status": "/q/4/status/"},
        "actor_id": 5,
        "actor": "Mark Toner",
        "status": "suggested",
        "status_label": "Suggested",
        "kind_label": "Direct",
        "cue": "said",
        "origin_label": "Extracted",
    }
    return Row(**(values | overrides))


def test_it_escapes_every_value():
    html = render_rows(
        [annotation(text="<script>x</script>", note="<b>n</b>", actor='"A" & <B>', author="<i>")],
        can_link=True,
        pins_url="/pins/",
    )
    assert "<script>" not in html and "<b>n" not in html and "<i>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&quot;A&quot; &amp; &lt;B&gt;" in html


def test_it_offers_changes_only_to_those_who_may():
    allowed = render_rows([annotation()], can_link=False, pins_url="/pins/")
    refused = render_rows([annotation(can_change=False)], can_link=False, pins_url="/pins/")
    assert 'hx-get="/annotations/7/edit/"' in allowed and 'hx-post="/annotations/7/delete/"' in allowed
    assert "hx-get" not in refused and "hx-post" not in refused and 'href="/annotations/7/history/"' in refused


def test_it_sends_the_version_with_a_delete_and_asks_first():
    html = render_rows([annotation(version=3)], can_link=False, pins_url="/pins/")
    assert "hx-vals='{\"version\": 3}'" in html and 'hx-confirm="Delete the annotation “extremist”?' in html


def test_it_shows_the_pin_state():
    html = render_rows([annotation(pinned=True)], can_link=True, pins_url="/pins/")
    assert 'data-pin="annotation-7" aria-pressed="true"' in html and ">Pinned</button>" in html
    assert 'hx-vals=\'{"kind": "annotation", "id": 7}\'' in html


def test_it_renders_a_quote_with_its_speaker_and_review_actions():
    html = render_rows([quote()], can_link=False, pins_url="/pins/")
    assert 'data-speaker-id="5" data-speaker-name="Mark Toner"' in html
    assert ">Confirm</button>" in html and ">Reject</button>" in html and ">Correct</button>" in html
    assert "cue “said”" in html and 'href="#quote-4"' in html


def test_it_offers_no_confirm_for_a_confirmed_quote():
    html = render_rows([quote(status="confirmed", status_label="Confirmed")], can_link=False, pins_url="/pins/")
    assert ">Confirm</button>" not in html and ">Reject</button>" in html


def test_it_labels_highlights():
    assert annotation(verdict_label="False").label == "Designation · Russia · False · by elena"
    assert annotation(actor="").label == "Designation · by elena"
    assert quote(actor="").label == "Direct quote · speaker unknown · suggested"


def test_it_shortens_long_text_with_an_ellipsis():
    assert shorten("abcdef", 4) == "abc…" and shorten("abc", 4) == "abc"


def test_it_shows_scare_quotes_without_a_speaker():
    row = quote(quote_kind="designation", kind_label="Designation (scare quotes)", actor="", actor_id=None)
    html = render_rows([row], can_link=False, pins_url="/pins/")
    assert ">Scare quotes</span>" in html and "Speaker unknown" not in html
    assert row.label == "Scare quotes · suggested"
