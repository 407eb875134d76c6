"""Pages about regions, systems and organisations. Each shows only what the access policy allows:
an object the user may not see answers 404, exactly like one that does not exist."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from .. import access
from ..forms import OrganisationSearchForm, SystemSearchForm
from ..guards import get_organisation_for_user, get_region_for_user, get_system_for_user
from ..models import Organisation, OrganisationCareSetting, Region, System
from ..presenters.common import pagination
from ..presenters.organisations import what_you_can_do
from ..selectors import organisations as selectors

PAGE_SIZE = 25


def _crumbs(*items):
    return [
        {"href": href, "text": text}
        for href, text in (
            (reverse("start"), "Home"),
            (reverse("assessments:home"), "My organisations and systems"),
            *items,
        )
    ]


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, pagination(request, page)


@login_required
def home(request):
    home = selectors.home_for(request.user)
    home.people = selectors.people_pages_of(request.user, home)
    return render(
        request,
        "assessments/home.jinja",
        {
            "home": home,
            "breadcrumbs": [{"href": reverse("start"), "text": "Home"}],
        },
    )


@login_required
def region_list(request):
    regions = selectors.regions_with_counts(access.visible(request.user, Region.objects.all()))
    return render(
        request,
        "assessments/region_list.jinja",
        {
            "regions": regions,
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def region_detail(request, ods_code: str):
    region = get_region_for_user(request, ods_code)
    systems = list(
        selectors.systems_with_counts(access.visible(request.user, region.systems.all()))
    )
    current = [s for s in systems if s.is_current()]
    return render(
        request,
        "assessments/region_detail.jinja",
        {
            "region": region,
            "current_systems": current,
            "ended_systems": [s for s in systems if s not in current],
            "can_do": what_you_can_do(request.user, region),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def system_list(request):
    regions = access.visible(request.user, Region.objects.all())
    form = SystemSearchForm(request.GET or None, regions=regions)
    systems = access.visible(request.user, System.objects.all())
    if form.is_valid():
        systems = systems.search(form.cleaned_data["q"])
        if form.cleaned_data["region"]:
            systems = systems.filter(region=form.cleaned_data["region"])
        if not form.cleaned_data["ended"]:
            systems = systems.current()
    else:
        systems = systems.current()
    page, pages = _page(request, selectors.systems_with_counts(systems).order_by("name"))
    return render(
        request,
        "assessments/system_list.jinja",
        {
            "form": form,
            "regions": regions,
            "page": page,
            "pagination": pages,
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def system_detail(request, ods_code: str):
    system = get_system_for_user(request, ods_code)
    replaces = list(system.replaces.all())
    replaced_by = list(system.replaced_by.all())
    visible = selectors.viewable_ids(request.user, [*replaces, *replaced_by])
    region_visible = bool(selectors.viewable_ids(request.user, [system.region]))
    crumbs = (
        [(reverse("assessments:region", args=[system.region.ods_code]), system.region.name)]
        if region_visible
        else []
    )
    sees_members = access.sees_organisations_of(request.user, system)
    return render(
        request,
        "assessments/system_detail.jinja",
        {
            "system": system,
            # A board reader sees the system, not its member organisations (access/policy.py).
            "sees_members": sees_members,
            "members": selectors.members_of(system, request.user) if sees_members else [],
            "members_on": system.membership_date(),
            "system_names": access.system_names(request.user, [*replaces, *replaced_by]),
            "region_visible": region_visible,
            "replaces": replaces,
            "replaced_by": replaced_by,
            "visible_systems": visible,
            "can_do": what_you_can_do(request.user, system),
            "setting_labels": dict(OrganisationCareSetting.choices),
            "breadcrumbs": _crumbs(*crumbs),
        },
    )


@login_required
def organisation_list(request):
    form = OrganisationSearchForm(request.GET or None)
    organisations = access.visible(request.user, Organisation.objects.all())
    if form.is_valid():
        organisations = organisations.search(form.cleaned_data["q"])
        if form.cleaned_data["care_setting"]:
            organisations = organisations.filter(care_setting=form.cleaned_data["care_setting"])
    page, pages = _page(request, selectors.organisations_with_host(organisations).order_by("name"))
    page.object_list = selectors.with_host_names(request.user, page.object_list)
    return render(
        request,
        "assessments/organisation_list.jinja",
        {
            "form": form,
            "page": page,
            "pagination": pages,
            "settings": OrganisationCareSetting.choices,
            "setting_labels": dict(OrganisationCareSetting.choices),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def organisation_detail(request, ods_code: str):
    organisation = get_organisation_for_user(request, ods_code)
    memberships = list(organisation.current_memberships())
    visible = selectors.viewable_ids(request.user, [m.system for m in memberships])
    host = next((m.system for m in memberships if m.is_host and m.system.pk in visible), None)
    crumbs = [(reverse("assessments:system", args=[host.ods_code]), host.name)] if host else []
    return render(
        request,
        "assessments/organisation_detail.jinja",
        {
            "organisation": organisation,
            "memberships": memberships,
            "visible_systems": visible,
            "system_names": access.system_names(request.user, [m.system for m in memberships]),
            "can_do": what_you_can_do(request.user, organisation),
            "assessments": organisation.assessments.select_related(
                "round", "framework_version__framework"
            ).order_by("-round__opens_on"),
            "breadcrumbs": _crumbs(*crumbs),
        },
    )
