from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from annotations.export_views import export_response
from annotations.models import Annotation, Disagreement, ExportLog, Position, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "swatch", "colour", "shortcut", "has_verdict", "position"]
    list_editable = ["colour", "shortcut", "has_verdict", "position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="")
    def swatch(self, obj):
        return format_html(
            '<span style="display:inline-block;width:1.5em;height:1em;background:{}"></span>', obj.colour
        )


@admin.register(Annotation)
class AnnotationAdmin(SimpleHistoryAdmin):
    list_display = ["short_exact", "tag", "actor", "verdict", "author", "article", "orphaned", "updated_at"]
    list_filter = ["tag", "verdict", "orphaned", "created_at", "author"]
    list_select_related = ["tag", "actor", "author", "article"]
    search_fields = ["exact", "note", "article__title", "actor__name"]
    autocomplete_fields = ["article", "actor", "quote"]
    readonly_fields = ["article", "start", "end", "exact", "prefix", "suffix", "version", "author", "orphaned"]
    date_hierarchy = "created_at"
    actions = ["export_selected_csv"]

    @admin.action(description="Export selected as CSV")
    def export_selected_csv(self, request, queryset):
        # What was asked for: every row the changelist's filters give, or the ticked rows (one page at most).
        if request.POST.get("select_across") == "1":
            filters = {"select_across": True, **request.GET.dict()}
        else:
            filters = {"selected": [int(pk) for pk in request.POST.getlist(ACTION_CHECKBOX_NAME) if pk.isdigit()]}
        return export_response(
            request,
            kind=ExportLog.Kind.ANNOTATIONS,
            queryset=queryset,
            via=ExportLog.Via.ADMIN,
            filters=filters,
            format=ExportLog.Format.CSV,
        )

    @admin.display(description="text")
    def short_exact(self, obj):
        return obj.exact if len(obj.exact) <= 80 else obj.exact[:79] + "…"

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class PositionInline(admin.StackedInline):
    model = Position
    extra = 0
    autocomplete_fields = ["actor", "annotations", "quotes"]


@admin.register(Disagreement)
class DisagreementAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "created_by", "updated_at"]
    search_fields = ["subject", "description", "positions__stance", "positions__actor__name"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "version"]
    inlines = [PositionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """The record of exports: read-only."""

    list_display = ["created_at", "user", "kind", "format", "via", "rows", "complete", "finished_at"]
    list_filter = ["kind", "format", "via", "complete", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ExportLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
