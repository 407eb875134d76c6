"""The documents end to end in-process: requested, made (eagerly), stored, read back as PDF text
and structure; figures equal the aggregate's; idempotent; failures explained."""

import datetime as dt
import io
from fractions import Fraction

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from assessments.models import Assessment, Organisation
from reports.aggregates import OVERALL, PROVIDERS, Group, aggregate
from reports.charts import shown
from reports.documents import context as contexts
from reports.documents import render, services
from reports.documents.models import Report
from reports.documents.plan import PlanAction, PlanData

from .conftest import outline, pdf_text, stored

pytestmark = pytest.mark.slow


def figures_of(pdf) -> list:
    """The Figure elements of a tagged PDF's structure tree."""
    figures = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                figures.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot)
    return figures


def request(people, subject, current, kind="system_plan", who="sro", capture=None):
    with capture(execute=True):
        report = services.report_request(
            user=people[who], kind=kind, round_=current, subject=subject
        )
    report.refresh_from_db()
    return report


def test_the_system_plan_prints_the_aggregate_figures_and_says_draft_on_every_page(
    plans, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    report = request(people, system, current, capture=django_capture_on_commit_callbacks)
    assert report.status == "ready", report.message
    pages = pdf_text(stored(report))
    assert len(pages) == report.pages >= 8
    assert all("Draft" in page for page in pages)
    text = "\n".join(pages)
    figures = aggregate(current)
    group = Group("system", system.pk)
    # Hand-computed: well-led is wl-strategy: (2+3+1+4+2+3+2)/7 = 17/7; foundations
    # (sf-network + 0.5 sf-cyber)/1.5 per provider; 7 of 8 providers approved.
    assert figures.cell(group, PROVIDERS, "well-led").mean == Fraction(17, 7)
    assert "West Yorkshire's overall score is 2.5 against a target of 2.9" in text
    # today, target (the even providers' 3,2,3,3: 2.75, to one decimal as a plan's first draft
    # proposes it), gap 2.8 - 17/7 = 0.37
    assert "Well led 2.4 2.8 0.4" in text
    assert "Ensure smart foundations 2.5 3.0 0.5" in text  # one level above today
    assert shown(figures.cell(group, PROVIDERS, OVERALL).mean) == "2.5"
    assert "7 of 8 provider assessments approved (88%)" in text
    assert "up 0.6" in text  # since 2024/25
    assert "Calder Community Care" in text  # furthest behind in well led (level 1)
    assert "The plan has no agreed actions yet" in text
    assert "23 answers and 8 evidence items" in text
    assert report.data_fingerprint and len(report.data_used) == 8  # 7 providers + the ICB


def test_the_pdf_is_tagged_with_title_language_and_alt_text_for_every_chart(
    plans, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    report = request(people, system, current, capture=django_capture_on_commit_callbacks)
    pdf = pikepdf.open(io.BytesIO(stored(report)))
    root = pdf.Root
    assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
    assert str(root.Lang) == "en-GB"
    assert str(pdf.docinfo.Title) == (
        "Digital transformation plan: West Yorkshire, 2025/26 assessment"
    )
    figures = figures_of(pdf)
    assert len(figures) == 2  # the spread and the heatmap
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    assert "median" in str(figures[0].Alt)
    fonts = [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary)
        and obj.get("/Type") == "/Font"
        and "/FontDescriptor" in obj
    ]
    assert any("Waymark-Sans" in str(font.BaseFont) for font in fonts)
    assert all(
        {"/FontFile2", "/FontFile3", "/FontFile"} & set(font.FontDescriptor.keys())
        for font in fonts
    )  # every font embedded


def test_an_agreed_plan_names_who_agreed_it_and_lists_actions_in_order(plans):
    current, _, system, _ = plans
    agreed_at = timezone.make_aware(dt.datetime(2025, 11, 3, 14, 30))
    plan = PlanData(
        targets={"well-led": Fraction(3), "foundations": Fraction(7, 2)},
        actions=[
            PlanAction(
                "Replace the core network",
                "foundations",
                "Dewsbury Health",
                dt.date(2026, 3, 31),
                "in_progress",
            ),
            PlanAction("Board digital strategy", "well-led", "Sara Owner", dt.date(2026, 1, 15)),
        ],
        agreed_by="Sara Owner",
        agreed_at=agreed_at,
        measure_order=("foundations", "well-led"),  # foundations first
        version_number=2,
    )
    pdf, _ = render.render("system_plan", contexts.system_plan_context(system, current, plan))
    pages = pdf_text(pdf)
    text = "\n".join(pages)
    assert not any("Draft" in page for page in pages)
    assert "Agreed by Sara Owner on 3 November 2025 (version 2)" in text
    # The measures' sections (and the contents) follow the plan's order, foundations first.
    first_foundations = next(i for i, p in enumerate(pages) if "Actions for Ensure smart" in p)
    first_well_led = next(i for i, p in enumerate(pages) if "Actions for Well led" in p)
    assert first_foundations < first_well_led
    assert "Well led 2.4 3.0 0.6" in text and "Ensure smart foundations 2.5 3.5 1.0" in text
    plan_page = next(p for p in pages if "Every action, in order of priority" in p)
    first, second = plan_page.index("Replace the core network"), plan_page.index("Board digital")
    assert first < second
    assert "Dewsbury Health" in plan_page and "31 March 2026" in plan_page
    assert "In progress" in plan_page and "Not started" in plan_page


def test_the_board_summary_is_two_pages_and_the_organisation_plan_is_its_own(
    plans, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    summary = request(
        people, system, current, "board_summary", capture=django_capture_on_commit_callbacks
    )
    assert summary.status == "ready" and summary.pages == 2
    organisation = Organisation.objects.get(ods_code="R0000")
    own = request(
        people,
        organisation,
        current,
        "organisation_plan",
        "approver",
        capture=django_capture_on_commit_callbacks,
    )
    assert own.status == "ready", own.message
    pages = pdf_text(stored(own))
    text = "\n".join(pages)
    # A contents page like the system plan's, its page numbers where the bookmarks point.
    contents = pages[1].splitlines()
    assert "Contents" in contents
    listed = ["Summary", "Success measures", "Well led", "Ensure smart foundations"]
    listed.append("Appendix: method and data")
    assert [line for line in contents if line in listed] == listed
    marks = dict(outline(stored(own)))
    numbers = [int(line) for line in contents if line.isdigit()]
    assert numbers == [marks[title] for title in listed] == [3, 4, 4, 4, 5]
    assert "Well led" in pages[3] and "Appendix: method and data" in pages[4]
    assert "its approver agrees them" in text
    # Both tagged like the plan, every chart with its alternative text.
    for report, title, charts in (
        (summary, "Digital transformation plan: board summary: West Yorkshire", 1),
        (own, "Digital maturity plan: Aire Valley Hospitals", 1),
    ):
        pdf = pikepdf.open(io.BytesIO(stored(report)))
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title) == f"{title}, 2025/26 assessment"
        found = figures_of(pdf)
        assert len(found) == charts and all(str(f.get("/Alt", "")).strip() for f in found)
    assert "Aire Valley Hospitals's overall score is 2.2 against a target of 3.0" in text
    assert "Well led 2.0 3.0 1.0 2.4" in text  # own, own target, gap, system mean


def test_same_inputs_find_the_same_file_and_a_reopened_assessment_changes_the_record(
    plans, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    capture = django_capture_on_commit_callbacks
    first = request(people, system, current, capture=capture)
    second = request(people, system, current, capture=capture)
    assert (first.checksum, first.file.name) == (second.checksum, second.file.name)
    assert first.file.name == f"reports/{first.checksum}.pdf"
    from reports.tasks import render_report

    render_report.apply(args=[first.pk])  # redelivered: nothing new
    first.refresh_from_db()
    assert first.attempts == 1 and first.status == "ready"
    Assessment.objects.filter(organisation__ods_code="R0003", round=current).update(
        decided_at=timezone.now() + dt.timedelta(minutes=5)
    )
    third = request(people, system, current, capture=capture)
    assert third.data_fingerprint != first.data_fingerprint
    assert default_storage.exists(third.file.name)


def test_a_failed_render_says_what_to_do(plans, django_capture_on_commit_callbacks):
    current, _, system, people = plans
    Assessment.objects.filter(
        round=current, organisation__system_memberships__system=system
    ).update(status="submitted")
    report = request(people, system, current, capture=django_capture_on_commit_callbacks)
    assert report.status == "failed"
    assert "has no approved provider assessments in 2025/26 assessment" in report.message
    assert "request the document again" in report.message


def test_transient_errors_are_retried_then_explained(plans, monkeypatch):
    from django.db import OperationalError

    from reports.documents import making
    from reports.tasks import render_report

    current, _, system, people = plans
    report = Report.objects.create(
        kind="system_plan", round=current, system=system, requested_by=people["sro"]
    )
    calls = []

    def flaky(report_id):
        calls.append(report_id)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return making.Report.objects.get(pk=report_id)

    monkeypatch.setattr(making, "report_make", flaky)
    render_report.apply(args=[report.pk])
    assert len(calls) == 3
    calls.clear()
    monkeypatch.setattr(making, "report_make", lambda pk: (_ for _ in ()).throw(OperationalError()))
    render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == "failed" and "unavailable" in report.message
