"""A region's document batches: the transformation plan or board summary of every system of a
region at once, as the region's Documents page requests them (`services.batch_request`).

The same rules as the pages: the region is fetched for "export" through the access policy and
the token's limit (`get_for`: 404 for a region the caller may not see, so a token limited to a
system or an organisation sees none); requesting needs a read-and-write token (`TokenScope`);
each batch lists only the reports this person may read (`access.visible_reports`), and one
whose reports they may read none of is refused, as the batch page refuses it.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from assessments.api.common import get_for
from assessments.models import Region

from .. import sources
from ..documents import access, services
from ..documents.models import SYSTEM_KINDS, Report, ReportBatch
from .documents import ReportSerializer


class BatchSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.ods_code", help_text="Its ODS code.")
    round = serializers.IntegerField(source="round_id")
    reports = ReportSerializer(
        source="visible",
        many=True,
        read_only=True,
        help_text="Each system's document that you may read: follow its status, download it.",
    )

    class Meta:
        model = ReportBatch
        fields = ["id", "kind", "region", "round", "requested_at", "reports"]


class BatchRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in SYSTEM_KINDS])
    round = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="A round's id.")


def _batches(request):
    """Batches with the reports this person may read, fetched in one query for any number."""
    reports = (
        access.visible_reports(request.user, Report.objects.all())
        .select_related("round", "system", "organisation")
        .order_by("system__name", "pk")
    )
    return ReportBatch.objects.select_related("region").prefetch_related(
        Prefetch("reports", queryset=reports, to_attr="visible")
    )


def _region(request, code: str) -> Region:
    return get_for(request, Region.objects.filter(ods_code=code.upper()), "export")


class RegionBatchesView(mixins.ListModelMixin, GenericAPIView):
    """A region's document batches (national administrators and the region's analysts), and
    requesting one: each system's agreed plan where there is one, else its draft."""

    serializer_class = BatchSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drawing the schema: no region
            return ReportBatch.objects.none()
        return _batches(self.request).filter(region=self.region)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.region = _region(request, kwargs["code"])

    @extend_schema(tags=["reports"])
    def get(self, request, code):
        return self.list(request)

    @extend_schema(
        tags=["reports"], request=BatchRequestSerializer, responses={202: BatchSerializer}
    )
    def post(self, request, code):
        """Ask for the documents of every system of the region; each is made in the
        background: follow each report's `status`."""
        body = BatchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        round_ = sources.launched_round(body.validated_data["round"])
        if round_ is None:
            raise serializers.ValidationError({"round": ["No such round."]})
        batch = services.batch_request(
            user=request.user, kind=body.validated_data["kind"], round_=round_, region=self.region
        )
        batch = self.get_queryset().get(pk=batch.pk)
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchView(GenericAPIView):
    """One batch and its reports, for those who may export its region."""

    serializer_class = BatchSerializer

    @extend_schema(tags=["reports"], responses=BatchSerializer)
    def get(self, request, pk):
        batch = _batches(request).filter(pk=pk).first()
        if batch is None:
            raise NotFound
        get_for(request, Region.objects.filter(pk=batch.region_id), "export")
        if not batch.visible:
            raise PermissionDenied("You may read none of this batch's documents.")
        return Response(BatchSerializer(batch).data)
