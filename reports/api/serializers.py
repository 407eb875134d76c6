"""The rows of figures and organisation scores, typed for the schema: scores as strings of
8 decimal places (exact), null where suppressed or absent; "_shown" as a page shows them."""

from rest_framework import serializers

from ..aggregates import SCORE_FIGURES
from ..exports import FIGURE_COLUMNS, ORGANISATION_COLUMNS

DECIMALS = {"completeness", "score", *SCORE_FIGURES}
INTEGERS = {"expected", "approved", "n", "questions_scored", "questions_not_applicable"}


def _field(column: str):
    if column in DECIMALS:
        return serializers.CharField(allow_null=True, help_text="8 decimal places; null if none.")
    if column in INTEGERS:
        return serializers.IntegerField(allow_null=True)
    return serializers.CharField(allow_blank=True)


FigureRowSerializer = type(
    "FigureRowSerializer",
    (serializers.Serializer,),
    {column: _field(column) for column in FIGURE_COLUMNS},
)
OrganisationScoreRowSerializer = type(
    "OrganisationScoreRowSerializer",
    (serializers.Serializer,),
    {column: _field(column) for column in ORGANISATION_COLUMNS},
)


class AboutSerializer(serializers.Serializer):
    label = serializers.CharField()
    text = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    about = AboutSerializer(many=True, help_text="The round, footprint, rule and methods.")
    results = FigureRowSerializer(many=True)


class OrganisationScoresSerializer(serializers.Serializer):
    about = AboutSerializer(many=True)
    results = OrganisationScoreRowSerializer(many=True)


class RoundQuerySerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="A round's id.")
    footprint = serializers.ChoiceField(
        choices=["round", "today"],
        default="round",
        help_text="round: the systems as they were when the round opened; today: after mergers.",
    )
