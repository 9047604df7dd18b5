"""bench-peers: the peers' pinned versions and their virtualenvs under --home (created with pip when missing)."""

import json
import shutil
import subprocess
from pathlib import Path

from bench.peers.procs import Failed

# Each peer's venv: what to install, and the requirements checked before reusing an existing venv
# (dist name, operator, version; "<" compares the leading version numbers).
PEERS = {
    "labelstudio": {
        "install": ["label-studio==1.23.2"],
        "check": [("label-studio", "==", "1.23.2")],
    },
    "doccano": {
        # doccano 1.8.4 pins environs 9.x (which passes marshmallow's `missing=`, gone in marshmallow 4)
        # and pandas 1.5 (built against NumPy 1.x): without these two pins it does not start today.
        "install": ["doccano==1.8.4", "marshmallow<4", "numpy<2"],
        "check": [("doccano", "==", "1.8.4"), ("marshmallow", "<", "4"), ("numpy", "<", "2")],
    },
}


CHECK_SCRIPT = """
import json, sys
from importlib.metadata import version, PackageNotFoundError
def nums(v):
    out = []
    for part in v.split("."):
        digits = "".join(c for c in part if c.isdigit()) if part[:1].isdigit() else ""
        if not digits:
            break
        out.append(int(digits))
    return out
ok = True
for dist, op, want in json.loads(sys.argv[1]):
    try:
        have = version(dist)
    except PackageNotFoundError:
        ok = False
        continue
    ok &= have == want if op == "==" else nums(have) < nums(want)
sys.exit(0 if ok else 1)
"""


def default_python() -> str:
    return shutil.which("python3.11") or "python3"


def ensure_venv(home: Path, peer: str, python: str) -> Path:
    """The peer's venv under home, created and installed with pip when missing or not as pinned."""
    venv = home / peer
    spec = PEERS[peer]
    bin_python = venv / "bin" / "python"
    if bin_python.exists():
        check = subprocess.run([str(bin_python), "-c", CHECK_SCRIPT, json.dumps(spec["check"])], check=False)
        if check.returncode == 0:
            return venv
        print(f"{peer}: {venv} is not as pinned, installing {' '.join(spec['install'])}", flush=True)
    else:
        print(f"{peer}: creating {venv} with {python} and installing {' '.join(spec['install'])}", flush=True)
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    log = venv / "install.log"
    with open(log, "w") as out:
        result = subprocess.run(
            [str(bin_python), "-m", "pip", "install", "--upgrade", *spec["install"]],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode != 0:
        raise Failed(f"{peer}: pip install failed, see {log}")
    return venv
