"""An assessment's evidence: list, add (a file or a link), download and remove, under the same
checks as the questionnaire's pages: who may see and change the assessment (the access policy
and the token's limit), what a file really is (`evidence_files.check_upload`), a link's
scheme (`check_link`), and the services' audit log."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from ..evidence_files import evidence_download_response
from ..models import Assessment, Evidence
from ..selectors.questionnaire import question_of
from ..services import evidence_add_file, evidence_add_link, evidence_remove
from .common import get_for


class AnyRenderer(BaseRenderer):
    """Accepts any `Accept` for a download; a refusal is still a JSON problem."""

    media_type = "*/*"
    format = "download"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode() if isinstance(data, dict) else data


class EvidenceSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.key")
    added_by = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField(
        help_text="Where to download a file; null for links."
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "question",
            "kind",
            "title",
            "url",
            "file_name",
            "content_type",
            "size",
            "added_by",
            "added_at",
            "download",
        ]

    def get_added_by(self, evidence) -> str:
        return evidence.added_by.get_full_name() or evidence.added_by.get_username()

    def get_download(self, evidence) -> str | None:
        if evidence.kind != Evidence.Kind.FILE:
            return None
        return f"/api/v1/assessments/{evidence.assessment_id}/evidence/{evidence.pk}/download/"


class EvidenceAddSerializer(serializers.Serializer):
    question = serializers.SlugField(max_length=80, help_text="The question's key.")
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    file = serializers.FileField(required=False, help_text="For kind=file.")
    url = serializers.CharField(required=False, max_length=2000, help_text="For kind=link.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, data):
        if data["kind"] == "file" and not data.get("file"):
            raise serializers.ValidationError({"file": ["Choose a file to upload."]})
        if data["kind"] == "link" and not data.get("url"):
            raise serializers.ValidationError({"url": ["Give the link's address."]})
        return data


def _assessment(request, pk) -> Assessment:
    return get_for(
        request,
        Assessment.objects.select_related("organisation", "round").filter(pk=pk),
    )


def _evidence(assessment, evidence_pk) -> Evidence:
    found = (
        Evidence.objects.filter(assessment=assessment, pk=evidence_pk)
        .select_related("question", "added_by")
        .first()
    )
    if found is None:
        raise NotFound
    return found


@extend_schema(tags=["assessments"])
class EvidenceViewSet(viewsets.ViewSet):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_renderers(self):
        if getattr(self, "action", None) == "download":
            return [JSONRenderer(), AnyRenderer()]
        return super().get_renderers()

    @extend_schema(responses=EvidenceSerializer(many=True))
    def list(self, request, assessment_pk=None):
        """The evidence of an assessment you may see, oldest first."""
        assessment = _assessment(request, assessment_pk)
        rows = assessment.evidence.select_related("question", "added_by")
        return Response(EvidenceSerializer(rows, many=True).data)

    @extend_schema(
        request={"multipart/form-data": EvidenceAddSerializer},
        responses={201: EvidenceSerializer},
    )
    def create(self, request, assessment_pk=None):
        """Add a file (multipart) or a link to one question, as a respondent."""
        assessment = _assessment(request, assessment_pk)
        body = EvidenceAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        question = question_of(assessment, data["question"])
        if question is None:
            raise serializers.ValidationError({"question": ["No such question here."]})
        if data["kind"] == "file":
            evidence = evidence_add_file(
                assessment=assessment, question=question, upload=data["file"], by=request.user
            )
        else:
            evidence = evidence_add_link(
                assessment=assessment,
                question=question,
                url=data["url"],
                title=data.get("title", ""),
                by=request.user,
            )
        evidence = _evidence(assessment, evidence.pk)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment."
            )
        }
    )
    def download(self, request, assessment_pk=None, evidence_pk=None):
        """Download a file, as the page does: an attachment, never shown inline."""
        evidence = _evidence(_assessment(request, assessment_pk), evidence_pk)
        if evidence.kind != Evidence.Kind.FILE:
            raise NotFound
        try:
            stored = evidence.file.open("rb")
        except FileNotFoundError:
            raise NotFound from None
        return evidence_download_response(
            stored, checked_content_type=evidence.content_type, filename=evidence.file_name
        )

    @extend_schema(responses={204: None})
    def destroy(self, request, assessment_pk=None, evidence_pk=None):
        """Remove evidence (respondents, while the assessment can be changed)."""
        evidence = _evidence(_assessment(request, assessment_pk), evidence_pk)
        evidence_remove(evidence=evidence, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
