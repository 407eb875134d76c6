"""Documents in the browser: an SRO requests the plan, sees it ready and downloads it; an
analyst makes every system's board summary at once; a respondent is refused. axe on each page."""

from playwright.sync_api import expect

from assessments.models import Organisation, Role
from tests.conftest import PASSWORD
from tests.factories import PersonaFactory
from tests.reports.documents import plan_world


def _world():
    current, _, systems = plan_world.build(size=6, systems=2)
    people = {
        "sro": PersonaFactory(username="sro", password=PASSWORD, role=Role.SRO, at=systems[0]),
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
    steps.page.get_by_role("button", name="Make the document").click()
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
    steps.page.get_by_role("button", name="Make them all").click()
    expect(steps.page.get_by_role("table", name="2 of 2 ready")).to_be_visible(timeout=60_000)
    steps.assert_accessible()


def test_a_respondent_is_refused(steps, db):
    _world()
    steps.sign_in("respondent")
    response = steps.visit("/results/organisations/R0000/documents/")
    assert response.status == 403
    steps.assert_accessible()
    assert steps.visit("/results/systems/QWO/documents/").status == 404
