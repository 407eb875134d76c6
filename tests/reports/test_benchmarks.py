"""Importing a published national results workbook as a benchmark: good files and bad ones."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from assessments.models import Organisation, Region, System, SystemMembership
from frameworks.services import SHIPPED_DIR, import_file
from reports.benchmarks import BenchmarkImportError, benchmark_import, benchmark_preview
from reports.models import Benchmark, BenchmarkScore

pytestmark = pytest.mark.django_db

MEASURES_2025 = [
    "Well Led",
    "Ensure Smart Foundations",
    "Safe Practice",
    "Support Workforce",
    "Empower People",
    "Improve Care",
    "Healthy Populations",
]
HEADER = ["Region", "ICS", "Provider", "Care Setting", *MEASURES_2025]
TITLE_ROWS = [["Digital Maturity Assessment 2025: pillar summary"], ["Published 2025"], []]
GOOD_ROWS = [
    [
        "North East and Yorkshire",
        "NHS West Yorkshire ICB",
        "Northmoor Hospitals NHS Trust",
        "Acute",
        2.5,
        3.1,
        2,
        2.75,
        1.9,
        3,
        2.2,
    ],
    [
        "North East and Yorkshire",
        "West Yorkshire",
        "Calderbrook Mental Health NHS Trust (ZT002)",
        "Mental Health",
        "n/a",
        3,
        2,
        None,
        "N/A",
        4,
        5,
    ],
    [
        "South West",
        "NHS Devon Integrated Care Board",
        "EXEWATER COMMUNITY NHS TRUST",
        "Community",
        1,
        1,
        1,
        1,
        1,
        1,
        1,
    ],
]


@pytest.fixture
def version():
    import_file(SHIPPED_DIR / "wgll-1.0.0.yaml", publish=True)
    return import_file(SHIPPED_DIR / "wgll-2.0.0.yaml", publish=True)


@pytest.fixture
def map_(db):
    start = dt.date(2022, 7, 1)
    north = Region.objects.create(ods_code="Y63", name="North East and Yorkshire")
    south = Region.objects.create(ods_code="Y58", name="South West")
    west = System.objects.create(
        ods_code="QWO",
        name="NHS West Yorkshire Integrated Care Board",
        region=north,
        valid_from=start,
    )
    devon = System.objects.create(
        ods_code="QJK", name="NHS Devon Integrated Care Board", region=south, valid_from=start
    )
    orgs = {}
    for code, name, setting, system in [
        ("ZT001", "Northmoor Hospitals NHS Trust", "acute", west),
        ("ZT002", "Calderbrook Mental Health NHS Trust", "mental_health", west),
        ("ZT004", "Exewater Community NHS Trust", "community", devon),
    ]:
        orgs[code] = Organisation.objects.create(ods_code=code, name=name, care_setting=setting)
        SystemMembership.objects.create(
            organisation=orgs[code], system=system, is_host=True, valid_from=start
        )
    return {"west": west, "devon": devon, **orgs}


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user("nadia", password="x" * 16)


def workbook(rows, *, header=HEADER, title_rows=TITLE_ROWS, sheets=("Notes",)) -> bytes:
    book = Workbook()
    book.active.title = sheets[0]
    book.active.append(["About this file"])
    sheet = book.create_sheet("Pillar summary")
    for row in [*title_rows, header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows, header=HEADER) -> bytes:
    lines = [",".join(f'"{c}"' if c is not None else "" for c in r) for r in [header, *rows]]
    return ("\n".join(lines) + "\n").encode()


def problems(content, version, name="results.xlsx"):
    return [
        str(p)
        for p in benchmark_preview(
            content=content, file_name=name, framework_version=version
        ).problems
    ]


def test_a_workbook_shaped_like_the_2025_pillar_summary_is_previewed_then_imported(
    map_, version, person
):
    content = workbook(GOOD_ROWS)
    preview = benchmark_preview(content=content, file_name="2025.xlsx", framework_version=version)
    assert preview.problems == []
    assert (preview.sheet, preview.header_row) == ("Pillar summary", 4)
    assert [m.key for _, m in preview.measures] == [
        "well-led",
        "smart-foundations",
        "safe-practice",
        "support-people",
        "empower-citizens",
        "improve-care",
        "healthy-populations",
    ]
    assert [row.organisation.ods_code for row in preview.rows] == ["ZT001", "ZT002", "ZT004"]
    assert preview.score_count == 7 + 4 + 7  # n/a and blank are missing, not zero
    assert Benchmark.objects.count() == 0  # a preview writes nothing

    benchmark = benchmark_import(
        content=content,
        file_name="2025.xlsx",
        name="2025 national",
        framework_version=version,
        by=person,
    )
    assert benchmark.organisation_count == 3
    scores = {
        (s.organisation.ods_code, s.measure_key): s.score
        for s in BenchmarkScore.objects.select_related("organisation")
    }
    assert scores[("ZT001", "support-people")] == Decimal("2.75")
    assert scores[("ZT002", "healthy-populations")] == Decimal("5")
    assert ("ZT002", "well-led") not in scores
    assert BenchmarkScore.objects.get(organisation=map_["ZT004"], measure_key="well-led").row == 7


def test_the_2021_labels_map_to_the_same_measures_by_stable_key(map_, version):
    header = ["Region", "ICS", "Provider", "Care Setting", "Support People", "Empower Citizens"]
    rows = [["South West", "Devon", "Exewater Community NHS Trust", "Community", 2, 3]]
    preview = benchmark_preview(
        content=workbook(rows, header=header), file_name="a.xlsx", framework_version=version
    )
    assert preview.problems == []
    assert [m.key for _, m in preview.measures] == ["support-people", "empower-citizens"]


def test_a_csv_with_the_same_columns_is_read_too(map_, version):
    preview = benchmark_preview(
        content=csv_file(GOOD_ROWS), file_name="2025.csv", framework_version=version
    )
    assert preview.problems == [] and len(preview.rows) == 3


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(
    map_, version, person
):
    rows = [
        *GOOD_ROWS,
        ["South West", "Devon", "Nowhere Hospital NHS Trust", "Acute", 2, 2, 2, 2, 2, 2, 2],
        ["South West", "Atlantis ICB", "Exewater Community NHS Trust", "Community", *[2] * 7],
        ["South West", "Devon", "Northmoor Hospitals NHS Trust", "Acute", 7, 0, 2, 2, 2, 2, 2],
        [
            "North East and Yorkshire",
            "West Yorkshire",
            "Northmoor Hospitals NHS Trust",
            "Acute",
            "high",
            2,
            2,
            2,
            2,
            2,
            2,
        ],
        ["South West", "Devon", "Exewater Community NHS Trust", "Spaceport", *[2] * 7],
    ]
    content = workbook(rows)
    found = problems(content, version)
    assert found == [
        "Row 8, column Provider: no organisation is called 'Nowhere Hospital NHS Trust'",
        "Row 9, column ICS: no system (ICS) is called 'Atlantis ICB'",
        "Row 9, column Provider: Exewater Community NHS Trust is also on row 7",
        "Row 10, column Well Led: 7 is outside 1 to 5",
        "Row 10, column Ensure Smart Foundations: 0 is outside 1 to 5",
        "Row 10, column Provider: Northmoor Hospitals NHS Trust is also on row 5",
        "Row 11, column Well Led: 'high' is not a score: use a number from 1 to 5, or leave it "
        "blank",
        "Row 11, column Provider: Northmoor Hospitals NHS Trust is also on row 5",
        "Row 12, column Care Setting: 'Spaceport' is not a care setting",
        "Row 12, column Provider: Exewater Community NHS Trust is also on row 7",
    ]
    with pytest.raises(BenchmarkImportError):
        benchmark_import(
            content=content, file_name="r.xlsx", name="Bad", framework_version=version, by=person
        )
    assert Benchmark.objects.count() == 0 and BenchmarkScore.objects.count() == 0


def test_a_region_that_does_not_hold_the_system_is_refused(map_, version):
    rows = [["South West", "West Yorkshire", "Northmoor Hospitals NHS Trust", "Acute", *[2] * 7]]
    assert problems(workbook(rows), version) == [
        "Row 5, column Region: NHS West Yorkshire Integrated Care Board is in North East and "
        "Yorkshire, not 'South West'"
    ]


def test_missing_columns_mean_the_header_is_not_found(map_, version):
    header = ["Region", "ICS", "Organisation type", *MEASURES_2025]
    assert problems(workbook([], header=header), version) == [
        "No header row found: no sheet has a row with the columns Region, ICS, Provider and "
        "Care Setting in its first 30 rows."
    ]


def test_a_header_below_the_first_thirty_rows_is_not_looked_for(map_, version):
    content = workbook(GOOD_ROWS, title_rows=[["title"]] * 30)
    assert problems(content, version)[0].startswith("No header row found")


def test_a_file_without_any_success_measure_column_is_refused(map_, version):
    header = ["Region", "ICS", "Provider", "Care Setting", "Cyber", "Data"]
    assert problems(workbook([], header=header), version) == [
        "Row 4: no column is a success measure of the framework (e.g. Well led)"
    ]


def test_a_csv_renamed_xlsx_is_refused_with_what_to_do(map_, version):
    assert problems(csv_file(GOOD_ROWS), version, "results.xlsx") == [
        "results.xlsx is called .xlsx but is a CSV or text file. Save it from Excel as an Excel "
        "workbook (.xlsx), or upload a CSV file named .csv."
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7 ...", "results.pdf", "Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
        (b"", "results.xlsx", "results.xlsx is empty."),
        (
            b"PK\x03\x04 not really a zip",
            "results.xlsx",
            "results.xlsx could not be read as an Excel workbook (.xlsx).",
        ),
        (
            b"\x00\x01\x02binary",
            "results.csv",
            "results.csv is called .csv but is not a text file.",
        ),
    ],
)
def test_files_that_are_not_workbooks_are_refused(map_, version, content, name, message):
    assert problems(content, version, name) == [message]


def test_a_zip_that_is_not_a_workbook_is_refused(map_, version):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert problems(out.getvalue(), version) == [
        "results.xlsx could not be read as an Excel workbook (.xlsx)."
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(map_, version):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (110 * 1024 * 1024))
    assert problems(out.getvalue(), version) == [
        "results.xlsx unpacks to more than 100 MB: too big to import."
    ]


def test_an_entity_expansion_inside_a_workbook_is_refused(map_, version):
    good = zipfile.ZipFile(io.BytesIO(workbook(GOOD_ROWS)))
    out = io.BytesIO()
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    with zipfile.ZipFile(out, "w") as archive:
        for item in good.infolist():
            data = good.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = data.split(b"?>", 1)[-1]  # without its XML declaration, if it has one
                data = bomb.encode() + body.replace(b"Northmoor", b"&b;&b;&b;&b;&b;")
            archive.writestr(item, data)
    assert problems(out.getvalue(), version) == [
        "results.xlsx could not be read as an Excel workbook (.xlsx)."
    ]


def test_the_same_file_twice_is_refused(map_, version, person):
    content = workbook(GOOD_ROWS)
    benchmark_import(
        content=content, file_name="a.xlsx", name="One", framework_version=version, by=person
    )
    with pytest.raises(BenchmarkImportError) as refused:
        benchmark_import(
            content=content, file_name="a.xlsx", name="Two", framework_version=version, by=person
        )
    assert [str(p) for p in refused.value.problems] == ["This file has already been imported."]
    assert Benchmark.objects.count() == 1


def test_an_import_needs_a_name(map_, version, person):
    with pytest.raises(BenchmarkImportError) as refused:
        benchmark_import(
            content=workbook(GOOD_ROWS),
            file_name="a.xlsx",
            name="  ",
            framework_version=version,
            by=person,
        )
    assert [str(p) for p in refused.value.problems] == ["Give the benchmark a name."]


def test_the_command_previews_with_dry_run_and_then_imports(
    map_, version, person, tmp_path, capsys
):
    path = tmp_path / "2025.xlsx"
    path.write_bytes(workbook(GOOD_ROWS))
    args = [str(path), "--name", "2025 national", "--framework-version", "2.0.0", "--by", "nadia"]
    call_command("benchmark_import", *args, "--dry-run")
    assert "3 organisations, 18 scores" in capsys.readouterr().out
    assert Benchmark.objects.count() == 0
    call_command("benchmark_import", *args)
    assert "Imported 2025 national (3 organisations)." in capsys.readouterr().out


def test_the_command_reports_every_problem_and_writes_nothing(
    map_, version, person, tmp_path, capsys
):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook([["South West", "Devon", "Nowhere", "Acute", *[9] * 7]]))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "benchmark_import",
            str(path),
            "--name",
            "x",
            "--framework-version",
            "2.0.0",
            "--by",
            "nadia",
        )
    err = capsys.readouterr().err
    assert "bad.xlsx: Row 5, column Provider: no organisation is called 'Nowhere'" in err
    assert "Row 5, column Well Led: 9 is outside 1 to 5" in err
    assert Benchmark.objects.count() == 0
