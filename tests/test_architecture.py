"""The shape of the code (docs/CONTRIBUTING.md): dependencies run one way, each app reads another
app's data only through that app's selectors (or services), modules and functions stay small,
and no import hides inside a function to dodge a cycle.

These read the source with `ast`, so they hold for every file, including ones no test imports.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Who may import whom. core is what every app shares and imports no app; grants is the base of
# the domain; awards and panels build on grants; voting decides awards from the panel's work;
# reports and directory read grants and awards.
MAY_USE = {
    "core": set(),
    "grants": {"core"},
    "awards": {"core", "grants"},
    "panels": {"core", "grants"},
    "voting": {"core", "grants", "panels", "awards"},
    "reports": {"core", "grants", "awards"},
    "directory": {"core", "grants", "awards", "reports"},
}
APPS = [app for app in MAY_USE if (ROOT / app).is_dir()]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# The counting algorithm may be long (it is benchmarked and property-tested on its own).
EXEMPT_FROM_SIZE = {ROOT / "voting" / "core" / "rules.py"}
# Heavy libraries are imported where they are used, so commands and pages start fast.
LAZY_LIBRARIES = {"weasyprint", "openpyxl", "pillow_heif", "jsonschema", "referencing", "PIL"}


def _modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node, node.module, [alias.asname or alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []


def _where(path, node):
    return f"{path.relative_to(ROOT)}:{node.lineno}"


@pytest.mark.parametrize("app", APPS)
def test_dependencies_run_one_way(app):
    wrong = [
        f"{_where(path, node)} imports {module}"
        for path, tree in _modules(app)
        for node, module, _ in _imports(tree)
        if module.split(".")[0] in MAY_USE and module.split(".")[0] not in MAY_USE[app] | {app}
    ]
    assert not wrong, "\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", APPS)
def test_no_app_queries_another_apps_models(app):
    """`OtherModel.objects` outside the other app is a query that belongs in its selectors.
    (ForeignKeys, state names and isinstance checks on other apps' models are fine; core's
    audit trail is read through core.audit.)"""
    wrong = []
    for path, tree in _modules(app):
        foreign = {
            name
            for _, module, names in _imports(tree)
            if module.split(".")[0] in MAY_USE
            and module.split(".")[0] != app
            and (module.endswith(".models") or ".models." in module)
            for name in names
        }
        wrong += [
            f"{_where(path, node)} queries {node.value.id}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in foreign
        ]
        wrong += [
            f"{_where(path, node)} queries {node.args[0].id}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in foreign
        ]
    assert not wrong, "\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", APPS)
def test_no_imports_inside_functions(app):
    """Project imports sit at the top of a module (AppConfig.ready excepted); only heavy
    libraries are imported where they are used."""
    wrong = []
    for path, tree in _modules(app):
        if path.name == "apps.py":
            continue
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and node.level:
                    wrong.append(f"{_where(path, node)} imports .{node.module or ''}")
                elif isinstance(node, ast.ImportFrom | ast.Import):
                    for _, module, _ in _imports(ast.Module(body=[node], type_ignores=[])):
                        if module.split(".")[0] not in LAZY_LIBRARIES and module.split(".")[
                            0
                        ] in set(MAY_USE):
                            wrong.append(f"{_where(path, node)} imports {module}")
    assert not wrong, "\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", APPS)
def test_modules_and_functions_stay_small(app):
    wrong = []
    for path, tree in _modules(app):
        if path in EXEMPT_FROM_SIZE:
            continue
        lines = len(path.read_text().splitlines())
        if lines > MAX_MODULE_LINES:
            wrong.append(f"{path.relative_to(ROOT)} has {lines} lines")
        if path.is_relative_to(ROOT / "voting" / "core"):
            continue  # the counting core's functions follow the algorithm's steps
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    wrong.append(f"{_where(path, node)} {node.name}() has {length} lines")
    assert not wrong, "\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_same_shape(app):
    """models, services/ (a package), views/ (a package), permissions; selectors where others
    read (core has no pages of its own)."""
    if app == "core":
        return
    folder = ROOT / app
    assert (folder / "models.py").exists() or (folder / "models").is_dir()
    assert (folder / "services" / "__init__.py").exists(), f"{app}/services/ is a package"
    assert (folder / "views" / "__init__.py").exists(), f"{app}/views/ is a package"
    assert (folder / "permissions.py").exists()
    assert not list(folder.glob("*_views.py")), "pages live in views/"
    assert not list(folder.glob("forms_*.py")), "forms live in forms.py or forms/"


# A service that does something is named <noun>_<verb> (offer_make, payment_record); one that
# reads is a noun (payments_due); a question is <noun>_is/has/may_... (member_is_conflicted).
# So a service's name never starts with one of these verbs.
VERBS_FIRST = {
    "accept", "add", "agree", "approve", "ask", "build", "cancel", "cast", "check", "close",
    "confirm", "correct", "create", "decide", "decline", "forget", "grant", "hide", "invite",
    "issue", "join", "lapse", "load", "make", "mark", "propose", "publish",
    "reclaim", "record", "remove", "request", "reschedule", "revoke", "run", "save", "schedule",
    "seal", "send", "set", "show", "start", "store", "submit", "take", "tell", "update",
    "waive", "withdraw", "has", "is", "can",
}  # fmt: skip


@pytest.mark.parametrize("app", APPS)
def test_services_are_named_noun_first(app):
    wrong = []
    for path in sorted((ROOT / app / "services").glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in tree.body:
            public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            if public and node.name.split("_")[0] in VERBS_FIRST:
                wrong.append(f"{_where(path, node)} {node.name}(): name it <noun>_<verb>")
    assert not wrong, "\n" + "\n".join(wrong)
