"""Documents (the transformation plan, board summary and organisation plan as PDFs): request
one, follow its status, download it. The same rules as the Documents pages
(`reports.documents.access`: who may request and read, board readers agreed plans only), the
same service (`report_request`, made by the worker after commit), narrowed by the token's limit."""

import json

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from assessments.api.common import get_for, within_limit
from assessments.api.permissions import token_of
from assessments.models import Organisation, System

from .. import sources
from ..documents import access, services
from ..documents.models import Kind, Report


class PdfRenderer(BaseRenderer):
    """Lets a client ask for the download with `Accept: application/pdf`; a refusal is still
    a JSON problem."""

    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode() if isinstance(data, dict) else data


class ReportSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id")
    system = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField(help_text="Where to download it once ready.")

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "round",
            "system",
            "organisation",
            "status",
            "message",
            "requested_at",
            "finished_at",
            "agreed",
            "pages",
            "size",
            "download",
        ]

    def get_system(self, report) -> str | None:
        return report.system.ods_code if report.system_id else None

    def get_organisation(self, report) -> str | None:
        return report.organisation.ods_code if report.organisation_id else None

    def get_download(self, report) -> str | None:
        if report.status != Report.Status.READY:
            return None
        return f"/api/v1/reports/{report.pk}/download/"


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    round = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    system = serializers.CharField(required=False, max_length=10, help_text="Its ODS code.")
    organisation = serializers.CharField(required=False, max_length=10, help_text="ODS code.")
    version = serializers.ChoiceField(
        choices=["", *services.VERSIONS],
        required=False,
        default="",
        help_text="The plan's agreed version or its draft; empty: agreed if there is one.",
    )

    def validate(self, data):
        if bool(data.get("system")) == bool(data.get("organisation")):
            raise serializers.ValidationError("Name a system or an organisation (one of them).")
        return data


def _reports(request):
    reports = access.visible_reports(request.user, Report.objects.all()).select_related(
        "round", "system", "organisation"
    )
    token = token_of(request)
    if token is not None and token.limit is not None:
        reports = reports.filter(
            Q(system__in=within_limit(request, System.objects.all()))
            | Q(organisation__in=within_limit(request, Organisation.objects.all()))
        )
    return reports.order_by("-requested_at", "-pk")


@extend_schema(tags=["reports"])
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The documents you may read; requesting one; downloading it."""

    serializer_class = ReportSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return _reports(self.request)

    def get_renderers(self):
        if getattr(self, "action", None) == "download":
            return [JSONRenderer(), PdfRenderer()]
        return super().get_renderers()

    def get_object(self):
        found = self.get_queryset().filter(pk=int(self.kwargs["pk"])).first()
        if found is None:
            raise NotFound
        return found

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportSerializer})
    def create(self, request):
        """Ask for a document; it is made in the background: follow its `status`."""
        body = ReportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data.get("system"):
            subject = get_for(request, System.objects.filter(ods_code=data["system"].upper()))
        else:
            subject = get_for(
                request, Organisation.objects.filter(ods_code=data["organisation"].upper())
            )
        round_ = sources.launched_round(data["round"])
        if round_ is None:
            raise serializers.ValidationError({"round": ["No such round."]})
        report = services.report_request(
            user=request.user,
            kind=data["kind"],
            round_=round_,
            subject=subject,
            version=data["version"],
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            )
        }
    )
    def download(self, request, pk=None):
        """The PDF of a ready document."""
        report = self.get_object()
        if report.status != Report.Status.READY or not report.file:
            raise NotFound
        response = FileResponse(
            default_storage.open(report.file.name, "rb"),
            as_attachment=True,
            filename=report.filename,
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
