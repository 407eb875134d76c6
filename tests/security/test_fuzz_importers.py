"""The CSV and workbook importers fuzzed with Hypothesis: the organisations file
(`assessments.services.organisations_import`) and published national results
(`reports.benchmarks.benchmark_import`, CSV or .xlsx). Whatever the file, the answer is a valid
import or a refusal listing clear problems, never a traceback, and a refusal writes nothing.
(The framework YAML importer has its own: tests/frameworks/test_fuzz_import.py.)"""

import csv
import io
import math

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from assessments.models import AdminEvent, Organisation, SystemMembership
from assessments.services.organisation_import import (
    ImportResult,
    OrganisationImportError,
    organisations_import,
)
from reports.benchmarks import BenchmarkImportError, benchmark_import
from reports.models import Benchmark, BenchmarkScore
from tests.reports.test_benchmarks import GOOD_ROWS, HEADER, map_, version  # noqa: F401

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _RollBack(Exception):
    pass


def _clear(problems, messages) -> None:
    assert problems, "a refusal must say what is wrong"
    for message in messages:
        assert isinstance(message, str) and message.strip()
        assert len(message) < 1000
        assert "Traceback" not in message


# --- the organisations file -------------------------------------------------------------------

ORG_COLUMNS = ["ods_code", "name", "care_setting", "system_code", "host"]
ORG_VALUES = [
    "ZT001",
    "ZT009",
    "zt010",
    "QWO",
    "QJK",
    "QXX",
    "acute",
    "Acute",
    "community",
    "mental_health",
    "yes",
    "no",
    "",
    " ",
    '=HYPERLINK("http://evil")',
    "Northmoor Hospitals NHS Trust",
    "New Trust\u202e",
    "a\x00b",
    "line\nbreak",
    "x" * 250,
    "\ufeffods_code",
]
org_cell = st.one_of(st.sampled_from(ORG_VALUES), st.text(max_size=30))


@st.composite
def organisation_files(draw) -> bytes:
    header = draw(
        st.one_of(
            st.just(ORG_COLUMNS),
            st.permutations(ORG_COLUMNS),
            st.lists(st.sampled_from([*ORG_COLUMNS, "extra", ""]), max_size=7),
        )
    )
    rows = draw(st.lists(st.lists(org_cell, min_size=0, max_size=7), max_size=8))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return out.getvalue().encode(encoding, errors="replace")


def _organisations_state():
    return (
        sorted(Organisation.objects.values_list("ods_code", "name", "care_setting")),
        sorted(SystemMembership.objects.values_list("organisation_id", "system_id", "is_host")),
        AdminEvent.objects.count(),
    )


def organisations_answer(data: bytes, by) -> str:
    before = _organisations_state()
    try:
        with transaction.atomic():
            try:
                result = organisations_import(data=data, by=by)
            except OrganisationImportError as error:
                _clear(error.problems, error.messages)
                assert error.message.startswith("The file was not imported: ")
                assert _organisations_state() == before, "a refused file wrote something"
                return "refused"
            assert isinstance(result, ImportResult)
            assert str(result)
            raise _RollBack
    except _RollBack:
        pass
    assert _organisations_state() == before
    return "imported"


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(str.encode)))
def test_organisations_any_bytes(world, data):
    assert organisations_answer(data, world.national) in ("imported", "refused")


@FUZZ
@given(data=organisation_files())
def test_organisations_csv_shaped_files(world, data):
    assert organisations_answer(data, world.national) in ("imported", "refused")


def test_the_fuzzed_shape_can_import(world):
    """The structured strategy's world is one where a file can import: not only refusals."""
    data = "ods_code,name,care_setting,system_code,host\nZT009,New Trust,acute,QWO,yes\n"
    assert organisations_answer(data.encode(), world.national) == "imported"


# --- published national results ---------------------------------------------------------------

SCORES = st.one_of(
    st.none(),
    st.integers(-5, 9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["n/a", "N/A", "", "2.5", "3,1", "five", "=1+1", "1e400", "-0", " 4 "]),
)
TEXT = st.one_of(
    st.sampled_from(
        [
            "North East and Yorkshire",
            "South West",
            "NHS West Yorkshire ICB",
            "West Yorkshire",
            "NHS Devon Integrated Care Board",
            "Northmoor Hospitals NHS Trust",
            "Calderbrook Mental Health NHS Trust (ZT002)",
            "EXEWATER COMMUNITY NHS TRUST",
            "Acute",
            "Community",
            "Mental Health",
            "Atlantis",
            "",
        ]
    ),
    st.text(max_size=40),
)


@st.composite
def benchmark_rows(draw) -> tuple[list, list[list]]:
    header = draw(
        st.one_of(
            st.just(HEADER),
            st.lists(st.one_of(st.sampled_from(HEADER), st.text(max_size=15)), max_size=12),
        )
    )
    good = draw(st.lists(st.sampled_from(GOOD_ROWS), max_size=3))
    rows = draw(
        st.lists(
            st.lists(st.one_of(TEXT, SCORES), min_size=0, max_size=len(HEADER) + 1), max_size=6
        )
    )
    return header, [*good, *rows]


def _xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)  # a workbook cannot hold them as numbers
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


def _csv(header, rows) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8", errors="replace")


def benchmarks_answer(content: bytes, file_name: str, framework_version, by) -> str:
    try:
        with transaction.atomic():
            try:
                benchmark = benchmark_import(
                    content=content,
                    file_name=file_name,
                    name="Fuzzed results",
                    framework_version=framework_version,
                    by=by,
                )
            except BenchmarkImportError as error:
                _clear(error.problems, [str(p) for p in error.problems])
                assert not Benchmark.objects.exists(), "a refused file wrote something"
                assert not BenchmarkScore.objects.exists()
                return "refused"
            assert benchmark.organisation_count >= 1
            assert BenchmarkScore.objects.filter(benchmark=benchmark).exists()
            raise _RollBack
    except _RollBack:
        return "imported"


@FUZZ
@given(
    content=st.binary(max_size=3000),
    file_name=st.sampled_from(["results.csv", "results.xlsx", "results.txt", "RESULTS.XLSX"]),
)
def test_benchmarks_any_bytes(map_, version, world_person, content, file_name):  # noqa: F811
    assert benchmarks_answer(content, file_name, version, world_person) in ("imported", "refused")


@FUZZ
@given(table=benchmark_rows(), as_workbook=st.booleans())
def test_benchmarks_csv_and_workbook_shaped_files(
    map_,  # noqa: F811
    version,  # noqa: F811
    world_person,
    table,
    as_workbook,
):
    header, rows = table
    content = _xlsx(header, rows) if as_workbook else _csv(header, rows)
    name = "results.xlsx" if as_workbook else "results.csv"
    assert benchmarks_answer(content, name, version, world_person) in ("imported", "refused")


def test_a_good_benchmark_file_imports(map_, version, world_person):  # noqa: F811
    assert benchmarks_answer(_xlsx(HEADER, GOOD_ROWS), "r.xlsx", version, world_person) == (
        "imported"
    )


@pytest.fixture
def world_person(django_user_model):
    return django_user_model.objects.create_user("nadia", password="x" * 16)


def test_a_file_of_only_a_byte_order_mark_is_empty():
    from assessments.services.organisation_file import parse_organisations_file

    rows, problems = parse_organisations_file(b"\xef\xbb\xbf")
    assert rows == [] and "The file is empty" in problems[0].message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b"\n\n"])
def test_an_empty_benchmark_file_is_refused_in_words(map_, version, world_person, content):  # noqa: F811
    with pytest.raises(BenchmarkImportError) as refused:
        benchmark_import(
            content=content,
            file_name="results.csv",
            name="Empty",
            framework_version=version,
            by=world_person,
        )
    messages = [str(problem) for problem in refused.value.problems]
    assert messages and all("Traceback" not in m and "Error" not in m for m in messages)
    assert not Benchmark.objects.exists()
