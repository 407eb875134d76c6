"""Formatting for the pages about regions, systems and organisations: what a person may do
here, each as a link to the page that does it. Dates, periods and scores are Jinja2 filters
(`config.formatting`).

Only what exists is promised: an action the access policy allows but no page offers yet (a
system's targets and plan) is left out, and so is one with nothing to act on (no
assessment to answer or approve). Pages of reports are linked by URL name (`reports:...`),
never imported: assessments sits below reports."""

from dataclasses import dataclass

from django.urls import reverse

from .. import access
from ..models import Assessment, Organisation, Region, Role, System, SystemMembership
from .rounds import latest_launched_round


@dataclass(frozen=True)
class Action:
    text: str
    href: str


def what_you_can_do(user, obj) -> list[Action]:
    """The actions of the access policy this user may take here, each a link."""
    if isinstance(obj, Organisation):
        return _organisation(user, obj)
    if isinstance(obj, System):
        return _system(user, obj)
    return _region(user, obj)


def _organisation(user, organisation: Organisation) -> list[Action]:
    actions = []
    latest = (
        Assessment.objects.filter(organisation=organisation)
        .select_related("round")
        .order_by("-round__opens_on")
        .first()
    )
    if latest is not None:
        name = latest.round.name
        if latest.status == Assessment.Status.APPROVED:
            actions.append(
                Action(
                    f"See its results for {name}", reverse("assessments:results", args=[latest.pk])
                )
            )
        elif latest.is_editable and access.may(user, "edit", organisation):
            actions.append(
                Action(
                    f"Answer its self-assessment for {name}",
                    reverse("assessments:assessment", args=[latest.pk]),
                )
            )
        else:
            actions.append(
                Action(
                    f"See its self-assessment for {name}",
                    reverse("assessments:assessment", args=[latest.pk]),
                )
            )
        if latest.status == Assessment.Status.SUBMITTED and access.may(
            user, "approve", organisation
        ):
            actions.append(
                Action(
                    f"Check and approve its self-assessment for {name}",
                    reverse("assessments:review", args=[latest.pk]),
                )
            )
    if access.may(user, "compare", organisation):
        host = (
            SystemMembership.objects.current()
            .filter(organisation=organisation, is_host=True)
            .select_related("system")
            .first()
        )
        if host is not None and access.may(user, "view", host.system):
            actions.append(
                Action(
                    f"Compare it with the other organisations of {host.system.name}",
                    reverse("reports:system", args=[host.system.ods_code]) + "#organisations",
                )
            )
    if access.grantable_roles(user, organisation):
        actions.append(
            Action(
                "Invite someone to one of its roles",
                reverse("assessments:invite", args=[organisation.ods_code]),
            )
        )
        actions.append(
            Action(
                "See its people, their roles and the invitations not yet accepted",
                reverse("assessments:people", args=[organisation.ods_code]),
            )
        )
    if access.may(user, "export", organisation):
        actions.append(
            Action(
                "Documents: the organisation plan",
                reverse("reports:organisation_documents", args=[organisation.ods_code]),
            )
        )
    return actions + _plan_actions(user, organisation)


def _system(user, system: System) -> list[Action]:
    dashboard = reverse("reports:system", args=[system.ods_code])
    actions = [Action("See this system's results", dashboard)]
    round_ = latest_launched_round()
    if round_ is not None and access.sees_organisations_of(user, system):
        actions.append(
            Action(
                f"See how far its organisations have got with {round_.name}",
                reverse("assessments:system_progress", args=[round_.pk, system.ods_code]),
            )
        )
    if access.may(user, "compare", system.region):
        actions.append(
            Action(
                f"Compare it with the other systems of {system.region.name}",
                reverse("reports:region", args=[system.region.ods_code]),
            )
        )
    elif access.may(user, "compare", system):
        actions.append(
            Action(
                "See where it sits among the systems of its region", f"{dashboard}#region-position"
            )
        )
    if access.may_see_people(user, system):
        actions.append(
            Action(
                "See its people and the people of the organisations it hosts, and their roles",
                reverse("assessments:system_people", args=[system.ods_code]),
            )
        )
    if access.may(user, "export", system):
        actions.append(_download(f"system:{system.ods_code}"))
        actions.append(
            Action(
                "Documents: the plan and its board summary as PDFs",
                reverse("reports:system_documents", args=[system.ods_code]),
            )
        )
    return actions + _plan_actions(user, system)


def _download(scope: str) -> Action:
    return Action(
        "Download its figures as a spreadsheet (CSV or Excel)",
        reverse("reports:exports") + f"?scope={scope}",
    )


def _region(user, region: Region) -> list[Action]:
    actions = []
    if access.may(user, "compare", region):
        actions.append(
            Action("Compare its systems", reverse("reports:region", args=[region.ods_code]))
        )
    if access.may_see_people(user, region):
        actions.append(
            Action(
                "See its people and the people of its systems, and their roles",
                reverse("assessments:region_people", args=[region.ods_code]),
            )
        )
    if access.may(user, "export", region):
        actions.append(_download(f"region:{region.ods_code}"))
        actions.append(
            Action(
                "Documents for every system in the region",
                reverse("reports:region_documents", args=[region.ods_code]),
            )
        )
    if Role.NATIONAL_ADMIN in access.grants_for(user).national:
        actions.append(Action("Compare every region and system", reverse("reports:national")))
        actions.append(Action("Import published national results", reverse("reports:benchmarks")))
        actions.append(
            Action("See the people with a national role", reverse("assessments:national_people"))
        )
    return actions


def _plans_url(obj) -> str:
    kind = "systems" if isinstance(obj, System) else "organisations"
    return reverse("reports:plans", args=[kind, obj.ods_code])


def _plan_actions(user, obj: System | Organisation) -> list[Action]:
    """The transformation plan's line, linking to its plans (reports' pages)."""
    if access.may_change_plan(user, obj):
        if isinstance(obj, System):
            return [Action("Set its targets and write its transformation plan", _plans_url(obj))]
        return [Action("Write its transformation plan", _plans_url(obj))]
    if access.may_read_plan(user, obj):
        return [Action("Read its transformation plans", _plans_url(obj))]
    return []
