"""A test-only page that draws one chart of each kind, served under the real CSP and layout."""

from decimal import Decimal

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from reports import charts

PAGE = """{% extends "layout.jinja" %}
{% from "reports/_chart.jinja" import chart, chart_assets %}
{% block title %}Charts{% endblock %}
{% block content %}
<h1>Charts</h1>
{{ chart_assets() }}
{% for c in charts %}{{ chart(c, heading_level=2) }}{% endfor %}
{% endblock %}"""


def sample_charts() -> list[charts.Chart]:
    return [
        charts.distributions(
            "spread",
            "Well led: spread of scores by system",
            [
                charts.Distribution(
                    "Alpha",
                    6,
                    Decimal("1.5"),
                    Decimal("2"),
                    Decimal("2.45"),
                    Decimal("3"),
                    Decimal("4"),
                    Decimal("2.6"),
                ),
                charts.Distribution("Beta", 3, suppressed="Fewer than 5 organisations"),
            ],
            references=[charts.Reference("National median", Decimal("2.7"))],
            group_heading="System",
        ),
        charts.heatmap(
            "heat",
            "Scores by organisation and success measure",
            rows=["Northmoor", "Calderbrook"],
            columns=["Well led", "Safe practice"],
            values=[[Decimal("2.25"), None], [Decimal("4"), Decimal("1")]],
        ),
        charts.trend(
            "trend",
            "Overall score across rounds",
            rounds=["2024/25", "2025/26"],
            series=[charts.Series("This system", [Decimal("2.1"), Decimal("2.35")])],
        ),
    ]


def chart_page(request):
    template = engines["jinja2"].from_string(PAGE)
    return HttpResponse(template.render({"charts": sample_charts()}, request))


# The real site around it, so that the layout's links resolve.
urlpatterns = [path("test-charts/", chart_page), path("", include("config.urls"))]
