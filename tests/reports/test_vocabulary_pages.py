"""Every results page, export and document of a round says the words of the framework version
it shows (`framework.vocabulary`): a framework of "domains" never says "success measure"."""

import csv
import io

import pytest
from openpyxl import load_workbook

from assessments.models import Assessment, Organisation, Role
from frameworks.services import version_import
from reports.documents import services as documents
from reports.plans.services import plan_start
from tests.factories import PersonaFactory
from tests.frameworks.documents import document, dump

from . import pages_world, plans_world
from .documents import plan_world
from .documents.conftest import pdf_text, stored

pytestmark = pytest.mark.django_db
WORDS = {"section": "domain", "sections": "domains", "theme": "capability"}


def said(html: str) -> str:
    """A page's own text, without the words every page's frame says."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def assert_domains(text: str, *expected: str):
    for words in expected:
        assert words in text, words
    assert "success measure" not in text.lower()


@pytest.fixture
def world():
    return pages_world.build(earlier=True, words=WORDS)


def test_the_system_dashboard_says_domains(client, world):
    client.force_login(world.users["sro"])
    html = said(client.get("/results/systems/QWO/").content.decode())
    assert_domains(
        html,
        '<h2 id="measures">Domains</h2>',
        '<th scope="col" class="nhsuk-table__header">Domain</th>',
        "Spread of providers&#39; scores in West Yorkshire, by domain",
        "<h3>Each domain across rounds</h3>",
        "This system&#39;s mean score per domain across rounds",
    )


def test_the_regional_and_national_comparisons_say_domains(client, world):
    client.force_login(world.users["national"])
    region = said(client.get("/results/regions/Y63/").content.decode())
    assert_domains(region, '<h2 id="distributions">Every domain, system by system</h2>')
    nation = said(client.get("/results/national/").content.decode())
    assert_domains(nation, "<h3>Every domain, region by region</h3>")


def test_an_organisations_position_and_trend_say_domains(client, world):
    a1 = Assessment.objects.get(round=world.round, organisation=world.organisations["A1"])
    client.force_login(world.users["sro"])
    html = said(client.get(f"/results/assessments/{a1.pk}/position/").content.decode())
    assert_domains(
        html,
        "<p>For each domain and overall,",
        '<th scope="col" class="nhsuk-table__header">Domain</th>',
        "Domain scores by round",
        "domain by domain",
    )


def test_exports_name_their_columns_and_method_with_the_framework_s_words(client, world):
    client.force_login(world.users["national"])
    base = f"/results/rounds/{world.round.pk}/system/QWO/"
    text = client.get(base + "figures.csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[10:12] == ["domain_key", "domain"]
    assert "measure" not in header
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["domain"] for r in rows} == {"Well led", "Ensure smart foundations", "Overall"}
    assert "success measure" not in text.lower()
    text = client.get(base + "organisations.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["method"].startswith("Frozen at approval: a domain is the weighted mean")
    assert "overall the weighted mean of the domains" in rows[0]["method"]
    book = load_workbook(io.BytesIO(client.get(base + "figures.xlsx").content))
    header = [cell.value for cell in next(book.worksheets[0].iter_rows(max_row=1))]
    assert header[10:12] == ["domain_key", "domain"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Domains"].startswith("domain_key and domain: the stable key and the label")


def test_a_version_s_frozen_name_not_the_framework_s_latest_is_printed(client, world):
    renamed = document("1.1.0")
    renamed["framework"]["name"] = "Renamed framework"
    renamed["framework"]["vocabulary"] = WORDS
    version_import(source=dump(renamed), filename="r.yaml", publish=True)
    client.force_login(world.users["national"])
    base = f"/results/rounds/{world.round.pk}/system/QWO/"
    rows = list(
        csv.DictReader(io.StringIO(client.get(base + "figures.csv").content.decode("utf-8-sig")))
    )
    assert {r["framework"] for r in rows} == {"Test framework"}
    a1 = Assessment.objects.get(round=world.round, organisation=world.organisations["A1"])
    page = client.get(f"/assessments/{a1.pk}/results/").content.decode()
    assert "This assessment answers Test framework version 1.0.0" in page
    assert "Renamed framework" not in client.get("/rounds/").content.decode()
    assert "Renamed framework" not in client.get("/assessments/organisations/ZA1/").content.decode()


def test_plan_pages_and_their_messages_say_domains(client):
    world = plans_world.build(words=WORDS)
    plan_start(subject=world.system, round_=world.round, by=world.sro)
    client.force_login(world.sro)
    url = f"/results/systems/QRV/plans/{world.round.pk}/"
    plan = said(client.get(url).content.decode())
    assert_domains(
        plan,
        "Foundations first: a domain comes after the domains it depends on",
        '<th scope="col" class="nhsuk-table__header">Domain</th>',
    )
    targets = said(client.get(url + "targets/").content.decode())
    assert_domains(targets, "<p>For each domain, the level to reach")
    action = said(client.get(url + "actions/new/").content.decode())
    assert_domains(action, "Choose a domain")
    refused = client.post(url + "actions/new/", {"title": "Do it", "measure": "nope"})
    assert refused.status_code == 400
    assert_domains(said(refused.content.decode()), "Choose the domain the action is for.")
    dashboard = said(client.get("/results/systems/QRV/").content.decode())
    assert_domains(
        dashboard,
        "Each organisation&#39;s target for a domain is the weighted mean of the target levels it "
        "recorded for the domain&#39;s questions",
    )


@pytest.mark.parametrize(
    ("kind", "who", "expected"),
    [
        ("system_plan", "sro", ["Domains", "Position against targets, by domain"]),
        ("board_summary", "sro", ["Position against targets, by domain"]),
        ("organisation_plan", "approver", ["Domains", "Position against targets, by domain"]),
    ],
)
def test_the_documents_say_domains(kind, who, expected, django_capture_on_commit_callbacks):
    current, _, systems = plan_world.build(size=8, words=WORDS)
    organisation = Organisation.objects.get(ods_code="R0000")
    people = {
        "sro": PersonaFactory(username="sro", role=Role.SRO, at=systems[0]),
        "approver": PersonaFactory(username="approver", role=Role.APPROVER, at=organisation),
    }
    subject = organisation if kind == "organisation_plan" else systems[0]
    with django_capture_on_commit_callbacks(execute=True):
        report = documents.report_request(
            user=people[who], kind=kind, round_=current, subject=subject
        )
    report.refresh_from_db()
    assert report.status == "ready", report.message
    text = "\n".join(pdf_text(stored(report)))
    assert_domains(text, *expected)


def test_a_benchmark_file_without_section_columns_is_told_in_the_framework_s_words():
    from reports.benchmarks.importing import benchmark_preview
    from tests.reports.test_benchmarks import GOOD_ROWS, HEADER, workbook

    doc = document("1.0.0")
    doc["framework"]["vocabulary"] = WORDS
    version = version_import(source=dump(doc), filename="d.yaml", publish=True)
    content = workbook([r[:4] + ["ok"] for r in GOOD_ROWS], header=HEADER[:4] + ["Comments"])
    preview = benchmark_preview(content=content, file_name="r.xlsx", framework_version=version)
    messages = [str(p) for p in preview.problems]
    assert any("no column is a domain of the framework (e.g. Well led)" in m for m in messages), (
        messages
    )
