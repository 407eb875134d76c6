"""The read seam that reports, PDFs and the API use: a round's frozen scores (hand-checked), one
assessment's results, what is missing before submission, and the overall-score cache."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import OuterRef, Subquery

from assessments.models import Answer, Assessment, Role, Round, Score
from assessments.selectors import (
    assessment_results,
    compute_scores,
    missing_answers,
    round_scores,
)
from assessments.services import (
    answer_save,
    assessment_approve,
    assessment_reopen,
    assessment_submit,
    membership_grant,
    round_launch,
)
from frameworks.services import version_import
from tests.frameworks.documents import document, dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def launched(world):
    framework = version_import(source=dump(document("1.0.0")), filename="t.yaml", publish=True)
    round_ = Round.objects.create(
        name="2026/27 assessment",
        framework_version=framework,
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 9, 30),
        care_settings=["acute", "community"],
    )
    round_launch(round_=round_, by=world.national)
    return round_


def _answer(assessment, by, **answers):
    """answers: question key -> a level, or "na"."""
    for question in assessment.questions():
        value = answers[question.key.replace("-", "_")]
        current = Answer.objects.filter(assessment=assessment, question=question).first()
        changes = (
            {"not_applicable": True, "not_applicable_reason": "Not ours."}
            if value == "na"
            else {"level": value}
        )
        answer_save(
            assessment=assessment,
            question=question,
            by=by,
            expected_revision=current.revision if current else 0,
            **changes,
        )


@pytest.fixture
def approved(world, launched, make_user):
    """Northmoor and Exewater approved with hand-checkable answers; Tynebridge still a draft.

    The test framework: "well-led" (weight 1) asks wl-strategy (weight 1) of acute and
    community trusts; "foundations" (weight 1.5) asks sf-network (weight 1) and sf-cyber
    (weight 0.5).
    """
    northmoor = Assessment.objects.get(round=launched, organisation=world.northmoor)
    _answer(northmoor, world.respondent, wl_strategy=4, sf_network=2, sf_cyber=5)
    assessment_submit(assessment=northmoor, by=world.respondent)
    assessment_approve(assessment=northmoor, by=world.approver)

    exewater = Assessment.objects.get(round=launched, organisation=world.exewater)
    _answer(exewater, world.other_respondent, wl_strategy="na", sf_network=3, sf_cyber=1)
    assessment_submit(assessment=exewater, by=world.other_respondent)
    approver = make_user("exe_approver")
    membership_grant(by=None, user=approver, role=Role.APPROVER, organisation=world.exewater)
    assessment_approve(assessment=exewater, by=approver)
    return launched


def test_a_rounds_frozen_scores_are_the_hand_computed_ones(approved, django_assert_num_queries):
    with django_assert_num_queries(2):
        scores = round_scores(approved)

    # Tynebridge (ZT003) has not been approved: it has no frozen scores.
    assert list(scores.organisations) == ["ZT001", "ZT004"]
    northmoor, exewater = scores.organisations["ZT001"], scores.organisations["ZT004"]

    # Northmoor: well-led = 4; foundations = (2 x 1 + 5 x 0.5) / 1.5 = 3;
    # overall = (4 x 1 + 3 x 1.5) / 2.5 = 3.4.
    assert northmoor.overall == Decimal("3.4")
    assert northmoor.measures["well-led"].score == Decimal("4")
    assert northmoor.measures["foundations"].score == Decimal("3")
    assert (northmoor.measures["foundations"].answered, northmoor.care_setting) == (2, "acute")
    assert northmoor.questions == {
        "wl-strategy": Decimal(4),
        "sf-network": Decimal(2),
        "sf-cyber": Decimal(5),
    }

    # Exewater: well-led has only a not-applicable answer, so no score and no weight;
    # foundations = (3 x 1 + 1 x 0.5) / 1.5 = 7/3; overall = foundations alone.
    assert exewater.measures["well-led"].score is None
    assert exewater.measures["well-led"].not_applicable == 1
    assert exewater.measures["foundations"].score == Decimal("2.33333333")
    assert exewater.overall == Decimal("2.33333333")
    assert "wl-strategy" not in exewater.questions

    assert scores.overall() == {"ZT001": Decimal("3.4"), "ZT004": Decimal("2.33333333")}
    assert scores.measure("well-led") == {"ZT001": Decimal(4), "ZT004": None}
    assert scores.question("sf-cyber") == {"ZT001": Decimal(5), "ZT004": Decimal(1)}


def test_a_rounds_scores_can_be_narrowed_to_some_kinds_and_some_organisations(world, approved):
    scores = round_scores(
        approved, kinds=["overall"], organisations=[world.exewater.pk, world.tynebridge.pk]
    )
    assert list(scores.organisations) == ["ZT004"]
    assert scores.organisations["ZT004"].overall == Decimal("2.33333333")
    assert scores.organisations["ZT004"].measures == {}

    from assessments.models import Organisation

    visible = Organisation.objects.filter(ods_code="ZT001")
    assert list(round_scores(approved, organisations=visible).organisations) == ["ZT001"]


def test_reopening_withdraws_the_scores_from_the_round_and_the_cache(world, approved):
    northmoor = Assessment.objects.get(round=approved, organisation=world.northmoor)
    assessment_reopen(assessment=northmoor, by=world.national, reason="A wrong answer.")
    assert list(round_scores(approved).organisations) == ["ZT004"]
    northmoor.refresh_from_db()
    assert northmoor.overall_score is None
    assert not Score.objects.filter(assessment=northmoor).exists()


def _disagreements():
    """Assessments whose overall_score cache differs from their overall Score row."""
    frozen = Score.objects.filter(assessment=OuterRef("pk"), kind="overall").values("score")[:1]
    return [
        (a.organisation.ods_code, a.overall_score, a.frozen)
        for a in Assessment.objects.annotate(frozen=Subquery(frozen)).select_related("organisation")
        if a.overall_score != a.frozen
    ]


def test_the_overall_score_cache_never_disagrees_with_the_score_row(world, approved):
    assert _disagreements() == []
    assert Assessment.objects.exclude(overall_score=None).count() == 2
    northmoor = Assessment.objects.get(round=approved, organisation=world.northmoor)
    assessment_reopen(assessment=northmoor, by=world.national, reason="A wrong answer.")
    assert _disagreements() == []
    assessment_submit(assessment=northmoor, by=world.respondent)
    assessment_approve(assessment=northmoor, by=world.approver)
    assert _disagreements() == []
    northmoor.refresh_from_db()
    assert northmoor.overall_score == Decimal("3.4")


def test_an_assessments_results_use_its_frozen_scores_and_the_one_weighted_mean(world, approved):
    northmoor = Assessment.objects.get(round=approved, organisation=world.northmoor)
    results = assessment_results(northmoor)
    assert results.frozen
    assert results.overall == Decimal("3.4")
    assert [(r.measure.key, r.score) for r in results.measures] == [
        ("well-led", Decimal("4")),
        ("foundations", Decimal("3")),
    ]
    assert compute_scores(northmoor).overall == Decimal("3.4")


def test_what_is_missing_before_submission_is_listed_in_question_order(world, launched):
    tynebridge = Assessment.objects.get(round=launched, organisation=world.tynebridge)
    assert [(m.question.key, m.reason) for m in missing_answers(tynebridge)] == [
        ("wl-strategy", "not answered"),
        ("sf-network", "not answered"),
        ("sf-cyber", "not answered"),
    ]
