"""Assigning the sections (success measures) of an assessment to colleagues."""

from collections.abc import Mapping

from django.db import transaction

from config.formatting import person_name
from frameworks.models import Measure

from .. import access
from ..models import Assessment, Assignment, AuditEvent
from ..notifications import schedule
from .common import audit, editable, locked, require
from .errors import AssessmentError


@transaction.atomic
def section_assign(*, assessment: Assessment, measure: Measure, assignee, by) -> Assignment | None:
    """Give a success measure to a colleague (or take it back, with assignee=None)."""
    assessment = locked(assessment)
    require(by, "edit", assessment, "assign sections")
    editable(assessment)
    if measure.version_id != assessment.framework_version_id:
        raise AssessmentError(
            f"This {assessment.framework_version.section_word} is not part of this assessment."
        )
    if assignee is not None and not access.may(assignee, "edit", assessment):
        raise AssessmentError(
            f"{person_name(assignee)} cannot answer {assessment.organisation.name}'s questions, "
            "so the section cannot be assigned to them."
        )
    current = (
        Assignment.objects.select_related("assignee")
        .filter(assessment=assessment, measure=measure)
        .first()
    )
    before = {"assignee": current.assignee.get_username()} if current else None
    if assignee is None:
        if current is None:
            return None
        current.delete()
        audit(assessment, by, AuditEvent.Action.UNASSIGNED, measure_key=measure.key, before=before)
        return None
    if current and current.assignee_id == assignee.pk:
        return current
    assignment, _ = Assignment.objects.update_or_create(
        assessment=assessment,
        measure=measure,
        defaults={"assignee": assignee, "assigned_by": by},
    )
    event = audit(
        assessment,
        by,
        AuditEvent.Action.ASSIGNED,
        measure_key=measure.key,
        before=before,
        after={"assignee": assignee.get_username()},
    )
    schedule.section_assigned(event, assignee)  # emailed after commit
    return assignment


@transaction.atomic
def sections_assign(
    *, assessment: Assessment, assignees: Mapping[Measure, object | None], by
) -> int:
    """Give each success measure in `assignees` to its person (None: to no one), all or none,
    each change audited as `section_assign` does. Returns how many sections changed hands."""
    current = dict(
        Assignment.objects.filter(assessment=assessment).values_list("measure_id", "assignee_id")
    )
    changed = 0
    for measure, assignee in assignees.items():
        if current.get(measure.pk) == (assignee.pk if assignee else None):
            continue
        section_assign(assessment=assessment, measure=measure, assignee=assignee, by=by)
        changed += 1
    return changed
