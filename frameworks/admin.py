"""Admin for framework authors. Published and retired versions are read-only here too."""

from django.contrib import admin, messages

from config.errors import DomainError

from . import services
from .models import Framework, FrameworkVersion, Level, Measure, Question, Theme


def _editable(obj) -> bool:
    if obj is None:
        return True
    version = obj if isinstance(obj, FrameworkVersion) else obj.version
    return version.is_draft


class FrozenWhenPublished:
    """Change and delete only while the version is a draft."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(obj)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]


class MeasureInline(FrozenWhenPublished, admin.TabularInline):
    model = Measure
    fields = ["order", "key", "label", "weight"]
    extra = 0
    show_change_link = True


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["framework", "version", "status", "published_at"]
    list_filter = ["framework", "status"]
    readonly_fields = ["status", "checksum", "based_on", "published_at", "retired_at", "created_at"]
    inlines = [MeasureInline]
    actions = ["publish"]

    @admin.action(description="Publish the selected draft versions (they can never change again)")
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.version_publish(version=version)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, f"Published {version}.", messages.SUCCESS)


class ThemeInline(FrozenWhenPublished, admin.TabularInline):
    model = Theme
    fields = ["order", "key", "label"]
    extra = 0


@admin.register(Measure)
class MeasureAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["label", "key", "version", "order", "weight"]
    list_filter = ["version__framework", "version"]
    inlines = [ThemeInline]


class LevelInline(FrozenWhenPublished, admin.TabularInline):
    model = Level
    fields = ["level", "descriptor", "next_steps"]
    extra = 0
    max_num = 5


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["key", "measure", "version", "weight"]
    list_filter = ["version__framework", "version", "measure__key"]
    search_fields = ["key", "text"]
    inlines = [LevelInline]
