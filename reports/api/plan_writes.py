"""Transformation plans, written: what the plan pages do, through the same services
(`plans.services`, `plans.refresh`) and so the same rules and history (`PlanEvent`).

    POST   plans/                               start a plan (version 1, proposed from the data)
    PUT    plans/<id>/targets/                  set targets of the draft
    POST   plans/<id>/actions/                  add an action to the draft
    PATCH  plans/<id>/actions/<action id>/      change an action; accept or drop a proposed one
    POST   plans/<id>/agree/                    agree the draft (the SRO)
    POST   plans/<id>/new-draft/                start a new draft from the last agreed version
    POST   plans/<id>/refresh/                  take the draft's figures again from the data
    GET    plans/<id>/history/                  every change (not for board readers)

Who may, as on the pages (`reports/views/plans.py`): a plan you may not read is 404 (so is one
outside the token's limit); `access.may_change_plan` (`may_agree_plan` to agree) or 403; a
read-only token is refused first (`TokenScope`). No draft, or an agreed version, is 409.
Actions are removed from a plan only by dropping a proposed one, as on the pages.
"""

from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from assessments import access
from assessments.api.common import visible, within_token
from assessments.models import Organisation, Round, System

from ..plans import services
from ..plans.models import PlanAction, PlanEvent

FIRST_YEAR, LAST_YEAR = 2000, 2100  # as the action form's due date (`plans.forms`)


class PlanStartSerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="A round's id.")
    system = serializers.CharField(
        required=False, max_length=20, help_text="The ODS code of the system to plan for."
    )
    organisation = serializers.CharField(
        required=False, max_length=20, help_text="Or of the organisation to plan for."
    )

    def validate(self, data):
        if bool(data.get("system")) == bool(data.get("organisation")):
            raise ValidationError("Give either a system or an organisation, not both.")
        return data


class TargetsSerializer(serializers.Serializer):
    targets = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=2,
            decimal_places=1,
            min_value=1,
            max_value=5,
            allow_null=True,
            help_text="A level from 1 to 5 with at most one decimal place; null for none.",
        ),
        allow_empty=False,
        help_text="Targets by success measure key; measures left out stay as they are.",
    )


def _due_on(value):
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"The due date must be between {FIRST_YEAR} and {LAST_YEAR}.")
    return value


class ActionFieldsSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=services.TITLE_MAX, help_text="What the action is.")
    owner = serializers.CharField(max_length=services.OWNER_MAX, allow_blank=True, default="")
    due_on = serializers.DateField(allow_null=True, default=None, validators=[_due_on])
    status = serializers.ChoiceField(
        choices=PlanAction.Status.choices, default=PlanAction.Status.NOT_STARTED
    )
    notes = serializers.CharField(max_length=services.NOTES_MAX, allow_blank=True, default="")


class ActionCreateSerializer(ActionFieldsSerializer):
    measure_key = serializers.CharField(
        max_length=100, help_text="The success measure (its key) the action is for."
    )


class ActionChangeSerializer(serializers.Serializer):
    """Only the fields given change."""

    title = serializers.CharField(max_length=services.TITLE_MAX, required=False)
    owner = serializers.CharField(max_length=services.OWNER_MAX, allow_blank=True, required=False)
    due_on = serializers.DateField(allow_null=True, required=False, validators=[_due_on])
    status = serializers.ChoiceField(choices=PlanAction.Status.choices, required=False)
    notes = serializers.CharField(max_length=services.NOTES_MAX, allow_blank=True, required=False)
    decision = serializers.ChoiceField(
        choices=[PlanAction.Decision.ACCEPTED, PlanAction.Decision.DROPPED],
        required=False,
        help_text="Accept or drop a proposed action.",
    )


class AgreeSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=services.NOTES_MAX, allow_blank=True, default="", help_text="Optional."
    )


class PlanEventSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version_number")
    action_display = serializers.CharField(source="get_action_display")
    actor = serializers.SerializerMethodField()

    class Meta:
        model = PlanEvent
        fields = [
            "at",
            "version",
            "action",
            "action_display",
            "subject",
            "actor",
            "before",
            "after",
            "comment",
        ]

    def get_actor(self, event) -> str:
        person = event.actor
        return (person.get_full_name() or person.get_username()) if person else ""


def valid(serializer_class, request):
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def subject_for_start(request, data):
    """The system or organisation to start a plan for: 404 unless seen (within the token's
    limit), 403 unless the caller may change its plans; and the launched round (400)."""
    if data.get("system"):
        subject = visible(request, System.objects.filter(ods_code=data["system"])).first()
        rounds = Round.objects.all()
    else:
        subject = visible(request, Organisation.objects.filter(ods_code=data["organisation"]))
        subject = subject.first()
        rounds = Round.objects.filter(assessments__organisation=subject)
    if subject is None or not within_token(request, subject):
        raise NotFound
    if not access.may_change_plan(request.user, subject):
        raise PermissionDenied("Only the plan's owners may start it.")
    round_ = rounds.filter(pk=data["round"], launched_at__isnull=False).distinct().first()
    if round_ is None:
        raise ValidationError({"round": ["Choose a launched round of this plan's subject."]})
    return subject, round_


def may_change(request, plan, *, agree=False):
    rule = access.may_agree_plan if agree else access.may_change_plan
    if not rule(request.user, plan.subject):
        who = "the plan's SRO (or a national administrator)" if agree else "the plan's owners"
        raise PermissionDenied(f"Only {who} may do this.")


def draft_of(plan):
    draft = plan.versions.drafts().first()
    if draft is None:
        raise services.PlanConflict("This plan is agreed: start a new draft to change it.")
    return draft


def set_targets(request, plan):
    data = valid(TargetsSerializer, request)["targets"]
    draft = draft_of(plan)
    keys = set(draft.plantargets.values_list("measure_key", flat=True))
    unknown = sorted(set(data) - keys)
    if unknown:
        word = plan.round.framework_version.section_word
        raise ValidationError({"targets": {k: [f"This plan has no {word} {k}."] for k in unknown}})
    services.targets_set(version=draft, targets=data, by=request.user)
    return draft


def add_action(request, plan):
    data = dict(valid(ActionCreateSerializer, request))
    draft = draft_of(plan)
    if not draft.plantargets.filter(measure_key=data["measure_key"]).exists():
        word = plan.round.framework_version.section_word
        raise ValidationError({"measure_key": [f"Choose the {word} the action is for."]})
    return services.action_add(version=draft, by=request.user, **data)


def change_action(request, plan, action_pk):
    """An action of any version of the plan: the service refuses an agreed one (409)."""
    found = (
        PlanAction.objects.filter(version__plan=plan, pk=action_pk).select_related("version")
    ).first()
    if found is None:
        raise NotFound
    changes = dict(valid(ActionChangeSerializer, request))
    decision = changes.pop("decision", None)
    if decision is not None:
        if found.origin != PlanAction.Origin.PROPOSED:
            raise ValidationError({"decision": ["Only a proposed action is accepted or dropped."]})
        found = services.action_decide(action=found, decision=decision, by=request.user)
    if changes or decision is None:
        found = services.action_update(action=found, by=request.user, **changes)
    return found
