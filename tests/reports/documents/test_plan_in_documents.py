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
    with pytest.raises(services.DocumentRefused, match="plan is not agreed yet"):
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


def test_the_sro_prints_the_draft_or_the_agreed_version_and_board_readers_only_the_agreed(
    client, plans, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from config.errors import DomainError
    from reports.documents.models import Report
    from reports.plans.services import plan_new_draft

    current, _, system, people = plans
    sro, board = people["sro"], people["board"]
    first = plan_start(subject=system, round_=current, by=sro)
    actions = [action for _, action, _ in plan_view(first).actions]
    for action in actions:
        action_decide(action=action, decision="accepted", by=sro)
    action_update(action=actions[0], by=sro, owner="Dewsbury Health")
    agreed = plan_agree(version=first, by=sro)
    draft = plan_new_draft(plan=agreed.plan, by=sro)
    action_update(action=draft.planactions.get(position=1), by=sro, owner="Garforth Care")

    # Bad choices: refused with a message, nothing requested.
    with pytest.raises(DomainError, match="Choose which version"):
        services.report_request(
            user=sro, kind="system_plan", round_=current, subject=system, version="latest"
        )
    with pytest.raises(services.DocumentRefused, match="Board readers read agreed plans only"):
        services.report_request(
            user=board, kind="system_plan", round_=current, subject=system, version="draft"
        )
    client.force_login(sro)
    url = f"/results/systems/{system.ods_code}/documents/"
    page = client.get(url).content.decode()
    assert "The current draft" in page and "Version 1, agreed by Sara Person" in page
    refused = client.post(url, {"round": current.pk, "kind": "board_summary", "version": "x"})
    assert refused.status_code == 400 and "Choose which version of the plan" in refused.text
    assert not Report.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"round": current.pk, "kind": "board_summary", "version": "draft"})
        client.post(url, {"round": current.pk, "kind": "board_summary", "version": "agreed"})
    printed_draft, printed_agreed = Report.objects.order_by("pk")
    assert (printed_draft.plan_version, printed_agreed.plan_version) == (draft, agreed)
    assert (printed_draft.agreed, printed_agreed.agreed) == (False, True)
    draft_pages = pdf_text(stored(printed_draft))
    assert all("Draft" in page for page in draft_pages)
    assert "Garforth Care" in "\n".join(draft_pages)
    agreed_pages = pdf_text(stored(printed_agreed))
    agreed_text = "\n".join(agreed_pages)
    assert not any("Draft" in page for page in agreed_pages)
    day = timezone.localtime(agreed.agreed_at)
    assert f"Agreed by Sara Person on {day.day} {day:%B %Y}" in agreed_text
    assert "Dewsbury Health" in agreed_text and "Garforth Care" not in agreed_text

    # A board reader asks for the document and gets the agreed version, whatever the draft.
    client.force_login(board)
    page = client.get(url).content.decode()
    assert "The current draft" not in page and "Version 1, agreed" in page
    assert "Version 2, draft" not in page  # the SRO's draft print is not listed for them
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"round": current.pk, "kind": "system_plan"})
    assert response.status_code == 303
    theirs = Report.objects.latest("pk")
    assert (theirs.plan_version, theirs.agreed, theirs.status) == (agreed, True, "ready")
    assert client.get(f"/results/documents/{printed_draft.pk}/download/").status_code == 404
    assert client.get(f"/results/documents/{theirs.pk}/download/").status_code == 200
