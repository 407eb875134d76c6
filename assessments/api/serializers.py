"""What the API says about regions, systems, organisations, assessments, answers and scores.
Names follow the access policy's rule for names (a system the reader may not view is "another
system", without its code): views pass `system_names` in the context."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Answer, Assessment, Organisation, Region, System


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["ods_code", "name"]


class SystemSerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True)

    class Meta:
        model = System
        fields = ["ods_code", "name", "region", "valid_from", "valid_to"]


class MembershipSerializer(serializers.Serializer):
    system_code = serializers.CharField(allow_blank=True, help_text="Empty for another system.")
    system = serializers.CharField(help_text='Its name, or "another system".')
    is_host = serializers.BooleanField()


class OrganisationSerializer(serializers.ModelSerializer):
    systems = serializers.SerializerMethodField(
        help_text="The systems it belongs to today, its host first."
    )

    class Meta:
        model = Organisation
        fields = ["ods_code", "name", "care_setting", "systems"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_systems(self, organisation):
        names = self.context.get("system_names", {})
        rows = []
        for membership in organisation.current:
            name = names.get(membership.system_id, "another system")
            shown = name != "another system"
            rows.append(
                {
                    "system_code": membership.system.ods_code if shown else "",
                    "system": name,
                    "is_host": membership.is_host,
                }
            )
        return rows


class RoundBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FrameworkBriefSerializer(serializers.Serializer):
    key = serializers.CharField(source="framework.key")
    version = serializers.CharField()


class OrganisationBriefSerializer(serializers.Serializer):
    ods_code = serializers.CharField()
    name = serializers.CharField()


class AssessmentSerializer(serializers.ModelSerializer):
    organisation = OrganisationBriefSerializer(read_only=True)
    round = RoundBriefSerializer(read_only=True)
    framework = FrameworkBriefSerializer(source="framework_version", read_only=True)
    overall_score = serializers.DecimalField(
        max_digits=12,
        decimal_places=8,
        read_only=True,
        allow_null=True,
        help_text="Frozen at approval (8 decimal places); null until approved.",
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organisation",
            "round",
            "framework",
            "care_setting",
            "status",
            "submitted_at",
            "decided_at",
            "return_comment",
            "extended_until",
            "overall_score",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.key", help_text="The question's stable key.")
    measure = serializers.CharField(source="question.measure.key")
    updated_by = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "question",
            "measure",
            "level",
            "not_applicable",
            "not_applicable_reason",
            "target_level",
            "notes",
            "from_last_year",
            "revision",
            "updated_by",
            "updated_at",
        ]

    def get_updated_by(self, answer) -> str:
        user = answer.updated_by
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()


class AnswerWriteSerializer(serializers.Serializer):
    """One answer's changes. Fields left out stay as they are; `expected_revision` is the
    `revision` you read (0 for a question not yet answered)."""

    expected_revision = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    level = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    not_applicable = serializers.BooleanField(required=False)
    not_applicable_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    target_level = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate(self, data):
        if data.get("level") is not None and data.get("not_applicable"):
            raise serializers.ValidationError(
                "Give a level, or mark the question not applicable: not both."
            )
        return data


class ConflictSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()
    current = AnswerSerializer(help_text="The answer as it is saved now.")


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, help_text="What needs to change.")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why it is reopened.")


class MeasureScoreSerializer(serializers.Serializer):
    key = serializers.CharField()
    score = serializers.DecimalField(max_digits=12, decimal_places=8, allow_null=True)
    questions_scored = serializers.IntegerField()
    questions_not_applicable = serializers.IntegerField()


class QuestionScoreSerializer(serializers.Serializer):
    key = serializers.CharField()
    level = serializers.DecimalField(max_digits=12, decimal_places=8)


class ScoresSerializer(serializers.Serializer):
    assessment = serializers.IntegerField()
    organisation = serializers.CharField(help_text="Its ODS code.")
    round = serializers.IntegerField()
    overall = serializers.DecimalField(max_digits=12, decimal_places=8, allow_null=True)
    measures = MeasureScoreSerializer(many=True)
    questions = QuestionScoreSerializer(many=True)
    method = serializers.CharField()
