"""The house's rules, checked on the source: the layers run one way, and the repository stands
on its own."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "larlabb"

# Each app may import the apps of lower layers, never one of its own layer or above.
LAYERS = [
    {"core"},
    {"audit", "service"},
    {"accounts"},
    {"actors"},
    {"labs"},
    {"registrations"},
    {"live", "synergies"},
    {"missions"},
    {"outcomes"},
    {"privacy"},
    {"transfer"},
]
LAYER_OF = {app: number for number, apps in enumerate(LAYERS) for app in apps}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, also inside functions, as (line, dotted name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def upward_imports(package: Path) -> list[str]:
    """Imports that run up the layers: an app importing an app of its own layer or a higher
    one, or an app importing the site's own modules above the apps (``larlabb.demo`` …)."""
    apps = {path.name for path in package.iterdir() if (path / "apps.py").exists()}
    wrong = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        app = relative.parts[0]
        if app not in apps:
            continue  # the site's own modules (settings, urls, demo, reminders …) may import any
        for line, module in imported_modules(path):
            parts = module.split(".")
            if parts[0] != "larlabb" or len(parts) < 2 or parts[1] == app:
                continue
            other = parts[1]
            if other not in apps:
                if (package / f"{other}.py").exists() or (package / other).is_dir():
                    wrong.append(f"{relative}:{line} imports {module} (above the apps)")
                continue
            if LAYER_OF[other] >= LAYER_OF[app]:
                wrong.append(f"{relative}:{line}: {app} imports {module}")
    return sorted(set(wrong))


def test_every_app_has_its_place_in_the_layers():
    apps = {path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists()}
    assert apps == set(LAYER_OF)


def test_no_import_runs_up_the_layers():
    assert upward_imports(PACKAGE) == []


def test_the_check_finds_an_import_up_the_layers(tmp_path):
    """The check itself: a lower app importing a higher one, or the demo, is caught."""
    for app in LAYER_OF:
        (tmp_path / app).mkdir()
        (tmp_path / app / "apps.py").write_text("")
    (tmp_path / "demo.py").write_text("")
    (tmp_path / "labs" / "actions.py").write_text(
        "from larlabb.accounts.models import User\n"
        "from larlabb.registrations.queries import is_registered\n"
    )
    (tmp_path / "live" / "models.py").write_text(
        "def f():\n    from larlabb.synergies import models\n"
    )
    (tmp_path / "core" / "tasks.py").write_text("import larlabb.demo\n")

    assert upward_imports(tmp_path) == [
        "core/tasks.py:1 imports larlabb.demo (above the apps)",
        "labs/actions.py:2: labs imports larlabb.registrations.queries",
        "labs/actions.py:2: labs imports larlabb.registrations.queries.is_registered",
        "live/models.py:2: live imports larlabb.synergies",
        "live/models.py:2: live imports larlabb.synergies.models",
    ]


# The folder beside the repository that the project was written from; spelled in pieces so
# that this file does not name it itself.
SIBLING = re.compile(
    "|".join([r"\.\./" + "shared", "SHARED" + "_DIR", r"parent\s*/\s*['\"]" + "shared"])
)


def files_that_name_the_sibling_folder() -> list[str]:
    places = [ROOT / "src", ROOT / "tests", ROOT / "bench"]
    files = [path for place in places for path in place.rglob("*") if path.is_file()]
    files.append(ROOT / "Makefile")
    found = []
    for path in files:
        if "__pycache__" in path.parts or path.suffix in {".mo", ".pyc"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if SIBLING.search(text):
            found.append(str(path.relative_to(ROOT)))
    return found


def test_nothing_reads_the_folder_beside_the_repository():
    assert files_that_name_the_sibling_folder() == []


@pytest.mark.parametrize("name", ["regions.csv", "agencies.csv", "networks.csv", "sdgs.csv"])
def test_the_reference_data_ships_inside_the_package(name):
    path = PACKAGE / "data" / "reference" / name
    assert path.stat().st_size > 0
    assert "data/**/*" in (ROOT / "pyproject.toml").read_text()
