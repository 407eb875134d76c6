"""The documents: the transformation plan of a system, its board summary and the organisation
plan, rendered to tagged PDF by WeasyPrint in a Celery task.

- `models.py`: `Report` (one requested document and its life: queued, rendering, ready or
  failed) and `ReportBatch` (a region's documents requested at once);
- `plan.py`: the plan as the documents read it (typed dataclasses), and the draft proposal;
- `figures.py` and `context.py`: one function per document builds everything it prints, from
  `reports.aggregates` and `reports.sources` (never a second formula);
- `render.py`: Jinja2 (the pages' environment) to HTML, WeasyPrint to PDF/UA-1, charts as SVG;
- `services.py`: requesting documents (who may), rendering one (idempotent), storing it.
"""
