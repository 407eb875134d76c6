"""The demo's assessments: two approved rounds with frozen scores, the April 2026 mergers
recorded through the merger service, and this year's round part-way."""

import datetime as dt

import pytest

from assessments import scoring
from assessments.models import Assessment, Round, Score, System, SystemMembership
from assessments.selectors import compute_scores
from assessments.services.demo_rounds import MERGED_ON, demo_rounds_load
from frameworks.services import SHIPPED_DIR, import_file
from reports.aggregates import SYSTEM, Footprint, Group, aggregate
from tests.factories import OrganisationFactory, RegionFactory, SystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_map():
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        import_file(path, publish=True)
    region = RegionFactory(ods_code="Y63", name="North East and Yorkshire")
    system = SystemFactory(ods_code="QWO", name="West Yorkshire", region=region)
    for code, setting in (("ZT001", "acute"), ("QWO", "icb"), ("ZS001", "social_care")):
        OrganisationFactory(ods_code=code, name=code, care_setting=setting, member_of=[system])


@pytest.fixture
def east():
    """Norfolk and Waveney and Suffolk and North East Essex, with a few organisations each (more
    than the demo's stages need to show all four)."""
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        import_file(path, publish=True)
    region = RegionFactory(ods_code="Y61", name="East of England")
    start = dt.date(2022, 7, 1)
    systems = [
        SystemFactory(ods_code=code, name=name, region=region, valid_from=start)
        for code, name in (("QMM", "Norfolk and Waveney"), ("QJG", "Suffolk and NE Essex"))
    ]
    for index in range(24):
        setting = ("acute", "general_practice", "community", "mental_health")[index % 4]
        OrganisationFactory(
            ods_code=f"ZE{index:03d}",
            name=f"East {index}",
            care_setting=setting,
            member_of=[systems[index % 2]],
        )
    return systems


def frozen_matches_computed(assessment) -> bool:
    frozen = dict(
        Score.objects.filter(assessment=assessment, kind="measure").values_list("key", "score")
    )
    computed = compute_scores(assessment)
    return frozen == {
        k: scoring.stored(m.score) for k, m in computed.measures.items()
    } and assessment.overall_score == scoring.stored(computed.overall)


def test_two_approved_rounds_and_this_years_part_way_loaded_once(small_map):
    result = demo_rounds_load(by=None, demo_organisation="ZT001")
    assert str(result) == (
        "Demo rounds: 3 round(s) and 6 assessment(s) added; 0 merger(s) recorded."
    )
    first, last, this = Round.objects.order_by("opens_on")
    assert [r.name for r in (first, last, this)] == [
        "2024/25 assessment",
        "2025/26 assessment",
        "2026/27 assessment",
    ]
    versions = [r.framework_version.version for r in (first, last, this)]
    assert versions == ["1.0.0", "1.0.0", "2.0.0"]
    # Social care does not take part in the national assessment.
    assert not Assessment.objects.filter(organisation__care_setting="social_care").exists()

    for round_ in (first, last):
        done = Assessment.objects.filter(round=round_)
        assert sorted(done.values_list("organisation__ods_code", flat=True)) == ["QWO", "ZT001"]
        for assessment in done:
            assert assessment.status == "approved" and assessment.decided_at
            assert frozen_matches_computed(assessment)
            assert 1 <= assessment.overall_score <= 5
            assert not assessment.answers.filter(from_last_year=True).exists()
    # Scores move between the rounds.
    moved = {
        a.organisation.ods_code: a.overall_score
        for a in Assessment.objects.filter(round=first).select_related("organisation")
    }
    assert any(
        moved[a.organisation.ods_code] != a.overall_score
        for a in Assessment.objects.filter(round=last).select_related("organisation")
    )

    # The demo respondents' own assessment is in progress: partly confirmed, partly carried.
    current = Assessment.objects.get(round=this, organisation__ods_code="ZT001")
    assert current.status == "draft"
    answers = current.answers.select_related("question")
    assert answers.count() > 30
    assert all(a.question.version == this.framework_version for a in answers)
    assert answers.filter(from_last_year=True).exists()
    assert answers.filter(from_last_year=False).exists()

    again = demo_rounds_load(by=None, demo_organisation="ZT001")
    assert str(again) == "Demo rounds: 0 round(s) and 0 assessment(s) added; 0 merger(s) recorded."
    assert Assessment.objects.count() == 6


def test_the_mergers_are_recorded_and_this_years_round_is_on_the_new_footprint(east):
    result = demo_rounds_load(by=None)
    assert result.mergers_added == 1  # the London systems are not on this map
    merged = System.objects.get(ods_code="QNS")
    assert merged.name == "NHS Norfolk and Suffolk Integrated Care Board"
    assert merged.valid_from == MERGED_ON
    assert sorted(merged.replaces.values_list("ods_code", flat=True)) == ["QJG", "QMM"]
    old = System.objects.get(ods_code="QMM")
    assert old.valid_to == MERGED_ON - dt.timedelta(days=1)
    assert SystemMembership.objects.filter(system=merged, is_host=True).count() == 24

    # The trend of the new system: earlier rounds re-aggregated onto today's footprint.
    group = Group(SYSTEM, merged.pk)
    rounds = list(Round.objects.order_by("opens_on"))
    counted = [aggregate(r, footprint=Footprint.TODAY, today=dt.date(2026, 6, 1)) for r in rounds]
    assert [a.cell(group).expected for a in counted] == [24, 24, 24]
    assert counted[0].cell(group).n == counted[1].cell(group).n == 24
    # On the round's own footprint the old systems are there instead.
    assert aggregate(rounds[0]).cell(group).expected == 0

    # This year's round is part-way: every stage is represented, approved ones frozen.
    this = rounds[2]
    stages = set(Assessment.objects.filter(round=this).values_list("status", flat=True))
    assert {"approved", "submitted", "draft"} <= stages
    untouched = [
        a
        for a in Assessment.objects.filter(round=this, status="draft")
        if not a.answers.filter(from_last_year=False).exists()
    ]
    assert untouched  # not started: only last year's answers, none confirmed
    for assessment in Assessment.objects.filter(round=this, status="approved"):
        assert frozen_matches_computed(assessment)
    assert demo_rounds_load(by=None).mergers_added == 0


def test_the_demo_datas_overall_score_cache_agrees_with_its_frozen_score_rows(small_map):
    from tests.assessments.test_read_seam import _disagreements

    demo_rounds_load(by=None)
    assert Assessment.objects.filter(status="approved").exclude(overall_score=None).exists()
    assert _disagreements() == []
