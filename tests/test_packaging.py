"""The wheel: built from this tree and installed without the repository beside it, it ingests
and searches with the models it ships (spacing, embedding table, lexicon).

Integration: it builds a wheel, installs it into a fresh virtual environment and runs the
installed ``seoji`` console script in other processes. The fresh environment reuses the
dependencies already installed for the tests (torch, Kiwi, …) through a ``.pth`` line that
puts this environment's site-packages after its own, so nothing is downloaded. A venv
created with ``--system-site-packages`` from inside a venv would see the base interpreter's
packages, not this one's. The editable install of seoji here is a ``.pth`` hook of this
site-packages, which a plain path line does not run: only the installed wheel provides
``index``, ``ingest`` and ``api`` there, and the test checks that it does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.integration

# What the build needs from the tree; the rest (tests, research, tools, corpus) stays out.
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "NOTICE", "ingest", "index", "api")
MODELS = (
    "ingest/data/spacing.json.gz",
    "ingest/data/README.md",
    "index/models/seoji-static/embeddings.safetensors",
    "index/models/seoji-static/README.md",
    "index/models/seoji-lexicon/en-ko.tsv.gz",
    "index/models/seoji-lexicon/README.md",
)
# The web page is served from the package, so a wheel install serves it.
WEB = (
    "api/web/templates/index.html",
    "api/web/static/app.js",
    "api/web/static/i18n.js",
    "api/web/static/style.css",
)


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{' '.join(cmd)}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    # No build isolation: the build backend is the one installed here (no download).
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            ".",
        ],
        cwd=src,
    )
    (found,) = out.glob("seoji-*.whl")
    return found


def test_the_wheel_ships_the_models_and_not_the_research(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in (*MODELS, *WEB):
        assert model in names, model
    assert not any(n.startswith(("research/", "tools/", "tests/")) for n in names)
    # The licences travel with the models: the notice, and each model's card beside it.
    assert any(n.endswith(".dist-info/licenses/NOTICE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT AND CC-BY-SA-3.0 AND Apache-2.0" in (
        zipfile.ZipFile(wheel).read(metadata).decode()
    )


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], env_dir
        ).strip()
    )
    (site / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=env_dir,
    )
    return env_dir


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEOJI_")}
    env |= {"SEOJI_DATA_DIR": str(home / "data"), "HF_HUB_OFFLINE": "1", "PYTHONNOUSERSITE": "1"}
    return env


def test_the_installed_package_is_the_wheel(installed: Path, tmp_path: Path) -> None:
    where = _run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import index, ingest, api; print(index.__file__)",
        ],
        cwd=tmp_path,
    )
    assert where.strip().startswith(str(installed)), where


def test_the_installed_cli_ingests_and_searches_the_corpus(installed: Path, tmp_path: Path) -> None:
    seoji = str(installed / "bin" / "seoji")
    env = _env(tmp_path)
    # Run outside the repository, so that nothing is found there by a relative path.
    _run([seoji, "ingest", str(CORPUS)], cwd=tmp_path, env=env)
    assert (tmp_path / "data" / "seoji.db").exists()

    korean = json.loads(
        _run(
            [seoji, "search", "한미상호방위조약은 언제 발효되었나", "-n", "5", "--json"],
            tmp_path,
            env,
        )
    )
    assert korean["mode"] == "hybrid"
    assert any("1954년 11월 17일" in h["text"] for h in korean["hits"]), korean

    # An English question over Korean passages: the embedding table and the lexicon at work.
    english = json.loads(
        _run([seoji, "search", "mutual defense treaty", "-n", "5", "--json"], tmp_path, env)
    )
    assert english["lang"] == "en"
    assert "조약" in english["translations"], english["translations"]
    assert any(h["lang"] == "ko" and "조약" in h["text"] for h in english["hits"])
