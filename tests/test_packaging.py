"""The sdist and the wheel (issue 17), built offline as a packager would:
`python -m build --no-isolation` with this venv's setuptools, from a copy of
the source tree. The sdist is a working source tree (tests, fixtures, docs);
the wheel carries the licence and the man page."""

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from walkcoach import __version__

ROOT = Path(__file__).parents[1]
# What a copy of the source tree leaves out: what is built, cached or local.
LOCAL = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
    ".bench-cache", ".hypothesis", "*.pyc",
)  # fmt: skip


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[str], list[str], str]:
    """The file lists of the sdist and the wheel, and the wheel's METADATA."""
    tree = tmp_path_factory.mktemp("tree") / "walkcoach"
    shutil.copytree(ROOT, tree, ignore=LOCAL)
    out = tree / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out)],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [sdist] = out.glob("*.tar.gz")
    [wheel] = out.glob("*.whl")
    with tarfile.open(sdist) as archive:
        top = f"walkcoach-{__version__}/"
        in_sdist = [n.removeprefix(top) for n in archive.getnames()]
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = archive.namelist()
        info = f"walkcoach-{__version__}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode()
    return in_sdist, in_wheel, metadata


@pytest.mark.slow
def test_the_sdist_holds_the_tests_fixtures_docs_and_changelog(
    built: tuple[list[str], list[str], str],
) -> None:
    in_sdist = set(built[0])
    tracked = subprocess.run(
        ["git", "ls-files", "tests", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked, "git ls-files found nothing"
    for name in [*tracked, "tests/conftest.py", "tests/helpers.py"]:
        if (ROOT / name).exists():  # tracked and not deleted in this tree
            assert name in in_sdist, f"the sdist lacks {name}"
    assert "tests/fixtures/m001.db" in in_sdist
    for name in (
        "LICENSE", "CHANGELOG.md", "README.md", "Makefile", "pyproject.toml",
        "man/walkcoach.1", "src/walkcoach/py.typed",
    ):  # fmt: skip
        assert name in in_sdist, f"the sdist lacks {name}"
    # Every document the README links to ships with it.
    readme = (ROOT / "README.md").read_text()
    for doc in (ROOT / "docs").glob("*.md"):
        if f"docs/{doc.name}" in readme:
            assert f"docs/{doc.name}" in in_sdist
    assert not [n for n in in_sdist if "__pycache__" in n or n.endswith(".pyc")]


@pytest.mark.slow
def test_the_wheel_holds_the_licence_and_the_man_page(
    built: tuple[list[str], list[str], str],
) -> None:
    in_wheel = built[1]
    info = f"walkcoach-{__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in in_wheel
    assert f"walkcoach-{__version__}.data/data/share/man/man1/walkcoach.1" in in_wheel
    assert "walkcoach/py.typed" in in_wheel
    assert "walkcoach/cli/app.py" in in_wheel
    # Only the package: no tests or docs installed into site-packages.
    assert not [n for n in in_wheel if n.startswith(("tests/", "docs/"))]


@pytest.mark.slow
def test_the_metadata_names_the_licence_file_and_classifiers(
    built: tuple[list[str], list[str], str],
) -> None:
    headers = built[2].split("\n\n", 1)[0].splitlines()
    assert "License-Expression: MIT" in headers
    assert "License-File: LICENSE" in headers
    assert "Classifier: Programming Language :: Python :: 3.13" in headers
    assert "Classifier: Environment :: Console" in headers
    # No project URLs until walkcoach has a real home (none invented).
    assert not [h for h in headers if h.startswith(("Project-URL", "Home-page"))]
    assert any(h.startswith("Requires-Dist: icalendar") for h in headers)
