"""config is the ground floor: settings, URLs and site-wide pages import no app of ours.

The apps build on config (settings, the domain error type, the Jinja2 environment), never the
other way round. The root URLconf may still include an app's URLconf by dotted string.
"""

import ast
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / "config"
APPS = {"frameworks", "assessments", "reports"}


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_nothing_in_config_imports_an_app_even_inside_a_function():
    offending = [
        f"{path.relative_to(CONFIG.parent)}:{line} imports {module}"
        for path in sorted(CONFIG.rglob("*.py"))
        for line, module in _imported_modules(path)
        if module.split(".")[0] in APPS
    ]
    assert offending == []


def test_the_checker_would_see_an_import_inside_a_function(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("def start(request):\n    from assessments.selectors import start_links\n")
    assert list(_imported_modules(module)) == [(2, "assessments.selectors")]
