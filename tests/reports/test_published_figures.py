"""Published national results beside Waymark's own figures: "national published", apart."""

from decimal import Decimal
from fractions import Fraction

import pytest

from assessments.models import Organisation
from reports.benchmarks.figures import published
from reports.models import Benchmark, BenchmarkScore

from . import pages_world

pytestmark = pytest.mark.django_db

# organisation code -> published score for the first measure of the round
PUBLISHED = {"ZA1": "2.5", "ZA2": "3.25", "ZG1": "2.0", "ZICB1": "4.9", "ZT1": "1.5", "ZE1": "3.0"}


@pytest.fixture
def world():
    return pages_world.build()


@pytest.fixture
def benchmark(world):
    measure_key, _ = world_measures(world)[0]
    found = Benchmark.objects.create(
        name="2025 national results",
        framework_version=world.round.framework_version,
        source_name="2025.xlsx",
        checksum="a" * 64,
        organisation_count=len(PUBLISHED),
        imported_by=world.users["national"],
    )
    for number, (code, score) in enumerate(PUBLISHED.items(), start=5):
        organisation = Organisation.objects.get(ods_code=code)
        system = organisation.system_memberships.get(is_host=True).system
        BenchmarkScore.objects.create(
            benchmark=found,
            organisation=organisation,
            system=system,
            care_setting=organisation.care_setting,
            measure_key=measure_key,
            score=Decimal(score),
            row=number,
        )
    return found


def world_measures(world):
    from reports.sources import measures_of

    return measures_of(world.round)


def test_published_figures_are_providers_only_by_place(world, benchmark):
    measures = world_measures(world)
    qwo = world.systems["QWO"]
    found = published(measures, region=world.north, system=qwo)
    assert found.columns == ["England", "North East and Yorkshire", qwo.name]
    ((label, (england, region, system)),) = found.rows  # only the measure with figures
    assert label == measures[0][1]
    # England: 2.5, 3.25, 2.0, 1.5, 3.0 (the ICB's 4.9 left out)
    assert (england.n, england.mean, england.median) == (5, Fraction("2.45"), Fraction("2.5"))
    # the region: QWO's three and QHM's T1
    assert (region.n, region.mean, region.median) == (4, Fraction("2.3125"), Fraction("2.25"))
    assert (system.n, system.mean, system.median) == (3, Fraction(31, 12), Fraction("2.5"))


def test_no_benchmark_means_no_section(world):
    assert published(world_measures(world)) is None


def test_the_regional_comparison_shows_them_apart_from_waymarks_figures(client, world, benchmark):
    client.force_login(world.users["analyst"])
    page = client.get("/results/regions/Y63/").content.decode()
    section = page[page.index('id="published"') :]
    assert "2025 national results" in section
    # England mean 2.45 shown halves up, with its median and count; the region's likewise
    assert "2.5 (2.5, 5)" in section and "2.3 (2.3, 4)" in section
    assert "never mixed into them" in section


def test_the_system_dashboard_shows_them_to_a_board_reader_too(client, world, benchmark):
    client.force_login(world.users["board"])
    page = client.get("/results/systems/QWO/").content.decode()
    assert "National published results" in page and "2.6 (2.5, 3)" in page
