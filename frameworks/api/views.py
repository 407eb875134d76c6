"""Framework versions: list, one version's document, its YAML export, and the diff of two.
Reads go through `versions_visible_to` (published versions for anyone signed in, drafts for
framework authors), exactly as the pages."""

import json
from decimal import Decimal

import django_filters
import yaml
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from ..diff import diff_documents, render_text
from ..models import FrameworkVersion
from ..selectors import versions_visible_to
from ..services import version_document, version_export
from . import serializers as s


class YamlRenderer(BaseRenderer):
    """Lets a client ask for the export with `Accept: application/yaml`; a refusal is still a
    problem-details JSON body (as its Content-Type says)."""

    media_type = "application/yaml"
    format = "yaml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):
            return json.dumps(data).encode()
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _plain(document):
    """The document with its Decimal weights as strings, exactly as written."""
    return json.loads(
        json.dumps(document, default=lambda v: str(v) if isinstance(v, Decimal) else v)
    )


class VersionFilter(django_filters.FilterSet):
    framework = django_filters.CharFilter(field_name="framework_key", help_text="e.g. wgll")
    status = django_filters.ChoiceFilter(choices=FrameworkVersion.Status.choices)

    class Meta:
        model = FrameworkVersion
        fields = ["framework", "status"]


@extend_schema(tags=["frameworks"])
class VersionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The framework versions you may read."""

    serializer_class = s.VersionSerializer
    filterset_class = VersionFilter

    def get_queryset(self):
        return (
            versions_visible_to(self.request.user)
            .select_related("based_on")
            .order_by("framework_key", "major", "minor", "patch")
        )

    def get_renderers(self):
        if self.action == "export":
            return [JSONRenderer(), YamlRenderer()]
        return super().get_renderers()

    def _version(self, framework, version) -> FrameworkVersion:
        found = self.get_queryset().filter(framework_key=framework, version=version).first()
        if found is None:
            raise NotFound
        return found

    @extend_schema(responses=s.VersionDetailSerializer)
    def retrieve(self, request, framework=None, version=None):
        """One version and its whole content."""
        found = self._version(framework, version)
        data = s.VersionSerializer(found).data
        data["document"] = _plain(version_document(version=found))
        return Response(data)

    @extend_schema(
        responses={
            (200, "application/yaml"): OpenApiResponse(
                OpenApiTypes.STR, description="The version as a YAML file."
            )
        }
    )
    @action(detail=False)
    def export(self, request, framework=None, version=None):
        """The version as a YAML file, as `framework_export` writes it (re-importable)."""
        found = self._version(framework, version)
        response = HttpResponse(version_export(version=found), content_type="application/yaml")
        response["Content-Disposition"] = (
            f'attachment; filename="{found.framework_key}-{found.version}.yaml"'
        )
        return response

    @extend_schema(parameters=[s.DiffQuerySerializer], responses=s.DiffSerializer)
    @action(detail=False)
    def diff(self, request, framework=None):
        """What changed from version `old` to version `new` of a framework, by stable keys."""
        query = s.DiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        old = self._version(framework, query.validated_data["old"])
        new = self._version(framework, query.validated_data["new"])
        if old.pk == new.pk:
            raise ValidationError({"new": ["Choose two different versions to compare."]})
        crosswalk = new.based_on_id == old.pk
        diff = diff_documents(
            version_document(version=old), version_document(version=new), crosswalk=crosswalk
        )

        def added(items):
            return [{"key": i["key"], "label": i.get("label") or i.get("text", "")} for i in items]

        def changed(items):
            return [{"key": i.key, "label": i.label, "kinds": i.kinds} for i in items]

        return Response(
            {
                "framework": framework,
                "old_version": old.version,
                "new_version": new.version,
                "is_empty": diff.is_empty,
                "measures_added": added(diff.measures_added),
                "measures_removed": added(diff.measures_removed),
                "measures_changed": changed(diff.measures_changed),
                "questions_added": added(diff.questions_added),
                "questions_removed": added(diff.questions_removed),
                "questions_changed": changed(diff.questions_changed),
                "text": render_text(diff),
            }
        )
