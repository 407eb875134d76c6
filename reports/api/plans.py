"""Transformation plans, read: the plans of the systems and organisations you may see, and one
version's targets and actions in the plan's order (`plans.selectors.plan_view`), under the
plans' rules (`access.may_read_plan`; board readers read agreed versions only,
`readable_versions`), narrowed by the token's limit. Plans are written on their pages."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from assessments.api.common import visible
from assessments.models import Organisation, System

from ..plans.models import Plan, PlanAction, PlanTarget, PlanVersion
from ..plans.selectors import plan_view, readable_versions


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
        user = self.context["request"].user
        return PlanVersionBriefSerializer(readable_versions(user, plan), many=True).data


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["measure_key", "label", "current", "proposed", "proposed_from", "target"]


class ActionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(allow_null=True, help_text="Its number in the plan.")

    class Meta:
        model = PlanAction
        fields = [
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

    def get_object(self):
        found = self.get_queryset().filter(pk=int(self.kwargs["pk"])).first()
        if found is None:
            raise NotFound
        return found

    @extend_schema(responses=PlanVersionSerializer)
    @action(detail=True, url_path=r"versions/(?P<number>\d+)")
    def version(self, request, pk=None, number=None):
        """One version of the plan: its targets per success measure and its actions, in the
        plan's order (dropped actions apart)."""
        plan = self.get_object()
        version = readable_versions(request.user, plan).filter(number=int(number)).first()
        if version is None:
            raise NotFound
        view = plan_view(version)
        data = PlanVersionBriefSerializer(version).data
        numbered = {action.pk: n for n, action, _ in view.actions}

        def actions(items):
            return [{**ActionSerializer(a).data, "number": numbered.get(a.pk)} for a in items]

        data |= {
            "targets": TargetSerializer(view.targets, many=True).data,
            "actions": actions([a for _, a, _ in view.actions]),
            "dropped": actions([a for s in view.sections for a in s.dropped]),
            "undecided": view.undecided,
        }
        return Response(data)
