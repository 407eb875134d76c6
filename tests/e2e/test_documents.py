"""Documents in the browser: an SRO requests the plan, sees it ready and downloads it; an SRO
agrees the plan, asks for its PDF and watches the page refresh itself (htmx) from queued to
ready; an analyst makes every system's board summary at once; a respondent is refused. axe on
each page."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Organisation, Role
from tests.conftest import PASSWORD
from tests.factories import PersonaFactory
from tests.reports.documents import plan_world


def _world():
    current, _, systems = plan_world.build(size=6, systems=2)
    people = {
        "sro": PersonaFactory(
            username="sro",
            password=PASSWORD,
            first_name="Sara",
            last_name="Person",
            role=Role.SRO,
            at=systems[0],
        ),
        "analyst": PersonaFactory(
            username="analyst", password=PASSWORD, role=Role.ANALYST, at=systems[0].region
        ),
        "respondent": PersonaFactory(
            username="respondent",
            password=PASSWORD,
            role=Role.RESPONDENT,
            at=Organisation.objects.get(ods_code="R0000"),
        ),
    }
    return current, systems, people


def test_an_sro_makes_the_plan_watches_it_finish_and_downloads_it(steps, db):
    _, systems, _ = _world()
    steps.sign_in("sro")
    steps.visit(f"/systems/{systems[0].ods_code}/")
    steps.page.get_by_role("link", name="Documents: the plan and its board summary as PDFs").click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Documents")
    steps.assert_accessible()
    steps.page.get_by_label("Transformation plan").check()
    # Without a broker the document is made in the request itself: the first one in this
    # process also starts kaleido's Chromium, which takes a while on a busy machine.
    steps.page.get_by_role("button", name="Make the document").click(timeout=90_000)
    table = steps.page.get_by_role("table", name="Documents of West Yorkshire")
    expect(table.get_by_text("Ready")).to_be_visible(timeout=60_000)
    steps.assert_accessible()
    with steps.page.expect_download() as download:
        table.get_by_role("link", name="Transformation plan: West Yorkshire").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")


def test_an_analyst_makes_every_systems_board_summary(steps, db):
    _world()
    steps.sign_in("analyst")
    steps.visit("/regions/Y63/")
    steps.page.get_by_role("link", name="Documents for every system in the region").click()
    steps.assert_accessible()
    steps.page.get_by_label("Board summary").check()
    steps.page.get_by_role("button", name="Make them all").click(timeout=90_000)
    expect(steps.page.get_by_role("table", name="2 of 2 ready")).to_be_visible(timeout=60_000)
    steps.assert_accessible()


def test_a_respondent_is_refused(steps, db):
    _world()
    steps.sign_in("respondent")
    response = steps.visit("/results/organisations/R0000/documents/")
    assert response.status == 403
    steps.assert_accessible()
    assert steps.visit("/results/systems/QWO/documents/").status == 404


def test_an_sro_agrees_the_plan_then_watches_its_pdf_being_made_without_reloading(
    steps, db, monkeypatch
):
    """The task is held back (as if queued on a busy worker) so the page is seen queued, then
    being made, then ready: each by the page's own refresh, with no reload."""
    from reports import tasks
    from reports.documents.models import Report
    from reports.tasks import render_report

    current, systems, _ = _world()
    queued = []
    monkeypatch.setattr(tasks, "dispatch", lambda report_id: queued.append(report_id) or True)
    page = steps.page
    steps.sign_in("sro")
    steps.visit(f"/systems/{systems[0].ods_code}/")
    page.get_by_role("link", name="Set its targets and write its transformation plan").click()
    page.get_by_role("button", name=f"Start the plan for {current.name}").click()
    expect(page.get_by_text("The draft plan has been proposed from the data.")).to_be_visible()
    steps.assert_accessible()
    accept = page.get_by_role("button", name=re.compile(r"^Accept action \d+$"))
    while accept.count():
        accept.first.click()
        expect(page.get_by_text("The action has been accepted.")).to_be_visible()
    page.get_by_role("link", name="Change action 1").click()
    page.get_by_label("Owner").fill("Dewsbury Health digital team")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("The action has been saved.")).to_be_visible()
    page.get_by_role("link", name="Agree the plan").click()
    page.get_by_label("I agree this plan on behalf of").check()
    page.get_by_role("button", name="Agree the plan").click()
    expect(page.get_by_text("Version 1 of the plan is agreed.")).to_be_visible()

    steps.visit(f"/results/systems/{systems[0].ods_code}/documents/")
    expect(page.get_by_role("table", name="The plan in each round")).to_contain_text(
        "Version 1, agreed by Sara Person"
    )
    page.get_by_label("Transformation plan").check()
    page.get_by_role("button", name="Make the document").click()
    table = page.get_by_role("table", name="Documents of West Yorkshire")
    expect(table.get_by_text("Queued")).to_be_visible()
    steps.assert_accessible()
    page.evaluate("window.notReloaded = true")
    (report_id,) = queued
    Report.objects.filter(pk=report_id).update(status="rendering")
    expect(table.get_by_text("Being made")).to_be_visible(timeout=15_000)
    render_report.apply(args=[report_id])
    expect(table.get_by_text("Ready")).to_be_visible(timeout=15_000)
    assert page.evaluate("window.notReloaded") is True
    expect(table).to_contain_text("Version 1, agreed by Sara Person")
    steps.assert_accessible()
    with page.expect_download() as download:
        table.get_by_role("link", name="Transformation plan: West Yorkshire").click()
    with open(download.value.path(), "rb") as pdf:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Agreed by Sara Person" in text and "Dewsbury Health digital team" in text
    assert "Draft" not in text
