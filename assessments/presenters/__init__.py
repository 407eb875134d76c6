"""View-models and formatting for pages, one module per group of pages (mirroring `views/`)."""
