"""Regions, systems, organisations, assessments, their answers and frozen scores, and the
sign-off actions. Every read goes through `common.visible` (the access policy and the token's
limit), every write through the services the pages use, so the audit log and the workflow's
rules apply unchanged."""

import django_filters
from django import forms
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from config.api import problem_response

from .. import access
from ..models import Answer, Assessment, Organisation, Region, System, SystemMembership
from ..selectors import round_scores
from ..selectors.questionnaire import question_of
from ..services import (
    AnswerConflict,
    answer_save,
    assessment_approve,
    assessment_reopen,
    assessment_return,
    assessment_submit,
)
from . import serializers as s
from .common import get_for, visible

SCORES_METHOD = (
    "Frozen at approval: a measure is the weighted mean of its answered questions' levels "
    "(1 to 5), overall the weighted mean of the measures; not-applicable and unanswered "
    "questions drop out; stored to 8 decimal places."
)


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class RegionViewSet(ReadOnly):
    """The NHS England regions you may see (national administrators and regional analysts)."""

    serializer_class = s.RegionSerializer
    lookup_field = "ods_code"

    def get_queryset(self):
        return visible(self.request, Region.objects.order_by("name"))

    def get_object(self):
        code = self.kwargs["ods_code"].upper()
        return get_for(self.request, Region.objects.filter(ods_code=code))


class SystemFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(
        field_name="region__ods_code", lookup_expr="iexact", help_text="A region's ODS code."
    )
    current = django_filters.BooleanFilter(method="filter_current", help_text="Exists today.")

    class Meta:
        model = System
        fields = ["region", "current"]

    def filter_current(self, queryset, name, value):
        current = System.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class SystemViewSet(ReadOnly):
    """The integrated care systems you may see."""

    serializer_class = s.SystemSerializer
    lookup_field = "ods_code"
    filterset_class = SystemFilter

    def get_queryset(self):
        return visible(self.request, System.objects.select_related("region").order_by("name"))

    def get_object(self):
        code = self.kwargs["ods_code"].upper()
        return get_for(self.request, System.objects.select_related("region").filter(ods_code=code))


class OrganisationFilter(django_filters.FilterSet):
    care_setting = django_filters.ChoiceFilter(
        choices=Organisation._meta.get_field("care_setting").choices
    )
    search = django_filters.CharFilter(method="filter_search", help_text="Name or ODS code.")

    class Meta:
        model = Organisation
        fields = ["care_setting", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class OrganisationViewSet(ReadOnly):
    """The organisations you may see one by one."""

    serializer_class = s.OrganisationSerializer
    lookup_field = "ods_code"
    filterset_class = OrganisationFilter

    def _base(self):
        return Organisation.objects.prefetch_related(
            Prefetch(
                "system_memberships",
                queryset=SystemMembership.objects.current()
                .select_related("system")
                .order_by("-is_host", "system__name"),
                to_attr="current",
            )
        ).order_by("name")

    def get_queryset(self):
        return visible(self.request, self._base())

    def get_object(self):
        code = self.kwargs["ods_code"].upper()
        return get_for(self.request, self._base().filter(ods_code=code))

    def get_serializer(self, *args, **kwargs):
        organisations = args[0] if args else []
        if isinstance(organisations, Organisation):
            organisations = [organisations]
        ids = {m.system_id for o in organisations for m in o.current}
        kwargs["context"] = {
            **self.get_serializer_context(),
            "system_names": access.system_names(self.request.user, ids),
        }
        return self.serializer_class(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number the database can hold (a bigger one is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


class AssessmentFilter(django_filters.FilterSet):
    round = IdFilter(field_name="round_id", help_text="A round's id.")
    organisation = django_filters.CharFilter(
        field_name="organisation__ods_code", lookup_expr="iexact", help_text="An ODS code."
    )
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)

    class Meta:
        model = Assessment
        fields = ["round", "organisation", "status"]


def _assessments():
    return Assessment.objects.select_related(
        "organisation", "round", "framework_version__framework"
    ).order_by("-round__opens_on", "organisation__name", "pk")


@extend_schema(tags=["assessments"])
class AssessmentViewSet(ReadOnly):
    """The assessments of the organisations you may see; their answers, frozen scores, and the
    sign-off actions (each through the same service, rules and audit log as the pages)."""

    serializer_class = s.AssessmentSerializer
    filterset_class = AssessmentFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return visible(self.request, _assessments())

    def get_object(self):
        return get_for(self.request, _assessments().filter(pk=int(self.kwargs["pk"])))

    def _done(self, assessment):
        assessment = _assessments().get(pk=assessment.pk)
        return Response(s.AssessmentSerializer(assessment).data)

    @extend_schema(request=None, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit for approval (respondents): every applicable question answered."""
        return self._done(assessment_submit(assessment=self.get_object(), by=request.user))

    @extend_schema(request=None, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a submitted assessment (its approver, not the submitter): freezes its scores."""
        return self._done(assessment_approve(assessment=self.get_object(), by=request.user))

    @extend_schema(request=s.ReturnSerializer, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Return a submitted assessment to its respondents, saying what needs to change."""
        assessment = self.get_object()
        body = s.ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(
            assessment_return(
                assessment=assessment, by=request.user, comment=body.validated_data["comment"]
            )
        )

    @extend_schema(request=s.ReopenSerializer, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen an approved assessment (national administrators), withdrawing its scores."""
        assessment = self.get_object()
        body = s.ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(
            assessment_reopen(
                assessment=assessment, by=request.user, reason=body.validated_data["reason"]
            )
        )

    @extend_schema(responses=s.ScoresSerializer)
    @action(detail=True, methods=["get"])
    def scores(self, request, pk=None):
        """The scores frozen at approval: overall, per success measure and per question (by
        stable key). 404 until the assessment is approved."""
        assessment = self.get_object()
        frozen = round_scores(
            assessment.round, organisations=[assessment.organisation_id]
        ).organisations.get(assessment.organisation.ods_code)
        if frozen is None:
            raise NotFound
        return Response(
            s.ScoresSerializer(
                {
                    "assessment": assessment.pk,
                    "organisation": frozen.ods_code,
                    "round": assessment.round_id,
                    "overall": frozen.overall,
                    "measures": [
                        {
                            "key": key,
                            "score": m.score,
                            "questions_scored": m.answered,
                            "questions_not_applicable": m.not_applicable,
                        }
                        for key, m in sorted(frozen.measures.items())
                    ],
                    "questions": [
                        {"key": key, "level": level}
                        for key, level in sorted(frozen.questions.items())
                    ],
                    "method": SCORES_METHOD,
                }
            ).data
        )


def _answers(assessment):
    return (
        Answer.objects.filter(assessment=assessment)
        .select_related("question__measure", "updated_by")
        .order_by("question__measure__order", "question__order")
    )


@extend_schema(tags=["assessments"])
class AnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An assessment's answers, by question key; saving one with the revision you read."""

    serializer_class = s.AnswerSerializer
    lookup_field = "question_key"

    def assessment(self):
        if not hasattr(self, "_assessment"):
            pk = self.kwargs["assessment_pk"]
            self._assessment = get_for(self.request, _assessments().filter(pk=pk))
        return self._assessment

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's look at this view
            return Answer.objects.none()
        return _answers(self.assessment())

    def get_object(self):
        found = self.get_queryset().filter(question__key=self.kwargs["question_key"]).first()
        if found is None:
            raise NotFound
        return found

    @extend_schema(
        request=s.AnswerWriteSerializer,
        responses={
            200: s.AnswerSerializer,
            409: OpenApiResponse(
                s.ConflictSerializer,
                description="Someone saved this answer since your revision: `current` is it.",
            ),
        },
    )
    def update(self, request, assessment_pk=None, question_key=None):
        """Create or change one answer. Fields left out stay as they are. Refused with 409
        and the answer as it is now if anyone saved it since `expected_revision`."""
        assessment = self.assessment()
        question = question_of(assessment, question_key)
        if question is None:
            raise NotFound
        body = s.AnswerWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        expected = changes.pop("expected_revision")
        try:
            answer = answer_save(
                assessment=assessment,
                question=question,
                by=request.user,
                expected_revision=expected,
                **changes,
            )
        except AnswerConflict as conflict:
            current = _answers(assessment).get(pk=conflict.current.pk)
            return problem_response(
                409,
                conflict.message,
                code="answer_conflict",
                current=s.AnswerSerializer(current).data,
            )
        return Response(s.AnswerSerializer(_answers(assessment).get(pk=answer.pk)).data)
