from rest_framework import serializers

from ..models import FrameworkVersion


class VersionSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework_key", help_text="The framework's key.")
    name = serializers.CharField(source="framework_name")
    based_on = serializers.SerializerMethodField()

    class Meta:
        model = FrameworkVersion
        fields = [
            "framework",
            "name",
            "version",
            "status",
            "change_notes",
            "published_at",
            "retired_at",
            "based_on",
            "checksum",
        ]

    def get_based_on(self, version) -> str | None:
        return version.based_on.version if version.based_on_id else None


class VersionDetailSerializer(VersionSerializer):
    document = serializers.JSONField(
        help_text="The version as its YAML file says it (frameworks/SCHEMA.md), weights as strings."
    )

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "document"]


class ChangedSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())


class AddedSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class DiffSerializer(serializers.Serializer):
    framework = serializers.CharField()
    old_version = serializers.CharField()
    new_version = serializers.CharField()
    is_empty = serializers.BooleanField()
    measures_added = AddedSerializer(many=True)
    measures_removed = AddedSerializer(many=True)
    measures_changed = ChangedSerializer(many=True)
    questions_added = AddedSerializer(many=True)
    questions_removed = AddedSerializer(many=True)
    questions_changed = ChangedSerializer(many=True)
    text = serializers.CharField(help_text="Every change in words, as the diff command says it.")


class DiffQuerySerializer(serializers.Serializer):
    old = serializers.CharField(max_length=20, help_text="The earlier version, e.g. 1.0.0.")
    new = serializers.CharField(max_length=20, help_text="The later version, e.g. 2.0.0.")
