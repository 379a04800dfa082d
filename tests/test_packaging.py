"""Packaging contracts: environment.yml mirrors pyproject.toml; `import course_lib` stays light."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# conda-forge name -> pip name, where they differ.
CONDA_TO_PIP = {"playwright-python": "playwright"}
# Entries of environment.yml that are the environment itself, not course dependencies.
CONDA_ONLY = {"python", "pip"}

_REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*$")


def _normalize_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, str]:
    """Return (normalized name, normalized version bounds) of a pip or conda requirement."""
    requirement = requirement.split(";")[0].split("#")[0]
    match = _REQ.match(requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    name, _extras, spec = match.groups()
    bounds = ",".join(sorted(part.replace(" ", "") for part in spec.split(",") if part.strip()))
    return _normalize_name(name), bounds


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def _environment() -> dict:
    with open(ROOT / "environment.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def pip_requirements() -> dict[str, str]:
    """Core dependencies plus the [test] extras of pyproject.toml, as {name: bounds}."""
    project = _pyproject()["project"]
    reqs = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    pairs = [_split(r) for r in reqs]
    names = [name for name, _ in pairs]
    assert len(names) == len(set(names)), f"duplicate requirement in pyproject.toml: {names}"
    return dict(pairs)


def conda_requirements() -> tuple[dict[str, str], list[str]]:
    """The conda-forge packages of environment.yml as {pip name: bounds}, and its pip entries."""
    conda, pip_entries = {}, []
    for dep in _environment()["dependencies"]:
        if isinstance(dep, dict):
            pip_entries.extend(dep.get("pip", []))
            continue
        name, bounds = _split(str(dep))
        if name in CONDA_ONLY:
            continue
        name = CONDA_TO_PIP.get(name, name)
        assert name not in conda, f"duplicate package in environment.yml: {name}"
        conda[name] = bounds
    return conda, pip_entries


def test_environment_yml_lists_the_same_packages_as_pyproject():
    pip = pip_requirements()
    conda, _ = conda_requirements()
    only_pip = sorted(set(pip) - set(conda))
    only_conda = sorted(set(conda) - set(pip))
    assert not only_pip, f"in pyproject.toml but not environment.yml: {only_pip}"
    assert not only_conda, f"in environment.yml but not pyproject.toml: {only_conda}"
    differ = {n: (pip[n], conda[n]) for n in pip if pip[n] != conda[n]}
    assert not differ, f"version bounds differ (pyproject, environment.yml): {differ}"


def test_environment_yml_installs_the_course_from_conda_forge():
    env = _environment()
    assert env.get("channels") == ["conda-forge"]
    _, pip_entries = conda_requirements()
    assert [e.replace(" ", "") for e in pip_entries] == ["-e."], pip_entries
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python == ["python=3.11"], python
    requires = _pyproject()["project"]["requires-python"]
    assert requires == ">=3.11", f"environment.yml pins python=3.11 but pyproject says {requires}"


def test_requirement_parser_normalizes_names_and_bounds():
    assert _split("Pytest_XDist >= 3.5 , <4") == ("pytest-xdist", "<4,>=3.5")
    assert _split("playwright-python>=1.45  # pip: playwright") == ("playwright-python", ">=1.45")
    assert _split("numpy") == ("numpy", "")


@pytest.mark.parametrize("module", ["course_lib", "course_lib.model"])
def test_import_does_not_pull_in_plotting_or_widgets(module):
    code = (
        f"import sys, {module}\n"
        "heavy = {'matplotlib', 'ipywidgets'}\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"`import {module}` imported: {out.stdout.strip()}"


def test_readme_quick_start_is_make_lab_and_make_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \w+)\s*$", quick, flags=re.M)
    assert commands == ["make lab", "make test"], commands
    assert "conda env create -f environment.yml" in readme


def _apply_packaging_config(pyproject: Path):
    """Read a pyproject.toml as setuptools does when it builds, with every warning an error."""
    import warnings

    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return apply_configuration(Distribution(), pyproject)


def test_packaging_configuration_builds_without_deprecation_warnings():
    # setuptools deprecates configuration years before it stops building it (e.g. a TOML table
    # as `project.license`, refused after 2027-02-18): any such warning fails here, early.
    dist = _apply_packaging_config(ROOT / "pyproject.toml")
    assert dist.metadata.license_expression == "MIT"
    assert dist.metadata.name == "course-lib"


def test_the_packaging_check_catches_a_deprecated_license_table(tmp_path):
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("license ="))
    (tmp_path / "README.md").write_text("x\n", encoding="utf-8")
    deprecated = tmp_path / "pyproject.toml"
    deprecated.write_text(text.replace(line, 'license = { text = "MIT" }'), encoding="utf-8")
    with pytest.raises(Warning, match="license"):
        _apply_packaging_config(deprecated)
