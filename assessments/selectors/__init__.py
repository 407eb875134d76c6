"""Reads of the assessments app, one module per group of pages (mirroring `views/`), plus the
read seam that reports, PDFs and the API use:

- `scores.round_scores(round_)`: the approved, frozen scores of a round, by stable key;
- `results.assessment_results(assessment)`: the results of one assessment;
- `signoff.missing_answers(assessment)`: what is missing before submission;
- `scores.compute_scores(assessment)`: live scores from the answers as they stand;

Each runs a fixed number of queries. Selectors never write.
"""

from .organisations import describe_roles, start_links
from .results import Results, assessment_results
from .scores import RoundScores, compute_scores, round_scores
from .signoff import Missing, missing_answers

__all__ = [
    "Missing",
    "Results",
    "RoundScores",
    "assessment_results",
    "compute_scores",
    "describe_roles",
    "missing_answers",
    "round_scores",
    "start_links",
]
