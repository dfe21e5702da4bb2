"""npm packages from a lockfile (tests/notebooks/packages, installed by scripts/test.sh with `npm ci`) through
`vmjs run`: ES modules, CommonJS through `import` and `require()`, a `browser` build, packages reading
`process`. The same packages run in a notebook through the kernel (nbval) and `vmjs test`."""

import pathlib
import subprocess
import tempfile

PACKAGES = pathlib.Path(__file__).resolve().parents[2] / "notebooks" / "packages"


def test_every_package_of_the_lockfile_runs_with_vmjs_run(vmjs_bin):
    assert (PACKAGES / "node_modules" / "lodash").is_dir(), (
        f"run `npm ci --prefix {PACKAGES}` first (scripts/test.sh does)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            [vmjs_bin, "--db", f"{tmp}/vmjs.db", "run", "--root", str(PACKAGES), "all-packages.mjs"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "lodash 6 [1,2]",
        "lodash-es [[1,2],[3]]",
        "d3 3 5",
        "date-fns 2024-02-29",
        "zod false",
        "arquero 6",
        "immer 2",
        "uuid 1f79584b-f409-5dc6-aa80-7e96483d28e8",
        "chalk ok",
    ]
