"""The documents print the plan as the SRO agreed it through the product's plan services."""

import pytest

from reports.documents import services
from reports.plans.selectors import plan_view
from reports.plans.services import action_add, action_decide, action_update, plan_agree, plan_start

from .conftest import pdf_text, stored

pytestmark = pytest.mark.slow


def test_an_agreed_plan_from_the_product_is_what_the_board_reads(
    plans, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    sro = people["sro"]
    draft = plan_start(subject=system, round_=current, by=sro)
    proposed = [action for _, action, _ in plan_view(draft).actions]
    assert proposed, "the proposal has actions to decide"
    for action in proposed[1:]:
        action_decide(action=action, decision="dropped", by=sro)
    action_decide(action=proposed[0], decision="accepted", by=sro)
    action_update(action=proposed[0], by=sro, owner="Dewsbury Health", status="in_progress")
    action_add(
        version=draft,
        measure_key=proposed[0].measure_key,
        title="Publish the digital strategy",
        owner="Sara Person",
        by=sro,
    )

    # Before it is agreed, a board reader may not have it; the SRO's copy says "Draft".
    with pytest.raises(services.DocumentRefused):
        services.report_request(
            user=people["board"], kind="system_plan", round_=current, subject=system
        )
    plan_agree(version=draft, by=sro)

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            user=people["board"], kind="board_summary", round_=current, subject=system
        )
    report.refresh_from_db()
    assert report.status == "ready", report.message
    pages = pdf_text(stored(report))
    text = "\n".join(pages)
    assert not any("Draft" in page for page in pages)
    assert "Agreed by Sara Person" in text
    assert proposed[0].title.split()[0] in text and "Dewsbury Health" in text
    assert "Publish the digital strategy" in text
    assert proposed[1].title not in text  # dropped proposals are not printed
