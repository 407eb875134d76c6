"""Importing a benchmark in the browser, and choosing a download, with axe on each page."""

import pytest
from playwright.sync_api import expect

from assessments.models import Role
from reports.models import Benchmark
from tests.factories import PersonaFactory
from tests.reports.small_world import build
from tests.reports.test_benchmarks import GOOD_ROWS, map_, version, workbook  # noqa: F401


@pytest.fixture
def national(db):
    return PersonaFactory(username="nadia", role=Role.NATIONAL_ADMIN)


def test_upload_preview_and_import_a_benchmark(steps, national, version, map_, tmp_path):  # noqa: F811
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"Region,ICS\nnot,a workbook\n")
    good = tmp_path / "results-2025.xlsx"
    good.write_bytes(workbook(GOOD_ROWS))

    steps.sign_in("nadia")
    steps.visit("/results/benchmarks/")
    expect(steps.page.get_by_text("No benchmark has been imported yet.")).to_be_visible()
    steps.assert_accessible()
    steps.page.get_by_role("button", name="Import a results file").click()
    steps.assert_accessible()

    steps.page.get_by_role("button", name="Upload and preview").click()
    expect(steps.page.get_by_role("alert")).to_contain_text("Choose the results file to upload")
    steps.assert_accessible()

    steps.page.locator("input[type=file]").set_input_files(str(bad))
    steps.page.get_by_label("Name of the benchmark").fill("2025 national results")
    steps.page.get_by_role("button", name="Upload and preview").click()
    expect(steps.page.get_by_role("alert")).to_contain_text("is called .xlsx but is a CSV")
    steps.assert_accessible()

    steps.visit("/results/benchmarks/import/")
    steps.page.locator("input[type=file]").set_input_files(str(good))
    steps.page.get_by_label("Name of the benchmark").fill("2025 national results")
    steps.page.get_by_role("button", name="Upload and preview").click()
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text("Preview of results-2025")
    expect(steps.page.get_by_role("cell", name="Support Workforce", exact=True)).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("benchmarks-preview")
    steps.page.get_by_role("button", name="Import", exact=True).click()
    expect(
        steps.page.get_by_text("Imported 2025 national results: 3 organisations.")
    ).to_be_visible()
    expect(steps.page.get_by_role("cell", name="results-2025.xlsx")).to_be_visible()
    steps.assert_accessible()
    assert Benchmark.objects.get().organisation_count == 3


def test_choose_and_refuse_a_download(steps, db):
    build()
    PersonaFactory(username="nia", role=Role.NATIONAL_ADMIN)
    steps.sign_in("nia")
    steps.visit(
        "/results/exports/?download=1&round=&scope=&table=figures&format=csv&footprint=round"
    )
    expect(steps.page.get_by_role("alert")).to_contain_text("Choose a round")
    steps.assert_accessible()
    steps.visit("/results/exports/")
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Download figures")
    steps.assert_accessible()
    steps.page.get_by_label("Figures for").select_option(label="West Yorkshire")
    with steps.page.expect_download() as download:
        steps.page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "waymark-202526-assessment-qwo-figures.csv"
