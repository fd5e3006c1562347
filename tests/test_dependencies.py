"""Dependencies run one way: answers -> questions -> posts (what both share); the notifications' outbox, which
answers write to and questions show, imports neither; the service's wiring (qa_project) and the API clients import no
domain app; management imports the apps, never the reverse. Tests may import anything."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

DOMAIN = ("posts", "questions", "answers", "notifications")
# package: the packages it must not import.
FORBIDDEN = {
    "posts": ("questions", "answers", "management"),
    "questions": ("answers", "management"),
    "answers": ("management",),
    # The outbox the answer and question apps write to and show: it names their models as strings, imports neither.
    "notifications": ("questions", "answers", "management"),
    "clients": (*DOMAIN, "management"),
    "qa_project": (*DOMAIN, "clients", "management"),
}


def imported_packages(path: Path) -> set[str]:
    packages: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            packages.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            packages.add(node.module.split(".")[0])
    return packages


@pytest.mark.parametrize("package", FORBIDDEN)
def test_a_package_imports_none_of_the_packages_built_on_it(package):
    root = Path(settings.BASE_DIR) / package
    sources = [path for path in root.rglob("*.py") if "tests" not in path.relative_to(root).parts]

    wrong = {
        f"{path.relative_to(settings.BASE_DIR)} imports {imported}"
        for path in sources
        for imported in imported_packages(path) & set(FORBIDDEN[package])
    }

    assert sources
    assert wrong == set()
