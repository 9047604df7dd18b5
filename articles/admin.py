import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.actor_merge import actors_merge
from articles.corrections import article_correct_body
from articles.forms import ArticleAdminForm, ImportForm
from articles.importing import Upload, articles_import
from articles.models import HEAVY_ARTICLE_FIELDS, Actor, ActorAlias, Article, ImportBatch, Outlet, Quote, SubqueryCount
from articles.quote_sync import quotes_refresh_many


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "article_count", "created_at"]
    search_fields = ["name", "domain"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, obj):
        return obj.article_count


class QuoteInline(admin.TabularInline):
    model = Quote
    fields = ["start", "end", "text", "speaker", "role", "cue", "kind", "status", "origin", "orphaned"]
    extra = 0
    show_change_link = True

    # Read-only here: quotes are reviewed in the workspace, and an inline saved in the same request as a
    # body correction would write back the offsets that re-anchoring has just moved.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    change_list_template = "admin/articles/article/change_list.html"
    form = ArticleAdminForm
    list_display = ["title", "outlet", "published_on", "quote_count", "import_batch", "created_at"]
    list_filter = ["outlet", "published_on", "created_at"]
    list_select_related = ["outlet", "import_batch"]
    search_fields = ["title", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    readonly_fields = [
        "raw_text",
        "cleanup_log_display",
        "content_hash",
        "import_batch",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "published_on", "url", "outlet"]}),
        ("Text", {"fields": ["body", "raw_text", "cleanup_log_display", "content_hash"]}),
        ("Provenance", {"fields": ["import_batch", "created_at", "updated_at"]}),
    ]
    inlines = [QuoteInline]
    actions = ["reextract_quotes"]

    def get_queryset(self, request):
        # The quote count as a subquery, not a join grouped by every selected column, and without
        # the texts and the import batch's report (its per-item list runs to megabytes): grouping
        # 2,093 rows that each carried a 2,225-item report took 9 s.
        return (
            super()
            .get_queryset(request)
            .defer(*HEAVY_ARTICLE_FIELDS, "import_batch__report")
            .annotate(quote_count=SubqueryCount(Quote.objects.filter(article=OuterRef("pk"))))
        )

    @admin.action(description="Re-extract quotes", permissions=["change"])
    def reextract_quotes(self, request, queryset):
        result = quotes_refresh_many(queryset.order_by("pk").values_list("pk", flat=True))
        self.message_user(
            request,
            f"Re-extracted quotes of {result.articles} article(s): {result.created} suggestions; "
            f"{result.kept} quotes confirmed, rejected, edited or linked by editors kept as they were.",
            messages.SUCCESS,
        )
        if result.failed:
            self.message_user(
                request,
                f"The extractor failed on {result.failed} article(s); their quotes were left as they were.",
                messages.WARNING,
            )

    @admin.display(ordering="quote_count", description="quotes")
    def quote_count(self, obj):
        return obj.quote_count

    def save_model(self, request, obj, form, change):
        if not (change and "body" in form.changed_data):
            return super().save_model(request, obj, form, change)
        report = article_correct_body(article=obj, body=form.cleaned_data["body"], user=request.user)
        self.message_user(
            request,
            format_html(
                "Body corrected; its spans re-anchored: {} unchanged, {} moved, {} placed again, {} orphaned.{}",
                report.unchanged,
                report.moved,
                report.placed_again,
                report.orphaned,
                format_html(' <a href="{}">Review orphaned spans</a>.', reverse("annotations:orphans"))
                if report.orphaned
                else "",
            ),
            messages.WARNING if report.orphaned else messages.SUCCESS,
        )

    @admin.display(description="cleanup log")
    def cleanup_log_display(self, obj):
        return _cleanup_log_table(obj.cleanup_log)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="articles_article_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if form.is_bound and form.is_valid():
            uploads = (Upload(file.name, file.read()) for file in form.cleaned_data["files"])
            names = ", ".join(file.name for file in form.cleaned_data["files"])
            batch = articles_import(
                uploads=uploads, source=f"upload: {names}", user=request.user, outlet_name=form.cleaned_data["outlet"]
            )
            level = messages.WARNING if batch.failed_count else messages.SUCCESS
            self.message_user(
                request,
                f"Import #{batch.pk}: {batch.created_count} created, {batch.duplicate_count} duplicate, "
                f"{batch.failed_count} failed.",
                level,
            )
            return redirect("admin:articles_importbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/article/import.html", context)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "format", "created_count", "duplicate_count", "failed_count", "status"]
    list_filter = ["status", "format", "created_at"]
    search_fields = ["source"]
    readonly_fields = [
        "created_by",
        "created_at",
        "finished_at",
        "source",
        "format",
        "status",
        "created_count",
        "duplicate_count",
        "failed_count",
        "report_display",
    ]
    fieldsets = [
        (None, {"fields": [("created_count", "duplicate_count", "failed_count"), "report_display"]}),
        ("Provenance", {"fields": ["source", "format", "status", ("created_by", "created_at", "finished_at")]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="report")
    def report_display(self, obj):
        rows = format_html_join(
            "\n",
            "<tr class='import-{}'><td>{}</td><td><strong>{}</strong></td><td>{}</td><td>{}</td></tr>",
            (
                (
                    entry.get("status", ""),
                    entry.get("name", ""),
                    entry.get("status", ""),
                    _article_link(entry),
                    " ".join([entry.get("reason", ""), *entry.get("notes", [])]).strip(),
                )
                for entry in obj.report
            ),
        )
        return format_html(
            "<table><thead><tr><th>item</th><th>result</th><th>article</th><th>reason and notes</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "alias_list", "quote_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    inlines = [ActorAliasInline]
    actions = ["merge_actors"]

    @admin.action(description="Merge selected actors into one…", permissions=["change", "delete"])
    def merge_actors(self, request, queryset):
        """A confirmation page to choose the actor to keep, then the merge (articles.actor_merge)."""
        actors = list(queryset.with_counts().order_by("-quote_count", "name"))
        if request.POST.get("post") == "yes":
            kept = next((a for a in actors if str(a.pk) == request.POST.get("into")), None)
            if kept is None:
                self.message_user(request, "Choose the actor to keep among the selected ones.", messages.ERROR)
                return None
            try:
                result = actors_merge(into=kept, others=actors, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            moved = ", ".join(f"{what} {count}" for what, count in result.moved.items())
            self.message_user(
                request,
                f"Merged {', '.join(result.merged)} into {result.kept.name} (moved: {moved}); "
                "their names are now its aliases.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "actors": actors,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "title": "Merge actors",
        }
        return TemplateResponse(request, "admin/articles/actor/merge_confirmation.html", context)

    def get_queryset(self, request):
        # a subquery, not Count("quotes"): a search by alias joins the aliases and would multiply a join's count
        quotes = SubqueryCount(Quote.objects.filter(speaker=OuterRef("pk")))
        return super().get_queryset(request).annotate(quote_count=quotes).prefetch_related("aliases")

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(ordering="quote_count", description="quotes")
    def quote_count(self, obj):
        return obj.quote_count


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["short_text", "speaker", "kind", "status", "origin", "article", "orphaned"]
    list_filter = ["kind", "status", "origin", ("speaker", admin.RelatedOnlyFieldListFilter), "orphaned"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker"]
    readonly_fields = ["article", "start", "end", "text", "origin", "orphaned", "created_at", "updated_at"]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"


def _article_link(entry: dict):
    if not entry.get("article_id"):
        return ""
    url = reverse("admin:articles_article_change", args=[entry["article_id"]])
    return format_html('<a href="{}">#{}</a>', url, entry["article_id"])


def _cleanup_log_table(log: list[dict]):
    if not log:
        return "No changes: the body is the text as received."
    return format_html(
        "<table><thead><tr><th>where</th><th>before</th><th>after</th><th>why</th></tr></thead><tbody>{}</tbody></table>",
        format_html_join(
            "\n",
            "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
            (
                (
                    _where(fix),
                    json.dumps(fix.get("before", ""), ensure_ascii=False),
                    json.dumps(fix.get("after", ""), ensure_ascii=False),
                    fix.get("reason", "") + (f" (×{fix['count']})" if fix.get("count", 1) > 1 else ""),
                )
                for fix in log
            ),
        ),
    )


def _where(fix: dict) -> str:
    field = fix.get("field", "text")
    return f"{field} {fix['start']}–{fix['end']}" if "start" in fix else field
