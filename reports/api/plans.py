"""Transformation plans, read: the plans of the systems and organisations you may see, and one
version's targets and actions in the plan's order (`plans.selectors.plan_view`), under the
plans' rules (`access.may_read_plan`; board readers read agreed versions only,
`readable_versions`), narrowed by the token's limit. Written as on their pages, through the same services:
`plan_writes.py`."""

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from assessments import access
from assessments.api.common import visible
from assessments.models import Organisation, System

from ..plans import refresh, services
from ..plans.models import Plan, PlanAction, PlanTarget, PlanVersion
from ..plans.selectors import plan_history, plan_view, readable_versions
from . import plan_writes as w

CONFLICT = OpenApiResponse(description="No draft to change, or the version is agreed (409).")


class PlanVersionBriefSerializer(serializers.ModelSerializer):
    agreed_by = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = ["number", "status", "created_at", "agreed_at", "agreed_by"]

    def get_agreed_by(self, version) -> str:
        person = version.agreed_by
        return (person.get_full_name() or person.get_username()) if person else ""


class PlanSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id")
    system = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField(help_text="The versions you may read.")

    class Meta:
        model = Plan
        fields = ["id", "round", "system", "organisation", "versions"]

    def get_system(self, plan) -> str | None:
        return plan.system.ods_code if plan.system_id else None

    def get_organisation(self, plan) -> str | None:
        return plan.organisation.ods_code if plan.organisation_id else None

    def get_versions(self, plan) -> list[dict]:
        if hasattr(plan, "every_version"):  # a list: fetched with the plans (`_plans`)
            versions = [
                v
                for v in plan.every_version
                if plan.reads_drafts or v.status == PlanVersion.Status.AGREED
            ]
        else:
            versions = readable_versions(self.context["request"].user, plan)
        return PlanVersionBriefSerializer(versions, many=True).data


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["measure_key", "label", "current", "proposed", "proposed_from", "target"]


class ActionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(allow_null=True, help_text="Its number in the plan.")

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "number",
            "measure_key",
            "title",
            "question_key",
            "origin",
            "decision",
            "current",
            "next_level",
            "owner",
            "due_on",
            "status",
            "notes",
        ]


class PlanVersionSerializer(PlanVersionBriefSerializer):
    targets = TargetSerializer(many=True)
    actions = ActionSerializer(many=True)
    dropped = ActionSerializer(many=True)
    undecided = serializers.IntegerField()

    class Meta(PlanVersionBriefSerializer.Meta):
        fields = [
            *PlanVersionBriefSerializer.Meta.fields,
            "targets",
            "actions",
            "dropped",
            "undecided",
        ]


@extend_schema(tags=["plans"])
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PlanSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        request = self.request
        return (
            Plan.objects.filter(
                Q(system__in=visible(request, System.objects.all()))
                | Q(organisation__in=visible(request, Organisation.objects.all()))
            )
            .select_related("system", "organisation", "round")
            .order_by("-round__opens_on", "pk")
        )

    def list(self, request, *args, **kwargs):
        """The plans you may read, each with the versions you may read (in a fixed number of
        queries however many plans: `readable_versions`' rule is asked in SQL once)."""
        user = request.user
        drafts = Q(system__in=access.restrict_plan_drafts(user, System.objects.all())) | Q(
            organisation__in=access.restrict_plan_drafts(user, Organisation.objects.all())
        )
        versions = PlanVersion.objects.select_related("agreed_by", "created_by").order_by("-number")
        plans = self.filter_queryset(self.get_queryset()).annotate(
            reads_drafts=ExpressionWrapper(drafts, output_field=BooleanField())
        )
        plans = plans.prefetch_related(Prefetch("versions", versions, to_attr="every_version"))
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        found = self.get_queryset().filter(pk=int(self.kwargs["pk"])).first()
        if found is None:
            raise NotFound
        return found

    def _plan(self, *, change=False, agree=False):
        """The plan, for a write: 404 unless the caller reads a version of it (as the pages),
        403 unless they may change it (agree it)."""
        plan = self.get_object()
        if not readable_versions(self.request.user, plan).exists():
            raise NotFound
        if change or agree:
            w.may_change(self.request, plan, agree=agree)
        return plan

    def _version(self, version, code=status.HTTP_200_OK):
        return Response(version_data(version), status=code)

    @extend_schema(
        request=w.PlanStartSerializer,
        responses={201: PlanSerializer, 409: OpenApiResponse(description="It has a plan.")},
    )
    def create(self, request):
        """Start the plan of a system or organisation for a launched round: version 1, a draft
        proposed from the approved data (its owners: a system's SRO, a national admin)."""
        subject, round_ = w.subject_for_start(request, w.valid(w.PlanStartSerializer, request))
        version = services.plan_start(subject=subject, round_=round_, by=request.user)
        plan = self.get_queryset().get(pk=version.plan_id)
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PlanVersionSerializer)
    @action(detail=True, url_path=r"versions/(?P<number>\d+)")
    def version(self, request, pk=None, number=None):
        """One version of the plan: its targets per success measure and its actions, in the
        plan's order (dropped actions apart)."""
        plan = self.get_object()
        version = readable_versions(request.user, plan).filter(number=int(number)).first()
        if version is None:
            raise NotFound
        return self._version(version)

    @extend_schema(
        request=w.TargetsSerializer, responses={200: PlanVersionSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["put"])
    def targets(self, request, pk=None):
        """Set the draft's targets by success measure key (those left out stay as they are);
        answers the draft."""
        return self._version(w.set_targets(request, self._plan(change=True)))

    @extend_schema(
        request=w.ActionCreateSerializer, responses={201: ActionSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        """Add your own action to the draft (accepted, last in the plan's order)."""
        found = w.add_action(request, self._plan(change=True))
        return Response(action_data(found), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=w.ActionChangeSerializer, responses={200: ActionSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["patch"], url_path=r"actions/(?P<action_pk>\d+)")
    def change_action(self, request, pk=None, action_pk=None):
        """Change a draft action's title, owner, due date, status or notes (those given), and
        accept or drop a proposed one (`decision`). An agreed version's action: 409."""
        found = w.change_action(request, self._plan(change=True), int(action_pk))
        return Response(action_data(found))

    @extend_schema(request=w.AgreeSerializer, responses={200: PlanVersionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        """Agree the draft (the SRO): every proposed action decided and one accepted (409
        otherwise). It is dated, attributed and never changed again."""
        plan = self._plan(agree=True)
        comment = w.valid(w.AgreeSerializer, request)["comment"]
        draft = w.draft_of(plan)
        return self._version(services.plan_agree(version=draft, by=request.user, comment=comment))

    @extend_schema(request=None, responses={201: PlanVersionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="new-draft")
    def new_draft(self, request, pk=None):
        """Start a new draft copied from the last agreed version (409 if there is a draft)."""
        draft = services.plan_new_draft(plan=self._plan(change=True), by=request.user)
        return self._version(draft, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PlanVersionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        """Take the draft's figures again from the approved data as it is now; targets and
        decisions stay. 409 if the data has not changed since."""
        draft = w.draft_of(self._plan(change=True))
        return self._version(refresh.plan_refresh(version=draft, by=request.user))

    @extend_schema(responses=w.PlanEventSerializer(many=True))
    @action(detail=True)  # the whole history, unpaginated (urls.py), as the plan page shows it
    def history(self, request, pk=None):
        """Every change to the plan, newest first: who, when, what, before and after (as the
        plan page shows it; not to those who read only agreed versions)."""
        plan = self.get_object()
        if not access.reads_plan_drafts(request.user, plan.subject):
            raise NotFound
        return Response(w.PlanEventSerializer(plan_history(plan), many=True).data)


def action_data(found: PlanAction) -> dict:
    numbered = {a.pk: n for n, a, _ in plan_view(found.version).actions}
    return {**ActionSerializer(found).data, "number": numbered.get(found.pk)}


def version_data(version: PlanVersion) -> dict:
    view = plan_view(version)
    data = PlanVersionBriefSerializer(version).data
    numbered = {action.pk: n for n, action, _ in view.actions}

    def actions(items):
        return [{**ActionSerializer(a).data, "number": numbered.get(a.pk)} for a in items]

    return data | {
        "targets": TargetSerializer(view.targets, many=True).data,
        "actions": actions([a for _, a, _ in view.actions]),
        "dropped": actions([a for s in view.sections for a in s.dropped]),
        "undecided": view.undecided,
    }
