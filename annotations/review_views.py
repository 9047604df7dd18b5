"""Reviewing what extraction and corrections leave behind: quotes to confirm, reject or correct,
orphaned spans to place again; and the actor autocomplete the forms use."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations.changes import quote_fields
from annotations.forms import QuoteForm
from annotations.models import Annotation
from annotations.responses import CONFLICT, INVALID, add_errors, conflict_details, done, form_response, refused
from annotations.services import Conflict, SpanChange, actor_resolve, quote_review
from articles.models import Actor, ActorAlias, Quote, name_key

SUGGESTIONS = 8


def _quote(request, article_pk: int, pk: int) -> Quote:
    if not request.user.has_perm("articles.change_quote"):
        raise PermissionDenied("Only editors can review quotes.")
    return get_object_or_404(Quote.objects.select_related("speaker", "article"), pk=pk, article_id=article_pk)


@require_POST
def quote_status(request, article_pk, pk):
    """Confirm or reject a quote in one click."""
    quote = _quote(request, article_pk, pk)
    status = request.POST.get("status", "")
    url = f"{quote.article.get_absolute_url()}#quote-{pk}"
    try:
        version = int(request.POST.get("version", ""))
        quote_review(quote=quote, user=request.user, version=version, status=status)
    except ValueError:
        return refused(request, ValidationError("Reload the page: the form is out of date."), next_url=url)
    except Conflict as error:
        return refused(request, error, next_url=url, status=CONFLICT)
    except ValidationError as error:
        return refused(request, error, next_url=url)
    label = Quote.Status(status).label.lower()
    return done(request, event="quote-saved", detail={"key": f"quote-{pk}"}, message=f"Quote {label}.", next_url=url)


@require_http_methods(["GET", "POST"])
def quote_edit(request, article_pk, pk):
    """Correct a quote's speaker, kind, role, cue or span; saving confirms it."""
    quote = _quote(request, article_pk, pk)
    context = {"quote": quote, "article": quote.article, "action": request.path}
    template = "annotations/workspace_quote_form.html"
    if request.method == "GET":
        form = QuoteForm(initial=_initial(quote))
        return form_response(request, template, {**context, "form": form})
    form = QuoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            quote_review(
                quote=quote,
                user=request.user,
                version=data["version"],
                speaker=data["speaker"]
                or actor_resolve(name=data["speaker_name"], user=request.user, create=data["create_speaker"]),
                kind=data["kind"],
                role=data["role"],
                cue=data["cue"],
                span=SpanChange(data["start"], data["end"], data["exact"]) if form.span_given else None,
            )
        except Conflict as error:
            if error.current is None:
                return refused(request, error, next_url=quote.article.get_absolute_url(), status=CONFLICT)
            return _conflict(request, form, error, {**context, "form": form}, template)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return done(
                request,
                event="quote-saved",
                detail={"key": f"quote-{pk}"},
                message="Quote corrected and confirmed.",
                next_url=f"{quote.article.get_absolute_url()}#quote-{pk}",
            )
    return form_response(request, template, {**context, "form": form}, status=INVALID)


@require_GET
def orphans(request):
    """Spans a body correction could not place: kept, flagged, listed here until an editor places them."""
    annotations = list(
        Annotation.objects.filter(orphaned=True)
        .select_related("article", "tag", "author", "actor")
        .defer("article__body", "article__raw_text", "article__cleanup_log")
        .order_by("article_id", "start")[:500]
    )
    quotes = list(
        Quote.objects.filter(orphaned=True)
        .select_related("article", "speaker")
        .defer("article__body", "article__raw_text", "article__cleanup_log")
        .order_by("article_id", "start")[:500]
    )
    return render(request, "annotations/orphans.html", {"annotations": annotations, "quotes": quotes})


@require_GET
def actor_suggestions(request):
    """Actors whose name or an alias contains what was typed; best matches first."""
    typed = request.GET.get("q", "")[:200]
    key = name_key(typed)
    matches: dict[int, tuple[Actor, str]] = {}
    if key:
        for actor in Actor.objects.filter(name_key__contains=key)[: SUGGESTIONS * 2]:
            matches[actor.pk] = (actor, "")
        for alias in ActorAlias.objects.filter(key__contains=key).select_related("actor")[: SUGGESTIONS * 2]:
            matches.setdefault(alias.actor_id, (alias.actor, alias.name))
    ranked = sorted(matches.values(), key=lambda match: _rank(match, key))[:SUGGESTIONS]
    exact = any(_rank(match, key)[0] == 0 for match in ranked)
    can_create = bool(key) and not exact and request.user.has_perm("articles.add_actor")
    context = {"matches": ranked, "typed": " ".join(typed.split()), "can_create": can_create}
    return render(request, "annotations/actor_suggestions.html", context)


def _conflict(request, form, error: Conflict, context: dict, template: str):
    """409: the editor's correction kept in the form, the other change shown, nothing saved."""
    current = error.current
    actors = dict(Actor.objects.filter(pk__in=current.history.values("speaker_id")).values_list("id", "name"))
    conflict = conflict_details(
        error, base_version=form.cleaned_data["version"], fields=lambda record: quote_fields(record, actors=actors)
    )
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = QuoteForm(data)
    form.is_valid()
    return form_response(request, template, {**context, "form": form, "conflict": conflict}, status=CONFLICT)


def _rank(match: tuple[Actor, str], key: str) -> tuple[int, int, str]:
    actor, alias = match
    matched = name_key(alias) if alias else actor.name_key
    level = 0 if matched == key else 1 if matched.startswith(key) else 2
    return level, len(matched), actor.name


def _initial(quote: Quote) -> dict:
    return {
        "speaker": quote.speaker_id,
        "speaker_name": quote.speaker.name if quote.speaker_id else "",
        "kind": quote.kind,
        "role": quote.role,
        "cue": quote.cue,
        "version": quote.version,
    }
