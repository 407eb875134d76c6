"""The national-scale dataset command, at a small size: every system, three approved rounds,
frozen scores that are the scoring method's own."""

import pytest
from django.core.management import call_command

from assessments import scoring
from assessments.models import Answer, Assessment, Round, Score, System
from assessments.selectors import compute_scores

pytestmark = pytest.mark.django_db


def test_it_loads_every_system_and_three_rounds_of_frozen_scores(capsys):
    call_command("national_dataset", "--practices", "2", "--seed", "7")
    assert "organisations" in capsys.readouterr().out
    assert System.objects.count() == 42
    rounds = list(Round.objects.order_by("opens_on"))
    assert len(rounds) == 3
    assert [r.framework_version.version for r in rounds] == ["1.0.0", "1.0.0", "2.0.0"]
    approved = Assessment.objects.filter(status=Assessment.Status.APPROVED)
    assert approved.count() > 3 * 42
    assert Score.objects.filter(kind="question").exists()
    # A few assessments, scored again by the one scoring function, equal what was frozen.
    for assessment in approved.order_by("pk")[:: max(1, approved.count() // 5)][:5]:
        live = compute_scores(assessment)
        frozen = {(s.kind, s.key): s.score for s in assessment.scores.all()}
        assert frozen[("overall", "")] == scoring.stored(live.overall)
        for key, measure in live.measures.items():
            assert frozen[("measure", key)] == scoring.stored(measure.score)
        assert Answer.objects.filter(assessment=assessment).exists()
