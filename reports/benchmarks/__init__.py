"""Import a published national results workbook as a benchmark ("national published").

The file is shaped like NHS England's 2025 pillar summary: some title rows, then a header row
with the columns Region, ICS, Provider and Care Setting, then one column per success measure
under its published label ("Well Led", "Support Workforce", ...). Import is in two steps:
`benchmark_preview` reads and checks everything and writes nothing; `benchmark_import` writes the
whole file in one transaction, or nothing if any row has a problem.

- The header is found by its column names in the first rows of any sheet, not at a fixed row.
- Measure columns are matched to the framework version's success measures by their labels in
  any version of the framework (stable keys), then by `WAYMARK_BENCHMARK_LABELS` (a setting:
  published label -> measure key) for names a framework does not use.
- Providers and systems are matched by ODS code (a code column, or a code in brackets after the
  name) or by normalised name; regions by name. Blanks and "n/a" are missing values; anything
  else must be a number from 1 to 5.
- Every problem names its row (as the spreadsheet numbers it) and column.
- Hostile files: size-capped, zip bombs refused before opening, XML read by defusedxml (which
  openpyxl uses when it is installed), rows and columns capped, a CSV renamed .xlsx refused.
"""

from .importing import Preview, Row, benchmark_import, benchmark_preview
from .matching import normalise, system_key
from .reading import BenchmarkImportError, Problem

__all__ = [
    "BenchmarkImportError",
    "Preview",
    "Problem",
    "Row",
    "benchmark_import",
    "benchmark_preview",
    "normalise",
    "system_key",
]
