"""The demo's assessments: last year approved with frozen scores, this year pre-filled."""

import pytest

from assessments import scoring
from assessments.models import (
    Assessment,
    Round,
    Score,
)
from assessments.selectors import compute_scores
from assessments.services.demo_rounds import demo_rounds_load
from frameworks.services import SHIPPED_DIR, import_file
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


def test_demo_rounds_are_realistic_consistent_and_loaded_once(small_map):
    result = demo_rounds_load(by=None)
    assert str(result) == "Demo rounds: 2 round(s) and 4 assessment(s) added."
    last, this = Round.objects.order_by("opens_on")
    assert (last.framework_version.version, this.framework_version.version) == ("1.0.0", "2.0.0")
    # Social care does not take part in the national assessment.
    assert not Assessment.objects.filter(organisation__care_setting="social_care").exists()

    last_years = Assessment.objects.filter(round=last)
    assert sorted(last_years.values_list("organisation__ods_code", flat=True)) == ["QWO", "ZT001"]
    for assessment in last_years:
        assert assessment.status == "approved"
        frozen = dict(
            Score.objects.filter(assessment=assessment, kind="measure").values_list("key", "score")
        )
        computed = compute_scores(assessment)
        assert frozen == {k: scoring.stored(m.score) for k, m in computed.measures.items()}
        assert assessment.overall_score == scoring.stored(computed.overall)
        assert 1 <= assessment.overall_score <= 5

    current = Assessment.objects.get(round=this, organisation__ods_code="ZT001")
    assert current.status == "draft"
    carried = current.answers.select_related("question")
    assert carried.count() > 30
    assert all(a.from_last_year and a.question.version == this.framework_version for a in carried)

    assert str(demo_rounds_load(by=None)) == "Demo rounds: 0 round(s) and 0 assessment(s) added."


def test_the_demo_datas_overall_score_cache_agrees_with_its_frozen_score_rows(small_map):
    from tests.assessments.test_read_seam import _disagreements

    demo_rounds_load(by=None)
    assert Assessment.objects.filter(status="approved").exclude(overall_score=None).exists()
    assert _disagreements() == []
