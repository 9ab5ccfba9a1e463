"""The package installs from the project's files: a non-editable install carries every subpackage and data file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pip_install_dot_ships_subpackages_and_data(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
        
         "--target", str(target), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=600,
    )
    probe = (
        "import gcmkg, gcmkg.loaders.registry as r, gcmkg.ontology as o, gcmkg.queries as q;"
        "names = [s.name for s in r.default_sources()];"
        "assert 'imrf-2022-zero-draft' in names and 'agenda-2030' in names, names;"
        "assert o.ONTOLOGY_FILE.is_file() and o.SHAPES_FILE.is_file();"
        "assert (r.SOURCES_DIR / 'declarations' / 'imrf-2022-zero-draft.txt').is_file();"
        "assert sorted(q.QUERIES_DIR.glob('*.rq'));"
        "print(gcmkg.__file__)"
    )
    result = subprocess.run([sys.executable, "-c", probe], env={"PYTHONPATH": str(target)},
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(target))
