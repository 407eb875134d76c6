"""The admin shows framework content; it never edits it.

Framework versions are written by the services alone (`services.py`: import a file, publish,
retire, start a new draft, delete a draft), so every rule of the import applies to every
version whatever path it took. Here authors can read every version and use those services as
actions: publish and retire; a draft can be deleted. Content comes from a YAML file
(`manage.py framework_import FILE`, SCHEMA.md).
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from config.errors import DomainError

from . import services
from .access import is_author, may_change_version
from .models import Framework, FrameworkVersion, Level, Measure, Question, Theme

HOW_TO_CHANGE = (
    "Framework content is changed by importing a framework file (manage.py framework_import "
    "FILE, see frameworks/SCHEMA.md), never edited here: the import checks every rule."
)


class ReadOnly:
    """View only: no add, change or delete in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "subtitle": HOW_TO_CHANGE}
        return super().changelist_view(request, extra_context)


@admin.register(Framework)
class FrameworkAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]


class MeasureInline(ReadOnly, admin.TabularInline):
    model = Measure
    fields = ["order", "key", "label", "weight"]
    show_change_link = True


def _run(modeladmin, request, queryset, service, done: str):
    if not is_author(request.user):
        modeladmin.message_user(request, "Only framework authors can do that.", messages.ERROR)
        return
    for version in queryset:
        try:
            service(version=version)
        except DomainError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
        else:
            modeladmin.message_user(request, f"{done} {version}.", messages.SUCCESS)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["framework_name", "version", "status", "published_at"]
    list_filter = ["framework", "status"]
    inlines = [MeasureInline]
    actions = ["publish", "retire"]

    def get_queryset(self, request):
        """The versions this person may read (`frameworks.access`): drafts for authors only."""
        return super().get_queryset(request) & FrameworkVersion.objects.visible_to(request.user)

    def has_delete_permission(self, request, obj=None):
        """Drafts may be thrown away (through the service), by authors; nothing else is ever
        deleted."""
        return (
            admin.ModelAdmin.has_delete_permission(self, request, obj)
            and obj is not None
            and may_change_version(request.user, obj)
        )

    def get_deleted_objects(self, objs, request):
        # A draft's own content goes with it (everything else that points at a version is
        # PROTECT, so it shows as protected): no permission to delete content is asked for.
        deleted, counts, _, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        services.version_draft_delete(version=obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:frameworks_frameworkversion_changelist"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not is_author(request.user):
            actions.pop("publish", None)
            actions.pop("retire", None)
        return actions

    @admin.action(description="Publish the selected draft versions (they can never change again)")
    def publish(self, request, queryset):
        _run(self, request, queryset, services.version_publish, "Published")

    @admin.action(description="Retire the selected published versions")
    def retire(self, request, queryset):
        _run(self, request, queryset, services.version_retire, "Retired")


class VisibleVersionsOnly:
    """Content of the versions this person may read: a draft's only for authors."""

    def get_queryset(self, request):
        visible = FrameworkVersion.objects.visible_to(request.user)
        return super().get_queryset(request).filter(version__in=visible)


class ThemeInline(ReadOnly, admin.TabularInline):
    model = Theme
    fields = ["order", "key", "label"]


@admin.register(Measure)
class MeasureAdmin(VisibleVersionsOnly, ReadOnly, admin.ModelAdmin):
    list_display = ["label", "key", "version", "order", "weight"]
    list_filter = ["version__framework", "version"]
    inlines = [ThemeInline]


class LevelInline(ReadOnly, admin.TabularInline):
    model = Level
    fields = ["level", "descriptor", "next_steps"]


@admin.register(Question)
class QuestionAdmin(VisibleVersionsOnly, ReadOnly, admin.ModelAdmin):
    list_display = ["key", "measure", "version", "weight"]
    list_filter = ["version__framework", "version", "measure__key"]
    search_fields = ["key", "text"]
    inlines = [LevelInline]
