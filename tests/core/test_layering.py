"""The apps depend on each other one way only: core ← accounts ← digest ← corrections.

An app may import from the apps to its left and never from those to its right; core imports no
domain app at all. A page or command that needs two apps at once lives in the app on the right
or in config/, which may import anything. Every import counts, also one inside a function.
Migrations are left out: they name other apps' migrations as dependencies, not as code.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["core", "accounts", "digest", "corrections"]


def _module_of(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported(node: ast.AST, package: list[str]) -> list[str]:
    """The absolute names an import statement brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            return [node.module or ""]
        base = package[: len(package) - node.level + 1]
        return [".".join([*base, *([node.module] if node.module else [])])]
    return []


def layering_violations(root: Path) -> list[str]:
    found = []
    for position, app in enumerate(LAYERS):
        forbidden = set(LAYERS[position + 1 :])
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            module = _module_of(path, root)
            package = module if path.name == "__init__.py" else module[:-1]
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                for name in _imported(node, package):
                    if name.split(".")[0] in forbidden:
                        found.append(
                            f"{path.relative_to(root)}:{node.lineno}: {app} imports {name}"
                        )
    return found


def test_apps_import_only_from_the_apps_to_their_left():
    violations = layering_violations(Path(settings.BASE_DIR))
    assert not violations, "imports against core ← accounts ← digest ← corrections:\n" + "\n".join(
        violations
    )


@pytest.mark.parametrize(
    ("app", "source", "expected"),
    [
        (
            "accounts",
            "from digest.models import Digest\n",
            "accounts/wrong.py:2: accounts imports digest.models",
        ),
        (
            "core",
            "def pending():\n    import corrections.selectors\n",
            "core/wrong.py:3: core imports corrections.selectors",
        ),
        (
            "digest",
            "from ..corrections import services\n",
            "digest/wrong.py:2: digest imports corrections",
        ),
    ],
)
def test_an_import_to_the_right_is_named_with_file_and_line(tmp_path, app, source, expected):
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
        (tmp_path / layer / "__init__.py").write_text("")
        (tmp_path / layer / "fine.py").write_text("from core.models import AuditEvent\n")
    (tmp_path / app / "wrong.py").write_text("import json\n" + source)
    assert layering_violations(tmp_path) == [expected]
