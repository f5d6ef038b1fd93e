"""How the packages import each other: no cycle, no hidden imports, cheap error modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("nlp", "index")
OWN = ("nlp", "index", "corpus", "baocao")
# Imports inside a function that defer a heavy library on purpose (each says so in a comment).
DEFERRED = {("nlp.classifier.model", "nlp.classifier.features"),
            # the signed writer loads whoosh.writing, which no search needs
            ("index.integrity", "index.signed_writer"),
            # index.backend loads a backend's modules when that backend is used: a search
            # never loads a writer, and a folder index never loads psycopg
            *(("index.backend", f"index.{name}") for name in (
                "catalog", "search", "trends", "writer", "postgres.catalog", "postgres.search",
                "postgres.trends", "postgres.writer")),
            # the model's library versions, needed only by a batch on a Dask cluster
            ("index.distributed", "nlp.classifier.store"),
            # the writer, needed only by a new user's first search, to index the bundled report
            ("index.bundled", "index.writer")}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _target(module: str, node: ast.ImportFrom | ast.Import, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.level:
        return [node.module or ""]
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - node.level + 1]
    return [".".join([*base, node.module] if node.module else base)]


def _imports(module: str, tree: ast.Module, is_package: bool):
    """Yield (imported module, whether at module level) for the project's own imports."""
    def walk(node, top):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for name in _target(module, child, is_package):
                    if name.split(".")[0] in OWN:
                        yield name, top
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # only for the type checker
            else:
                inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                       ast.Lambda))
                yield from walk(child, inner)
    yield from walk(tree, True)


MODULES = _modules()
PACKAGE_NAMES = {name for name in MODULES if (ROOT / name.replace(".", "/")).is_dir()}


def test_no_function_level_import_of_the_projects_own_modules():
    hidden = sorted((module, name) for module, tree in MODULES.items()
                    for name, top in _imports(module, tree, module in PACKAGE_NAMES)
                    if not top and (module, name) not in DEFERRED)
    assert hidden == []


def test_no_import_cycle_between_modules():
    graph = {module: {name for name, top in _imports(module, tree, module in PACKAGE_NAMES)
                      if top and name in MODULES and name != module}
             for module, tree in MODULES.items()}
    # A package's __init__ re-exports its modules; the cycle that matters is between modules.
    graph = {m: {n for n in deps if n not in PACKAGE_NAMES} for m, deps in graph.items()
             if m not in PACKAGE_NAMES}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, path):
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_context_reads_the_lexicon_not_the_weak_labels():
    deps = {name for name, _ in _imports("nlp.classifier.context",
                                         MODULES["nlp.classifier.context"], False)}
    assert "nlp.classifier.lexicon" in deps and "nlp.classifier.weak_labels" not in deps


def test_inference_does_not_import_training_code():
    deps = {name for name, top in _imports("nlp.classifier.model",
                                           MODULES["nlp.classifier.model"], False)}
    assert "nlp.classifier.training" not in deps


@pytest.mark.parametrize("statement", ["import nlp.errors, index.errors", "import nlp, index"])
def test_error_modules_load_no_heavy_library(statement):
    heavy = ("whoosh", "sklearn", "underthesea", "pypdf", "docx", "scipy")
    code = f"import sys; {statement}; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


def test_dask_is_imported_only_when_a_scheduler_is_used():
    code = ("import sys, index.writer, index.distributed, baocao.cli; "
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


def test_index_search_stays_the_function_when_its_module_is_imported():
    code = ("import index, index.errors; from index.search import Hit; "
            "print(callable(index.search), index.search.__module__)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.split() == ["True", "index.backend"]  # the function of either backend
