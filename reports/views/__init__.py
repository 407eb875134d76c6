"""The pages of reports, one module per group of pages (`exports`, `benchmarks`, ...)."""
