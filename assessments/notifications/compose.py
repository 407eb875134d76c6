"""Each email Waymark sends: who gets it, its subject and its words, for one event.

Every function takes ids (what a task is given), reads the rows again and returns the emails
to send now, each keyed by its event and recipient (`delivery.deliver` sends each once). What
no longer holds is not sent: an invitation already used or expired, a section since given to
someone else, an assessment whose status has moved on, a round that has closed. Nobody is
emailed about their own act, and people without an active account and an address get nothing.
"""

from django.conf import settings
from django.utils import timezone

from config.formatting import date_text, person_name

from ..models import (
    Answer,
    Assessment,
    Assignment,
    AuditEvent,
    EmailKind,
    Invitation,
    Reminder,
    Round,
    invitation_token,
    token_hash,
)
from . import recipients
from .delivery import Outgoing, absolute, compose

Status = Assessment.Status
STILL_TO_SUBMIT = (Status.DRAFT, Status.RETURNED)


def invitation(invitation_id: int, token: str | None = None) -> list[Outgoing]:
    """To the invited address, with the single-use link, while it can still be accepted. The
    link's token is derived from the invitation (`invitation_token`); `token` only for a
    message queued before that, checked against the stored hash."""
    invited = (
        Invitation.objects.select_related("organisation", "system", "region", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invited is None or invited.accepted_at or invited.expires_at <= timezone.now():
        return []
    if token is None and invited.token_salt:
        token = invitation_token(invited.token_salt)
    if not token or token_hash(token) != invited.token_hash:
        return []  # a SECRET_KEY changed since, or a token that is not this invitation's
    url = absolute("invitation", token)
    return [
        compose(
            key=f"invitation:{invited.pk}",
            kind=EmailKind.INVITATION,
            to=invited.email,
            subject=f"You are invited to {settings.WAYMARK_SERVICE_NAME} as {invited.describe()}",
            template="invitation",
            context={"invitation": invited, "inviter": person_name(invited.invited_by)},
            url=url,
        )
    ]


def _assessment_event(event_id: int, action: str) -> AuditEvent | None:
    return (
        AuditEvent.objects.select_related(
            "actor",
            "assessment__organisation",
            "assessment__round",
            "assessment__framework_version",
        )
        .filter(pk=event_id, action=action)
        .first()
    )


def section_assigned(event_id: int, assignee_id: int) -> list[Outgoing]:
    """To the person a section was given to, while it is still theirs."""
    event = _assessment_event(event_id, AuditEvent.Action.ASSIGNED)
    person = recipients.user(assignee_id)
    if event is None or person is None or person.pk == event.actor_id:
        return []
    assessment = event.assessment
    assignment = (
        Assignment.objects.select_related("measure")
        .filter(assessment=assessment, measure__key=event.measure_key, assignee=person)
        .first()
    )
    if assignment is None:
        return []
    measure, organisation = assignment.measure, assessment.organisation
    words = assessment.framework_version.words
    return [
        compose(
            key=f"{EmailKind.SECTION_ASSIGNED}:{event.pk}:{person.pk}",
            kind=EmailKind.SECTION_ASSIGNED,
            to=person,
            subject=f"{measure.label} assigned to you: {organisation.name}, "
            f"{assessment.round.name}",
            template="section_assigned",
            context={
                "assessment": assessment,
                "organisation": organisation,
                "measure": measure,
                "section": words.section,
                "by": person_name(event.actor),
            },
            url=absolute("assessments:measure", assessment.pk, measure.key),
        )
    ]


# status -> (kind, who is told, the page the link leads to, the subject's end)
STATUS_EMAILS = {
    Status.SUBMITTED: (
        EmailKind.SUBMITTED,
        recipients.approvers,
        "assessments:review",
        "submitted for your approval",
    ),
    Status.RETURNED: (
        EmailKind.RETURNED,
        recipients.respondents,
        "assessments:assessment",
        "returned for changes",
    ),
    Status.APPROVED: (
        EmailKind.APPROVED,
        recipients.respondents,
        "assessments:results",
        "approved",
    ),
}


def status_changed(event_id: int) -> list[Outgoing]:
    """Submitted: to the organisation's approvers. Returned (with the comment) and approved: to
    its respondents. Only while the assessment still has that status."""
    event = _assessment_event(event_id, AuditEvent.Action.STATUS)
    status = (event.after or {}).get("status") if event else None
    if status not in STATUS_EMAILS:
        return []
    assessment = event.assessment
    if assessment.status != status:
        return []
    kind, who, page, what = STATUS_EMAILS[status]
    organisation = assessment.organisation
    url = absolute(page, assessment.pk)
    return [
        compose(
            key=f"{kind}:{event.pk}:{person.pk}",
            kind=kind,
            to=person,
            subject=f"{organisation.name}'s {assessment.round.name} {what}",
            template=kind,
            context={
                "assessment": assessment,
                "organisation": organisation,
                "by": person_name(event.actor),
                "comment": event.comment,
            },
            url=url,
        )
        for person in who([organisation.pk]).get(organisation.pk, [])
        if person.pk != event.actor_id
    ]


def round_is_open(round_: Round, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(round_.launched_at) and not round_.is_closed and round_.closes_on >= today


def round_opened_batches(round_id: int, size: int) -> list[list[int]]:
    """The round's assessments still to submit, as lists of ids of at most `size`; none if the
    round is not open (or no longer)."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None or not round_is_open(round_):
        return []
    ids = list(
        Assessment.objects.filter(round=round_, status__in=STILL_TO_SUBMIT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def round_opened(round_id: int, assessment_ids: list[int]) -> list[Outgoing]:
    """To each organisation's respondents: its assessment in the round is ready."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None or not round_is_open(round_):
        return []
    assessments = list(
        Assessment.objects.filter(round=round_, pk__in=assessment_ids).select_related(
            "organisation"
        )
    )
    people = recipients.respondents(a.organisation_id for a in assessments)
    prefilled = set(
        Answer.objects.filter(assessment__in=assessments, from_last_year=True)
        .values_list("assessment_id", flat=True)
        .distinct()
    )
    return [
        compose(
            key=f"{EmailKind.ROUND_OPENED}:{assessment.pk}:{person.pk}",
            kind=EmailKind.ROUND_OPENED,
            to=person,
            subject=f"{round_.name} is open: {assessment.organisation.name}'s assessment is ready",
            template="round_opened",
            context={
                "assessment": assessment,
                "organisation": assessment.organisation,
                "round": round_,
                "prefilled": assessment.pk in prefilled,
            },
            url=absolute("assessments:assessment", assessment.pk),
        )
        for assessment in assessments
        for person in people.get(assessment.organisation_id, [])
    ]


def days_left_text(days: int) -> str:
    if days <= 0:
        return "closes today"
    if days == 1:
        return "closes tomorrow"
    return f"closes in {days} days"


def reminders(reminder_ids: list[int]) -> list[Outgoing]:
    """To the respondents of each reminded organisation, unless it has submitted since or the
    round has closed."""
    today = timezone.localdate()
    due = list(Reminder.objects.filter(pk__in=reminder_ids).select_related("round", "organisation"))
    assessments = {
        (a.round_id, a.organisation_id): a
        for a in Assessment.objects.filter(
            round_id__in={r.round_id for r in due},
            organisation_id__in={r.organisation_id for r in due},
        )
    }
    people = recipients.respondents(r.organisation_id for r in due)
    emails = []
    for reminder in due:
        round_, organisation = reminder.round, reminder.organisation
        assessment = assessments.get((round_.pk, organisation.pk))
        if assessment is None or assessment.status not in STILL_TO_SUBMIT:
            continue
        if not round_is_open(round_, today):
            continue
        # Counted from the day the reminder is for, or today if the task runs later.
        days = (round_.closes_on - max(reminder.day, today)).days
        for person in people.get(organisation.pk, []):
            emails.append(
                compose(
                    key=f"{EmailKind.REMINDER}:{reminder.pk}:{person.pk}",
                    kind=EmailKind.REMINDER,
                    to=person,
                    subject=f"Reminder: {organisation.name}'s {round_.name} "
                    f"{days_left_text(days)} ({date_text(round_.closes_on)})",
                    template="reminder",
                    context={
                        "assessment": assessment,
                        "organisation": organisation,
                        "round": round_,
                        "days_left": days_left_text(days),
                        "returned": assessment.status == Status.RETURNED,
                    },
                    url=absolute("assessments:assessment", assessment.pk),
                )
            )
    return emails
