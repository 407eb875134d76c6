"""The frameworks' API (README "The API"): versions as anyone signed in reads them (drafts for
framework authors only, `frameworks.access`), each version's document and YAML export, and what
changed between two versions, by the same services as the pages."""
