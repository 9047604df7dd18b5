from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from annotations.models import Annotation, Disagreement, Position, Tag


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
