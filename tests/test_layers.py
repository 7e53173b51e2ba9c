"""The layering of docs/architecture.md: each layer imports only from the layers before it,
and the negotiation engine knows nothing of agreements, money, lapses or the store."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "burdenshare"

# In order: a module may import from its own layer and from the layers before it.
LAYERS = [
    "errors", "limits", "money", "series", "yamlio", "files", "render", "data", "costs", "lapse",
    "negotiation", "talks", "__init__", "runtime", "present", "store", "reports", "api", "web",
    "cli_job", "cli_lapse", "cli_share", "cli_backtest", "cli_tournament", "cli",
    "cli_tracker",
]  # fmt: skip


def _imports() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        me = path.relative_to(ROOT).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "burdenshare":
                    target = parts[1] if len(parts) > 1 else "__init__"
                    if target != me:
                        edges.setdefault(me, set()).add(target)
    return edges


def test_every_top_level_module_has_a_layer() -> None:
    found = {p.relative_to(ROOT).parts[0].removesuffix(".py") for p in ROOT.rglob("*.py")}
    assert found - set(LAYERS) == set()


def test_no_import_runs_upward() -> None:
    upward = [
        (me, target)
        for me, targets in _imports().items()
        for target in targets
        if LAYERS.index(target) > LAYERS.index(me)
    ]
    assert upward == []


def test_negotiation_engine_is_generic() -> None:
    assert _imports().get("negotiation", set()) <= {"errors", "limits"}
