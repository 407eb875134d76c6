"""Admin for the national team. For anyone but a superuser, every list and object here is
filtered by the access policy, exactly as the pages are; every write goes through the services
and the same rules as the pages, and is in the administration log (`AdminEvent`):
- regions, systems and organisations are added and changed by national administrators only
  (`access.may_change_reference`, `services.reference_save`); nobody deletes them here;
- a system's predecessors ("replaces") and organisations' system memberships are read-only:
  mergers (`services.system_merge`) and the import change them;
- a role is given through `services.membership_grant` and taken away through
  `services.membership_revoke`, which ask `access.may_grant` and `access.may_revoke`; a role
  is never edited in place (take it away and give another);
- "Import from CSV" is `services.organisations_import`, for national administrators only;
- people (users) and groups are changed by superusers only: anyone else reads the people whose
  roles they may see, and manages roles and accounts on the people pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from config.errors import DomainError

from . import access, services
from .forms import OrganisationImportForm, SystemMergeForm
from .models import (
    AdminEvent,
    Assessment,
    Membership,
    Organisation,
    Region,
    Round,
    System,
    SystemMembership,
)


class PolicyFiltered:
    """Non-superusers see only what the access policy lets them view."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return access.visible(request.user, queryset)


class ReferenceData(PolicyFiltered):
    """Regions, systems and organisations: read by whoever may view them, added and changed by
    national administrators through `services.reference_save`, never deleted here."""

    def has_add_permission(self, request):
        return access.may_change_reference(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return access.may_change_reference(request.user) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.reference_save(by=request.user, obj=obj, changed=list(form.changed_data))


@admin.register(Region)
class RegionAdmin(ReferenceData, admin.ModelAdmin):
    list_display = ["name", "ods_code", "ons_code"]
    search_fields = ["name", "ods_code"]


@admin.register(System)
class SystemAdmin(ReferenceData, admin.ModelAdmin):
    list_display = ["name", "ods_code", "region", "valid_from", "valid_to"]
    list_filter = ["region", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "ods_code"]
    # Predecessors are recorded by the merger action below (`services.system_merge`) only.
    readonly_fields = ["replaces"]
    actions = ["merge"]

    @admin.action(description="Record a merger of the selected systems", permissions=["add"])
    def merge(self, request, queryset):
        systems = list(queryset.order_by("ods_code"))
        form = SystemMergeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                result = services.system_merge(
                    into_code=form.cleaned_data["into_code"],
                    name=form.cleaned_data["name"],
                    from_codes=[s.ods_code for s in systems],
                    on=form.cleaned_data["on"],
                    region=form.cleaned_data["region"],
                    ons_code=form.cleaned_data["ons_code"],
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, str(result), messages.SUCCESS)
                return None
        return TemplateResponse(
            request,
            "admin/assessments/system/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Record a merger",
                "opts": self.model._meta,
                "systems": systems,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class SystemMembershipInline(admin.TabularInline):
    """Read-only: memberships change through the import and mergers."""

    model = SystemMembership
    fields = ["system", "is_host", "valid_from", "valid_to"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReferenceData, admin.ModelAdmin):
    list_display = ["name", "ods_code", "care_setting"]
    list_filter = ["care_setting"]
    search_fields = ["name", "ods_code"]
    inlines = [SystemMembershipInline]
    change_list_template = "admin/assessments/organisation/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="assessments_organisation_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = OrganisationImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                result = services.organisations_import(
                    data=form.cleaned_data["file"].read(), by=request.user
                )
            except services.OrganisationImportError as exc:
                problems = exc.messages
            else:
                self.message_user(request, f"Imported: {result}", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:assessments_organisation_changelist"))
        return TemplateResponse(
            request,
            "admin/assessments/organisation/import.html",
            {
                **self.admin_site.each_context(request),
                "title": "Import organisations from a CSV file",
                "opts": self.model._meta,
                "form": form,
                "problems": problems,
            },
        )


class MembershipForm(forms.ModelForm):
    """A new role, refused unless the person adding it may give it (`access.may_grant`)."""

    class Meta:
        model = Membership
        fields = ["user", "role", "organisation", "system", "region"]

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by

    def clean(self):
        cleaned = super().clean()
        held = Membership(
            role=cleaned.get("role"),
            organisation=cleaned.get("organisation"),
            system=cleaned.get("system"),
            region=cleaned.get("region"),
        )
        if held.role and not self.errors and not access.may_grant(self.by, held.role, held.scope):
            raise forms.ValidationError(f"You cannot make someone {held.describe()}.")
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "system", "region", "created_at", "granted_by"]
    list_filter = ["role"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "organisation__name",
        "organisation__ods_code",
        "system__name",
        "system__ods_code",
        "region__name",
    ]
    autocomplete_fields = ["user", "organisation", "system", "region"]
    form = MembershipForm

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=access.memberships_visible_to(request.user).values("pk"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class ByThisPerson(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, by=request.user, **inner)

        return ByThisPerson

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.may_revoke(request.user, obj))

    def save_model(self, request, obj, form, change):
        granted = services.membership_grant(
            by=request.user,
            user=obj.user,
            role=obj.role,
            organisation=obj.organisation,
            system=obj.system,
            region=obj.region,
        )
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        services.membership_revoke(by=request.user, membership=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation", "system", "region"):
            services.membership_revoke(by=request.user, membership=membership)


@admin.register(AdminEvent)
class AdminEventAdmin(admin.ModelAdmin):
    """The administration log, read-only; national administrators only."""

    list_display = ["at", "action", "subject", "actor", "person"]
    list_filter = ["action"]
    search_fields = ["subject"]
    list_select_related = ["actor", "person"]

    def has_module_permission(self, request):
        return access.may_change_reference(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_change_reference(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """Rounds are created, launched and closed on their own pages (`/rounds/`), through
    `services.rounds` and the access policy. Here they are read-only; the launch action calls
    the same service, which refuses anyone but a national administrator."""

    list_display = ["name", "framework_version", "opens_on", "closes_on", "launched_at"]
    readonly_fields = ["launched_at", "launched_by", "closed_at", "closed_by", "created_at"]
    actions = ["launch"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Launch the selected rounds (creates each organisation's assessment)")
    def launch(self, request, queryset):
        for round_ in queryset:
            try:
                count = services.round_launch(round_=round_, by=request.user)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(
                    request, f"Launched {round_}: {count} assessments created.", messages.SUCCESS
                )


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """A read-only list: answers and decisions are made on the assessment's own pages."""

    list_display = ["organisation", "round", "status", "overall_score"]
    list_filter = ["round", "status", "care_setting"]
    search_fields = ["organisation__name", "organisation__ods_code"]
    list_select_related = ["organisation", "round"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return access.visible(request.user, queryset)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- People and groups --------------------------------------------------------------------------
# Django's own user and group admin let whoever holds `auth.change_user` make anyone (themselves
# included) a superuser, and whoever holds `auth.change_group` give a group every permission.
# Here only superusers change people and groups; everyone else reads the people they may see,
# and gives or takes away roles, deactivates and reactivates on the people pages, through the
# services and the access policy.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PersonAdmin(UserAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        seen = access.memberships_visible_to(request.user).values("user_id")
        return queryset.filter(Q(pk__in=seen) | Q(pk=request.user.pk))

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_fieldsets(self, request, obj=None):
        """No password for someone who only reads: its "Reset password" button opens a form
        only superusers may use."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for name, options in fieldsets
        ]


@admin.register(Group)
class SuperusersOnlyGroupAdmin(GroupAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
