"""Rounds and their progress. Launched rounds are listed to anyone signed in (their names and
ids are what every results page offers to choose from); a round's progress over the whole
country is the national administrators' (as its page), a system's progress is for those who
see its organisations one by one (its SRO, the region's analysts, national administrators)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from .. import access
from ..models import Round, System
from ..selectors.rounds import STATES, round_progress, system_assessments
from .common import get_for
from .permissions import token_of


class RoundSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework_version.framework_key")
    framework_version = serializers.CharField(source="framework_version.version")

    class Meta:
        model = Round
        fields = [
            "id",
            "name",
            "framework",
            "framework_version",
            "care_settings",
            "opens_on",
            "closes_on",
            "closed_at",
        ]


class CountsSerializer(serializers.Serializer):
    pass


for _state, _label in STATES:
    CountsSerializer._declared_fields[_state] = serializers.IntegerField(help_text=_label)


class LineSerializer(serializers.Serializer):
    code = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    region = serializers.CharField(allow_blank=True)
    total = serializers.IntegerField()
    counts = CountsSerializer()


class ProgressSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    total = LineSerializer()
    regions = LineSerializer(many=True)
    systems = LineSerializer(many=True)


def _line(line) -> dict:
    return {
        "code": line.code,
        "name": line.name,
        "region": line.region,
        "total": line.total,
        "counts": dict(line.counts),
    }


def _progress(round_, progress) -> dict:
    return {
        "round": round_.pk,
        "total": _line(progress.total),
        "regions": [_line(line) for line in progress.regions],
        "systems": [_line(line) for line in progress.systems],
    }


@extend_schema(tags=["rounds"])
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Launched rounds; their progress per region and system."""

    serializer_class = RoundSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (
            Round.objects.filter(launched_at__isnull=False)
            .select_related("framework_version")
            .order_by("-opens_on", "name")
        )

    def get_object(self):
        found = self.get_queryset().filter(pk=int(self.kwargs["pk"])).first()
        if found is None:
            raise NotFound
        return found

    @extend_schema(responses=ProgressSerializer)
    @action(detail=True)
    def progress(self, request, pk=None):
        """How many organisations are not started, in progress, submitted, returned and
        approved: in all, per region and per system (national administrators)."""
        round_ = self.get_object()
        token = token_of(request)
        if not access.may_run_rounds(request.user) or (token and token.limit is not None):
            raise PermissionDenied("A round's national progress is for national administrators.")
        return Response(_progress(round_, round_progress(round_)))

    @extend_schema(
        responses=ProgressSerializer,
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="ODS code")],
    )
    @action(detail=True, url_path=r"systems/(?P<code>[^/.]+)/progress")
    def system_progress(self, request, pk=None, code=None):
        """The round's progress in one system (the organisations it hosted when the round
        opened), for those who see the system's organisations one by one."""
        round_ = self.get_object()
        system = get_for(request, System.objects.filter(ods_code=code.upper()))
        if not access.sees_organisations_of(request.user, system):
            raise PermissionDenied("A system's progress is for those who see its organisations.")
        assessments = system_assessments(round_, system)
        return Response(_progress(round_, round_progress(round_, assessments)))
