import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from annotations.models import Annotation, Disagreement, Position, Tag
from annotations.roles import CHIEF_EDITORS, EDITORS
from articles.models import Actor, ActorAlias, Article, ImportBatch, Outlet, Quote
from articles.spans import context_of


def _joins(default_group: str | None):
    """Post-generation: add the user to a group (``UserFactory(group=...)`` overrides the default)."""

    def add(user, create, extracted, **kwargs):
        name = extracted or default_group
        if create and name:
            user.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.test")
    password = factory.django.Password("correct horse battery staple")

    group = _joins(None)


class EditorFactory(UserFactory):
    group = _joins(EDITORS)


class ChiefEditorFactory(UserFactory):
    group = _joins(CHIEF_EDITORS)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    source = "tests"
    status = ImportBatch.Status.FINISHED


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article number {n}")
    published_on = factory.Faker("date_between", start_date="-3y", end_date="today")
    url = factory.Sequence(lambda n: f"https://news.example/{n}")
    outlet = factory.SubFactory(OutletFactory)
    body = factory.Sequence(
        lambda n: (
            f'Story {n}. The minister said the plan would work.\n\n"We are confident," she told reporters on day {n}.'
        )
    )
    raw_text = factory.LazyAttribute(lambda article: article.body)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Actor.Kind.PERSON


class ActorAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class _SpanFactory(factory.django.DjangoModelFactory):
    """Spans default to the first word of the article; pass start/end to choose another."""

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda span: span.article.body.index(" ") if " " in span.article.body else 1)


class QuoteFactory(_SpanFactory):
    class Meta:
        model = Quote

    text = factory.LazyAttribute(lambda quote: quote.article.body[quote.start : quote.end])
    speaker = factory.SubFactory(ActorFactory)
    cue = "said"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")
    colour = "#ffcc00"


class AnnotationFactory(_SpanFactory):
    class Meta:
        model = Annotation

    exact = factory.LazyAttribute(lambda a: a.article.body[a.start : a.end])
    prefix = factory.LazyAttribute(lambda a: context_of(a.article.body, a.start, a.end)[0])
    suffix = factory.LazyAttribute(lambda a: context_of(a.article.body, a.start, a.end)[1])
    tag = factory.LazyFunction(lambda: Tag.objects.get(slug="claim"))
    author = factory.SubFactory(EditorFactory)


class DisagreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disagreement

    subject = factory.Sequence(lambda n: f"Dispute {n}")
    created_by = factory.SubFactory(EditorFactory)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    disagreement = factory.SubFactory(DisagreementFactory)
    actor = factory.SubFactory(ActorFactory)
    stance = "for"
