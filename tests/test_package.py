"""One import package: `lakedrill`, its engine pure, and the command reachable as `python -m lakedrill`."""

from __future__ import annotations

import json
import subprocess
import sys

import lakedrill

# What importing the engine may not pull in: terminals, templates, PDF, prompts, or any room of the grader.
NOT_IN_THE_ENGINE = ("click", "jinja2", "rich", "questionary", "prompt_toolkit", "typst", "pydantic", "yaml",
                     "fsrs", "grandalf", "lakedrill.templates", "lakedrill.variants", "lakedrill.session",
                     "lakedrill.writers", "lakedrill.jobs", "lakedrill.authoring", "lakedrill.cli")


def test_importing_the_engine_pulls_in_nothing_of_the_grader_or_its_libraries():
    # As click's own test_imports does: a fresh interpreter, and the modules it loaded.
    code = ("import json, sys; import lakedrill.engine; "
            "print(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout)
    bad = [m for m in loaded if any(m == name or m.startswith(name + ".") for name in NOT_IN_THE_ENGINE)]
    assert not bad, f"importing lakedrill.engine loads {bad}"


def _installed():
    # The distribution in site-packages (a source tree's own lakedrill.egg-info may come first on sys.path).
    import sysconfig
    from importlib.metadata import distributions

    found = [d for d in distributions(path=[sysconfig.get_paths()["purelib"]]) if d.metadata["Name"] == "lakedrill"]
    assert found, "lakedrill is not installed in this interpreter's site-packages"
    return found[0]


def test_the_distribution_installs_one_top_level_package():
    files = [str(f) for f in _installed().files or []]
    tops = {f.split("/")[0] for f in files if f.endswith(".py") and not f.startswith("__editable__")}
    assert tops <= {"lakedrill"}, tops
    assert not any(f.split("/")[0] in ("engine", "grader", "questions") for f in files)
    import lakedrill.engine
    import lakedrill.questions

    assert lakedrill.engine.__name__ == "lakedrill.engine" and lakedrill.questions.__file__


def test_version_comes_from_the_package_metadata():
    assert lakedrill.__version__ == _installed().version
    out = subprocess.run([sys.executable, "-m", "lakedrill", "--version"], capture_output=True, text=True, check=True)
    assert lakedrill.__version__ in out.stdout


def test_python_m_lakedrill_is_the_command():
    out = subprocess.run([sys.executable, "-m", "lakedrill", "rules", "run_if.all_failed", "--json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["rules"][0]["id"] == "run_if.all_failed"
