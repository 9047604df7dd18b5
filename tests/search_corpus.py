"""A small invented corpus on which the same search tests run on SQLite and PostgreSQL.

Each article has a key; tests compare the keys of the hits. The texts exercise stemming (election /
elections, banks / bank), phrases, punctuation inside tokens (U.S., al-Nusra, e-mail, 3.5), stop
words and title-versus-body relevance. ``QUERIES`` is the table of expected hits on both engines.
"""

import datetime

from annotations.models import Tag
from tests.factories import (
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    OutletFactory,
    QuoteFactory,
)

ARTICLES = {
    "aleppo": (
        "Syria ceasefire holds in Aleppo",
        "The ceasefire held for a second day. A State Department spokesperson said the United States "
        'still regards the Al-Nusra Front as "moderate opposition", and called the calm a good start.',
    ),
    "moscow": (
        "Moscow calls Al-Nusra extremist",
        'Russia\'s foreign ministry said the group is "extremist" and a terrorist organisation. '
        "The U.S. position, the ministry said, puts the truce at risk.",
    ),
    "geneva": (
        "Peace talks resume in Geneva",
        "Negotiators talked for six hours. Russia and the United States discussed the documents of the "
        "ceasefire, which Moscow wants released.",
    ),
    "labour": (
        "Labour prepares for general election",
        "Party leaders began campaigning as the elections approach. Polls show a 3.5 percent swing "
        "towards the opposition in marginal seats.",
    ),
    "budget": (
        "Chancellor presents spring budget",
        "Growth was forecast at 3.5% next year. The Bank of England kept interest rates unchanged and "
        "the chancellor promised lower taxes for small firms.",
    ),
    "league": (
        "Chelsea win the league on bank holiday",
        "A late goal on the bank holiday Monday sealed the title. The manager thanked the supporters.",
    ),
    "scam": (
        "New e-mail scam targets banks",
        "Customers of several banks received an e-mail asking for passwords. Police urged people to "
        "report any suspicious message.",
    ),
    "cafe": (
        "Café owners protest against new rents",
        "Owners of a dozen cafés in the old town closed for an afternoon to protest against rents.",
    ),
}

# query -> the keys of the articles it must find, on both engines
QUERIES = {
    "ceasefire": {"aleppo", "geneva"},
    "CEASEFIRE": {"aleppo", "geneva"},
    '"moderate opposition"': {"aleppo"},
    "extremist OR terrorist": {"moscow"},
    "extremist OR goal": {"moscow", "league"},
    "russia -ceasefire": {"moscow"},
    "russia ceasefire": {"geneva"},
    "election": {"labour"},
    "elections": {"labour"},
    '"bank of england"': {"budget"},
    "bank": {"budget", "league", "scam"},
    "bank -holiday -email": {"budget", "scam"},
    "e-mail": {"scam"},
    "3.5": {"labour", "budget"},
    "U.S.": {"moscow"},
    "al-nusra": {"aleppo", "moscow"},
    "nusra": {"aleppo", "moscow"},
    "café": {"cafe"},
    "talks": {"geneva"},
    "the ceasefire": {"aleppo", "geneva"},
    # malformed input degrades to a plain search
    '"moderate opposition': {"aleppo"},
    "OR ceasefire OR": {"aleppo", "geneva"},
    "ceasefire*": {"aleppo", "geneva"},
    "title:geneva": set(),
    "NEAR(ceasefire moscow)": {"geneva"},
    "'; DROP TABLE articles_article; --": set(),
    "chancellor AND budget": {"budget"},
    "chancellor NOT budget": set(),
    "zebra": set(),
}

ANNOTATIONS = [
    # article key, exact text, tag slug, actor, note
    ("aleppo", "moderate opposition", "designation", "United States", "The US designation of the front"),
    ("moscow", "extremist", "designation", "Russia", "The Russian designation of the front"),
    ("moscow", "terrorist organisation", "claim", "Russia", ""),
    ("budget", "Growth was forecast at 3.5% next year", "claim", "Chancellor", "Check against the forecast"),
    ("scam", "asking for passwords", "needs-fact-check", "", "Which banks?"),
]

QUOTES = [
    # article key, quoted text, speaker
    ("aleppo", "moderate opposition", "State Department"),
    ("moscow", "extremist", "Russia"),
]


def make_search_corpus(author=None) -> dict[str, object]:
    """Create the articles (and their annotations and quotes); return the articles by key."""
    outlet = OutletFactory(name="Corpus Times")
    articles = {}
    for number, (key, (title, body)) in enumerate(ARTICLES.items()):
        articles[key] = ArticleFactory(
            title=title,
            body=body,
            outlet=outlet,
            published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
    extra = {"author": author} if author else {}
    for key, exact, tag, actor, note in ANNOTATIONS:
        article = articles[key]
        start = article.body.index(exact)
        AnnotationFactory(
            article=article,
            start=start,
            end=start + len(exact),
            tag=Tag.objects.get(slug=tag),
            actor=ActorFactory(name=actor) if actor else None,
            note=note,
            **extra,
        )
    for key, text, speaker in QUOTES:
        article = articles[key]
        start = article.body.index(text)
        QuoteFactory(article=article, start=start, end=start + len(text), speaker=ActorFactory(name=speaker))
    return articles


def keys_of(rows, articles: dict) -> set[str]:
    by_id = {article.pk: key for key, article in articles.items()}
    return {by_id[row.pk if hasattr(row, "pk") else row] for row in rows}
