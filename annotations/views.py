"""The article page (the annotation workspace) and the annotation endpoints it calls."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import roles
from annotations.changes import annotation_fields, describe_changes
from annotations.forms import AnnotationForm
from annotations.models import Annotation, Tag
from annotations.pins import pinned_items
from annotations.responses import (
    CONFLICT,
    CREATED,
    INVALID,
    add_errors,
    conflict_details,
    done,
    form_response,
    refused,
)
from annotations.services import (
    Conflict,
    SpanChange,
    actor_resolve,
    annotation_create,
    annotation_delete,
    annotation_restore,
    annotation_update,
)
from annotations.workspace import workspace_for
from articles.models import Actor, Article

FORM = "annotations/workspace_form.html"


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("outlet").defer("raw_text", "search_vector"), pk=pk)


@require_GET
def workspace(request, pk):
    article = _article(pk)
    page = workspace_for(article, request.user, request.session)
    form = AnnotationForm(tags=page.tags) if page.access.annotate else None
    context = {"page": page, "article": article, "form": form, "pins": pinned_items(request.session)}
    return render(request, "annotations/workspace.html", context)


@require_GET
def workspace_content(request, pk):
    """The body and the side panel, which the page reloads after each change."""
    article = _article(pk)
    page = workspace_for(article, request.user, request.session)
    return render(request, "annotations/workspace_content.html", {"page": page, "article": article})


@require_POST
def annotation_new(request, pk):
    if not roles.can_annotate(request.user):
        raise PermissionDenied("Only editors can annotate.")
    # A reference only: the service reads the body (locked) inside its transaction, and says if it is gone.
    article = Article(pk=pk)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            annotation = annotation_create(
                article=article,
                start=data["start"],
                end=data["end"],
                exact=data["exact"],
                tag=data["tag"],
                actor=_actor(data, request.user),
                note=data["note"],
                verdict=data["verdict"],
                quote=data["quote"],
                user=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "article_gone":
                raise Http404("No article has this number.") from None
            add_errors(form, error)
        else:
            key = f"annotation-{annotation.pk}"
            return done(
                request,
                event="annotation-saved",
                detail={"key": key},
                message=f"{data['tag']} saved.",
                next_url=f"{reverse('annotations:workspace', args=[pk])}#{key}",
                status=CREATED,
            )
    form.tags = list(Tag.objects.all())
    context = {"form": form, "article": article, "action": reverse("annotations:annotation_new", args=[pk])}
    return form_response(request, FORM, context, status=INVALID)


@require_http_methods(["GET", "POST"])
def annotation_edit(request, pk):
    annotation = get_object_or_404(Annotation.objects.with_related(), pk=pk)
    if not roles.can_change_annotation(request.user, annotation):
        raise PermissionDenied("You can change only your own annotations.")
    tags = list(Tag.objects.all())
    context = {"annotation": annotation, "article": annotation.article, "action": request.path}
    if request.method == "GET":
        form = AnnotationForm(initial=_initial(annotation), tags=tags, editing=True)
        return form_response(request, FORM, {**context, "form": form})
    form = AnnotationForm(request.POST, tags=tags, editing=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            annotation_update(
                annotation=annotation,
                user=request.user,
                version=data["version"],
                tag=data["tag"],
                actor=_actor(data, request.user),
                note=data["note"],
                verdict=data["verdict"],
                span=SpanChange(data["start"], data["end"], data["exact"]) if form.span_given else None,
            )
        except Conflict as error:
            return _conflict(request, form, error, context)
        except ValidationError as error:
            add_errors(form, error)
        else:
            key = f"annotation-{pk}"
            return done(
                request,
                event="annotation-saved",
                detail={"key": key},
                message="Annotation updated.",
                next_url=annotation.get_absolute_url(),
            )
    return form_response(request, FORM, {**context, "form": form}, status=INVALID)


@require_http_methods(["GET", "POST"])
def annotation_remove(request, pk):
    annotation = get_object_or_404(Annotation.objects.with_related(), pk=pk)
    if not roles.can_delete_annotation(request.user, annotation):
        raise PermissionDenied("You can delete only your own annotations.")
    workspace_url = annotation.article.get_absolute_url()
    if request.method == "GET":
        return render(request, "annotations/annotation_confirm_delete.html", {"annotation": annotation})
    try:
        annotation_delete(annotation=annotation, user=request.user, version=_version(request))
    except Conflict as error:
        return refused(request, error, next_url=workspace_url, status=CONFLICT)
    except ValidationError as error:
        return refused(request, error, next_url=workspace_url)
    return done(
        request,
        event="annotation-deleted",
        detail={"key": f"annotation-{pk}"},
        message=f"Annotation “{_short(annotation.exact)}” deleted.",
        next_url=workspace_url,
        undo=reverse("annotations:annotation_restore", args=[pk]),
    )


@require_POST
def annotation_undelete(request, pk):
    if not roles.can_annotate(request.user):
        raise PermissionDenied("Only editors can restore annotations.")
    history_url = reverse("annotations:annotation_history", args=[pk])
    try:
        annotation = annotation_restore(annotation_id=pk, user=request.user)
    except ValidationError as error:
        return refused(request, error, next_url=history_url)
    note = " It could not be placed in the corrected text: it is flagged orphaned." if annotation.orphaned else ""
    return done(
        request,
        event="annotation-saved",
        detail={"key": f"annotation-{pk}"},
        message=f"Annotation “{_short(annotation.exact)}” restored.{note}",
        next_url=annotation.get_absolute_url(),
    )


@require_GET
def annotation_history(request, pk):
    records = list(Annotation.history.filter(id=pk).select_related("history_user").order_by("history_date"))
    if not records:
        raise Http404("No annotation has this number.")
    tags = dict(Tag.objects.values_list("id", "name"))
    actor_ids = {record.actor_id for record in records if record.actor_id}
    actors = dict(Actor.objects.filter(pk__in=actor_ids).values_list("id", "name"))
    entries, before = [], {}
    for record in records:
        fields = annotation_fields(record, tags=tags, actors=actors)
        entries.append(
            {"record": record, "changes": describe_changes(before, fields) if before else [], "fields": fields}
        )
        before = fields
    latest = records[-1]
    article = Article.objects.only("id", "title").filter(pk=latest.article_id).first()
    deleted = latest.history_type == "-" and not Annotation.objects.filter(pk=pk).exists()
    can_restore = (
        deleted
        and roles.can_annotate(request.user)
        and (latest.author_id == request.user.pk or request.user.has_perm("annotations.change_others_annotation"))
    )
    context = {"entries": entries[::-1], "latest": latest, "article": article, "deleted": deleted}
    return render(request, "annotations/annotation_history.html", {**context, "can_restore": can_restore, "pk": pk})


def _conflict(request, form, error: Conflict, context: dict):
    """409: the editor's values kept in the form, the other change shown, nothing saved."""
    current = error.current
    if current is None:
        history = reverse("annotations:annotation_history", args=[context["annotation"].pk])
        return refused(request, error, next_url=history, status=CONFLICT)
    tags = {tag.pk: tag.name for tag in form.tags}
    actors = dict(Actor.objects.filter(pk__in=current.history.values("actor_id")).values_list("id", "name"))
    conflict = conflict_details(
        error,
        base_version=form.cleaned_data["version"],
        fields=lambda record: annotation_fields(record, tags=tags, actors=actors),
    )
    data = request.POST.copy()
    data["version"] = str(current.version)  # saving again now is a deliberate choice, made after seeing theirs
    form = AnnotationForm(data, tags=form.tags, editing=True)
    form.is_valid()
    return form_response(request, FORM, {**context, "form": form, "conflict": conflict}, status=CONFLICT)


def _actor(data: dict, user) -> Actor | None:
    if data.get("actor"):
        return data["actor"]
    name = data.get("actor_name") or data.get("speaker_name") or ""
    create = data.get("create_actor") or data.get("create_speaker") or False
    return actor_resolve(name=name, user=user, create=create)


def _initial(annotation: Annotation) -> dict:
    return {
        "tag": annotation.tag_id,
        "actor": annotation.actor_id,
        "actor_name": annotation.actor.name if annotation.actor_id else "",
        "note": annotation.note,
        "verdict": annotation.verdict,
        "version": annotation.version,
    }


def _version(request) -> int:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        raise ValidationError("The form did not say which version you saw; reload the page.") from None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
