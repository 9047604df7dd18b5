"""The pin tray and the disagreement made from its spans (possibly from several articles)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import trigger_client_event

from annotations.forms import DisagreementForm, SideFormSet
from annotations.models import Annotation
from annotations.pins import KINDS, Pinned, pin_toggle, pinned_items, pins_clear
from annotations.responses import INVALID, add_errors, done, form_response
from annotations.services import Side, actor_resolve, disagreement_create
from articles.models import Quote

FORM = "annotations/workspace_disagreement_form.html"


def _may_link(user) -> bool:
    return user.has_perm("annotations.add_disagreement") and user.has_perm("annotations.add_position")


@require_http_methods(["GET", "POST"])
def pins(request):
    """GET: the tray. POST kind+id: pin or unpin that span; ``clear``: empty the tray."""
    if request.method == "POST":
        if not _may_link(request.user):
            raise PermissionDenied("Only editors can pin spans for a disagreement.")
        if request.POST.get("clear"):
            pins_clear(request.session)
        else:
            kind, pk = request.POST.get("kind", ""), request.POST.get("id", "")
            model = {"annotation": Annotation, "quote": Quote}.get(kind)
            if model is None or not pk.isdigit() or not model.objects.filter(pk=pk).exists():
                return render(request, "annotations/workspace_tray.html", _tray(request), status=INVALID)
            pinned = pin_toggle(request.session, kind, int(pk))
            response = render(request, "annotations/workspace_tray.html", _tray(request))
            return trigger_client_event(
                response, "pins-changed", {"key": f"{kind}-{int(pk)}", "pinned": pinned}, after="swap"
            )
    return render(request, "annotations/workspace_tray.html", _tray(request))


@require_http_methods(["GET", "POST"])
def disagreement_new(request):
    if not _may_link(request.user):
        raise PermissionDenied("Only editors can record disagreements.")
    pinned = pinned_items(request.session)
    context = {"action": request.path, "pinned": {item.key: item for item in pinned}}
    if request.method == "GET":
        form = DisagreementForm()
        sides = SideFormSet(prefix="side", initial=[_side_initial(item) for item in pinned])
        return form_response(request, FORM, {**context, "form": form, "sides": sides})
    form = DisagreementForm(request.POST)
    sides = SideFormSet(request.POST, prefix="side")
    if form.is_valid() and sides.is_valid():
        try:
            chosen = _sides(sides, context["pinned"], request.user)
            disagreement = disagreement_create(
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                sides=chosen,
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            pins_clear(request.session)
            return done(
                request,
                event="disagreement-saved",
                detail={"key": f"disagreement-{disagreement.pk}"},
                message=f"Disagreement “{disagreement.subject}” recorded.",
                next_url=_first_article_url(chosen),
                status=201,
            )
    return form_response(request, FORM, {**context, "form": form, "sides": sides}, status=INVALID)


def _first_article_url(sides: list[Side]) -> str:
    for side in sides:
        for span in [*side.annotations, *side.quotes]:
            return span.article.get_absolute_url()
    return reverse("articles:list")


def _tray(request) -> dict:
    return {"pins": pinned_items(request.session), "can_link": _may_link(request.user)}


def _side_initial(item: Pinned) -> dict:
    actor = item.actor
    stance = item.text if len(item.text) <= 80 else ""
    return {
        "item": item.key,
        "include": True,
        "actor": actor.pk if actor else None,
        "actor_name": actor.name if actor else "",
        "stance": stance,
    }


def _sides(formset, pinned: dict[str, Pinned], user) -> list[Side]:
    """Group the included rows by actor: one side per actor, with one stance."""
    grouped: dict[int, dict] = {}
    errors = []
    for row in formset.cleaned_data:
        if not row or not row.get("include"):
            continue
        item = pinned.get(row["item"])
        if item is None or item.kind not in KINDS:
            errors.append("A span is no longer pinned or no longer exists; reopen the form.")
            continue
        try:
            actor = row["actor"] or actor_resolve(name=row["actor_name"], user=user, create=row["create_actor"])
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if actor is None:
            errors.append(f"Say whose position “{item.text[:40]}” states.")
            continue
        side = grouped.setdefault(actor.pk, {"actor": actor, "stances": [], "annotation": [], "quote": []})
        side[item.kind].append(item.obj)
        stance = row["stance"].strip()
        if stance and stance not in side["stances"]:
            side["stances"].append(stance)
    for side in grouped.values():
        if len(side["stances"]) > 1:
            errors.append(f"Give {side['actor']} one stance (now: {' / '.join(side['stances'])}).")
    if errors:
        raise ValidationError(errors)
    return [
        Side(actor=s["actor"], stance=(s["stances"] or [""])[0], annotations=s["annotation"], quotes=s["quote"])
        for s in grouped.values()
    ]
