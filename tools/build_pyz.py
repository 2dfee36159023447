"""Build ``dist/jixiao-<version>.pyz``: the program and every runtime dependency in one file.

    python3 tools/build_pyz.py              # dist/jixiao-0.1.0.pyz
    python3 tools/build_pyz.py -o x.pyz     # somewhere else

Run it with ``python3 jixiao-<version>.pyz [命令] …`` on any machine with Python ≥ 3.11:
no network, no package index, nothing installed.

What goes in: our packages (jixiao, tui, store, exports) from this checkout, and every
distribution ``pyproject.toml``'s ``dependencies`` need at run time, followed through
their own requirements and extras (textual → rich, markdown-it-py[linkify], pygments, …),
taken from what is *installed* for the Python running this script (importlib.metadata lists
each distribution's files).  Building needs no network: on a machine where ``pip install .``
worked, or in the project's own ``.venv`` (``python3 tools/dev.py pyz`` makes it and runs this).
Only pure Python goes in, the same file for every platform: a compiled extension module is left
out, with a line saying so.  The ones our dependencies carry are optional accelerators with a pure
Python fallback (wcwidth ≥ 0.9's ``_wcwidth_c``: "the Python implementations below are used when
it is unavailable"); tests/test_pyz.py runs the pyz with no site-packages, so a dependency that
could not do without its extension would fail there.

Reproducible: the same sources and the same installed versions give the same bytes: entries
sorted, one fixed time (``SOURCE_DATE_EPOCH`` if set, else 1980-01-01), fixed permissions,
no ``__pycache__``, no bytecode.

At run time (``__main__.py``, written below) the archive is unpacked once into a folder of the
user's own cache, ``$XDG_CACHE_HOME/jixiao/pyz/<version>-<digest>/`` (else ``~/.cache/…``), made
under a temporary name and renamed into place, and run from there.  Why not from the zip: Python
cannot keep bytecode for modules imported from a zip, so every start would compile textual and
rich afresh (several times slower); Textual reads each app's ``CSS_PATH`` (our ``tui/app.tcss``)
with plain ``open()`` next to the module, and ``store/cache.py`` digests its own ``.py`` files
found next to ``__file__`` — neither works inside a zip.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import sys
import tempfile
import time
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
OURS = ("jixiao", "tui", "store", "exports")
#: Kept from each distribution's metadata folder: what importlib.metadata reads, and the licences.
KEPT_META = re.compile(r"[^/]+\.dist-info/(METADATA|entry_points\.txt|(licenses/.*)|(LICEN[CS]E.*)|(COPYING.*))$")
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".pth")
COMPILED_SUFFIXES = (".so", ".pyd", ".dll", ".dylib")
FIXED_MODE = 0o100644 << 16
SHEBANG = b"#!/usr/bin/env python3\n"


class BuildError(Exception):
    """A reason the pyz cannot be built, in words for the person building it."""


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _packaging():
    try:
        from packaging.requirements import Requirement
    except ImportError:  # pip carries its own copy; every Python with pip has it
        from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    return Requirement


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(requirements: list[str]) -> list[metadata.Distribution]:
    """Every installed distribution the requirements need at run time (with the extras they ask
    for, their own requirements, and so on), sorted by name."""
    Requirement = _packaging()
    wanted: dict[str, set[str]] = {}  # name → extras already followed
    found: dict[str, metadata.Distribution] = {}
    todo = [(Requirement(r), "pyproject.toml") for r in requirements]
    while todo:
        req, needed_by = todo.pop()
        name = _norm(req.name)
        extras = set(req.extras)
        if name in wanted and extras <= wanted[name]:
            continue
        wanted.setdefault(name, set()).update(extras)
        try:
            dist = found.get(name) or metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            raise BuildError(f"{req.name}（{needed_by} 需要）没有安装：先在能上网的机器上运行 "
                             f"python3 tools/dev.py pyz（它建立 .venv、安装依赖，再打包）") from None
        found[name] = dist
        for text in dist.requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in ("", *wanted[name])):
                todo.append((sub, f"{dist.metadata['Name']} {dist.version}"))
    return [found[n] for n in sorted(found)]


#: Compiled extension modules left out of the last build (archive names).
LEFT_OUT: list[str] = []


def distribution_files(dist: metadata.Distribution) -> dict[str, Path]:
    """The files one installed distribution puts on the import path, by their name in the archive."""
    if dist.files is None:
        raise BuildError(f"{dist.metadata['Name']} {dist.version} 没有文件清单（RECORD），无法打包："
                         f"请用 python3 tools/dev.py pyz 在 .venv 中打包")
    files: dict[str, Path] = {}
    for entry in dist.files:
        name = PurePosixPath(entry.as_posix())
        text = name.as_posix()
        if name.parts[0] == ".." or "__pycache__" in name.parts or text.endswith(SKIPPED_SUFFIXES):
            continue  # scripts in bin/, bytecode, .pth hooks
        if ".dist-info/" in text and not KEPT_META.match(text):
            continue
        if text.endswith(COMPILED_SUFFIXES):
            LEFT_OUT.append(f"{dist.metadata['Name']} {dist.version}：{text}")
            continue
        path = Path(dist.locate_file(entry))
        if path.is_file():
            files[text] = path
    return files


def our_files() -> dict[str, Path]:
    """Our packages, from this checkout, as ``pip install .`` would hold them (pyproject.toml: the
    packages' modules and ``*.tcss``): nothing else lying in the folders gets in."""
    files: dict[str, Path] = {}
    for package in OURS:
        for path in sorted((ROOT / package).rglob("*")):
            rel = path.relative_to(ROOT)
            if path.is_file() and "__pycache__" not in rel.parts and path.suffix in (".py", ".tcss"):
                files[rel.as_posix()] = path
    return files


def fixed_time() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return max(time.gmtime(int(epoch))[:6], (1980, 1, 1, 0, 0, 0))  # type: ignore[return-value]
    return (1980, 1, 1, 0, 0, 0)


def payload(dists: list[metadata.Distribution]) -> dict[str, bytes]:
    """Archive name → bytes, every entry but ``__main__.py``."""
    entries: dict[str, bytes] = {}
    owner: dict[str, str] = {}
    sources = [(d.metadata["Name"], distribution_files(d)) for d in dists if _norm(d.metadata["Name"]) != "jixiao"]
    for who, files in [*sources, ("jixiao（本检出目录）", our_files())]:
        for name, path in files.items():
            data = path.read_bytes()
            if name in entries and entries[name] != data:
                raise BuildError(f"{name} 同时来自 {owner[name]} 和 {who}，内容不同")
            entries[name], owner[name] = data, who
    return entries


def digest_of(entries: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(entries):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(entries[name]).digest())
    return h.hexdigest()


def main_module(version: str, digest: str, dists: list[metadata.Distribution]) -> bytes:
    contents = "\n".join(f"#   {d.metadata['Name']} {d.version}" for d in dists if _norm(d.metadata["Name"]) != "jixiao")
    template = (Path(__file__).parent / "pyz_main.py").read_text(encoding="utf-8")
    return (template.replace("@VERSION@", version).replace("@DIGEST@", digest)
            .replace("#   @CONTENTS@", contents).encode("utf-8"))


def build(out: Path) -> tuple[Path, int, list[metadata.Distribution]]:
    """Write the pyz to ``out`` (atomically); its path, number of entries and the distributions in it."""
    meta = project()
    dists = runtime_distributions(meta["dependencies"])
    entries = payload(dists)
    entries["__main__.py"] = main_module(meta["version"], digest_of(entries), dists)
    when = fixed_time()
    buffer = io.BytesIO()
    buffer.write(SHEBANG)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, on every platform: the permissions below mean the same everywhere
            info.external_attr = FIXED_MODE
            archive.writestr(info, entries[name], compresslevel=9)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(buffer.getvalue())
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o755)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out, len(entries), dists


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="打包成一个文件：dist/jixiao-<版本>.pyz")
    parser.add_argument("-o", "--output", type=Path, help="写到哪里（默认 dist/jixiao-<版本>.pyz）")
    args = parser.parse_args(argv)
    out = args.output or ROOT / "dist" / f"jixiao-{project()['version']}.pyz"
    try:
        path, count, dists = build(out)
    except BuildError as err:
        print(f"build_pyz: {err}", file=sys.stderr)
        return 2
    data = path.read_bytes()
    print("含有：" + "、".join(f"{d.metadata['Name']} {d.version}" for d in dists if _norm(d.metadata["Name"]) != "jixiao"))
    for name in LEFT_OUT:
        print(f"略去编译过的扩展（用它的纯 Python 替代）：{name}")
    print(f"{path}：{count} 个文件，{len(data) / 1e6:.1f} MB")
    print(f"SHA-256：{hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
