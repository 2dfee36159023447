"""The one-file build (tools/build_pyz.py), run as on a machine with nothing installed:
``python3 -I -S jixiao.pyz …`` sees no site-packages, so the file must carry everything."""

from __future__ import annotations

import hashlib
import json
import os
import re
import select
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="runs the app on a pty")

EXAMPLE_ARG = "examples/songjiang-2024"


def _build(out: Path) -> Path:
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_pyz.py"), "-o", str(out)],
                         capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": ""})
    assert run.returncode == 0, run.stderr.decode("utf-8")
    return out


@pytest.fixture(scope="module")
def pyz(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("dist") / "jixiao.pyz")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def _isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """What a bare machine gives: a home, a PATH, a UTF-8 locale, and nothing of ours."""
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **extra}


def run_pyz(pyz: Path, home: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-I", "-S", str(pyz), *args], cwd=cwd, capture_output=True,
                          env=_isolated_env(home, **env))


def installed_command() -> tuple[list[str], dict[str, str]]:
    """The ``jixiao`` command installed from this checkout: beside this Python (a venv's bin or
    Scripts folder) when it is this checkout's; else this checkout's code run the way that command does."""
    import sysconfig
    from importlib import metadata

    script = Path(sys.executable).with_name("jixiao.exe" if os.name == "nt" else "jixiao")
    installed = metadata.distributions(name="jixiao", path=[sysconfig.get_path("purelib")])  # not ./*.egg-info
    url = next((json.loads(d.read_text("direct_url.json") or "{}").get("url", "") for d in installed), "")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
    if script.exists() and url.rstrip("/") == ROOT.as_uri():
        return [str(script)], env
    return [sys.executable, "-m", "jixiao"], {**env, "PYTHONPATH": str(ROOT)}


def test_building_twice_gives_the_same_bytes(pyz, tmp_path):
    again = _build(tmp_path / "again.pyz")
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(pyz.read_bytes()).hexdigest()
    with zipfile.ZipFile(pyz) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    names = [i.filename for i in infos]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    for needed in ("__main__.py", "jixiao/cli.py", "tui/app.tcss", "textual/app.py", "rich/console.py",
                   "pygments/lexer.py", "tomlkit/api.py", "xlsxwriter/workbook.py", "wcwidth/wcwidth.py"):
        assert needed in names


def test_check_in_isolation_reports_the_seeds_three_errors(pyz, home, example_cwd):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = re.search(r"\$ jixiao check examples/songjiang-2024\n(.*?)```", readme, re.S).group(1)
    run = run_pyz(pyz, home, "check", EXAMPLE_ARG, cwd=example_cwd)
    assert run.stderr.decode("utf-8") == ""
    assert run.returncode == 1
    assert run.stdout.decode("utf-8") == sample
    assert sample.endswith("核对 10 个项目：3 个错误，0 个警告\n")


def test_it_writes_only_its_cache_in_the_home_and_the_index_in_the_store(pyz, home, example_cwd):
    run = run_pyz(pyz, home, "check", EXAMPLE_ARG, cwd=example_cwd)
    assert run.returncode == 1
    written = sorted(p.relative_to(home).parts[:4] for p in home.rglob("*") if p.is_file())
    assert {parts[:3] for parts in written} == {(".cache", "jixiao", "pyz"), (".cache", "jixiao", "index.key")}
    unpacked = {parts[3] for parts in written if parts[2] == "pyz"}
    assert len(unpacked) == 1 and re.fullmatch(r"\d+\.\d+\.\d+-[0-9a-f]{16}", unpacked.pop())
    # XDG_CACHE_HOME, when set, is where it goes instead
    elsewhere = home.parent / "xdg"
    run = run_pyz(pyz, home, "check", EXAMPLE_ARG, cwd=example_cwd, XDG_CACHE_HOME=str(elsewhere))
    assert run.returncode == 1
    assert [p.name for p in (elsewhere / "jixiao" / "pyz").iterdir()] == [p.name for p in
                                                                          (home / ".cache/jixiao/pyz").iterdir()]


def test_a_cache_it_cannot_write_is_one_clear_line(pyz, home, example_cwd):
    blocked = home.parent / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    run = run_pyz(pyz, home, "check", EXAMPLE_ARG, cwd=example_cwd, XDG_CACHE_HOME=str(blocked))
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2
    assert run.stdout == b""
    assert err.startswith(f"jixiao：无法解包到 {blocked / 'jixiao' / 'pyz'}")
    assert "XDG_CACHE_HOME" in err and "Traceback" not in err and err.count("\n") == 1


EXPORTS = [
    ["export", "csv", EXAMPLE_ARG, "--what", "projects"],
    ["export", "csv", EXAMPLE_ARG, "--what", "costs"],
    ["export", "csv", EXAMPLE_ARG, "--what", "indicators", "--encoding", "gb18030"],
    ["export", "text", EXAMPLE_ARG, "--what", "costs"],
    ["export", "text", EXAMPLE_ARG, "--what", "form", "--project", "p03"],
    ["check", EXAMPLE_ARG, "--format", "json"],
]


@pytest.mark.parametrize("args", EXPORTS, ids=lambda a: " ".join(a[:2] + a[3:]))
def test_exports_match_the_installed_command_byte_for_byte(pyz, home, example_cwd, args):
    cmd, env = installed_command()
    installed = subprocess.run([*cmd, *args], cwd=example_cwd, capture_output=True, env=env)
    one_file = run_pyz(pyz, home, *args, cwd=example_cwd)
    assert installed.stderr == one_file.stderr == b""
    assert len(one_file.stdout) > 500
    assert one_file.stdout == installed.stdout
    assert one_file.returncode == installed.returncode


def _xlsx_parts(path: Path) -> dict[str, bytes]:
    """Every part of a workbook; the creation time (docProps/core.xml: the time of writing) left out."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"",
                                        parts["docProps/core.xml"])
    return parts


def test_xlsx_matches_the_installed_command_part_for_part(pyz, home, example_cwd):
    cmd, env = installed_command()
    installed = subprocess.run([*cmd, "export", "xlsx", EXAMPLE_ARG, "-o", "installed.xlsx"], cwd=example_cwd,
                               capture_output=True, env=env)
    one_file = run_pyz(pyz, home, "export", "xlsx", EXAMPLE_ARG, "-o", "pyz.xlsx", cwd=example_cwd)
    assert installed.returncode == one_file.returncode == 0, one_file.stderr.decode("utf-8")
    ours, theirs = _xlsx_parts(example_cwd / "pyz.xlsx"), _xlsx_parts(example_cwd / "installed.xlsx")
    assert sorted(ours) == sorted(theirs)
    assert len(ours) > 10
    for name in ours:
        assert ours[name] == theirs[name], name


def test_the_app_reaches_its_first_screen_on_a_terminal_and_quits(pyz, home, example_cwd):
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen([sys.executable, "-I", "-S", str(pyz), EXAMPLE_ARG], cwd=example_cwd,
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                            env=_isolated_env(home, TERM="xterm-256color"))
    os.close(slave)
    seen = bytearray()
    try:
        deadline = time.monotonic() + 120  # a bound on waiting, not a measure: the first start compiles textual
        while not all(m in seen for m in ("松江区人民政府办公室".encode(), b"p10", "稳增长专办".encode())):
            assert time.monotonic() < deadline and proc.poll() is None, seen.decode("utf-8", "replace")[-2000:]
            if select.select([master], [], [], 0.5)[0]:
                seen += os.read(master, 65536)
        os.write(master, b"\x11")  # Ctrl+Q
        while proc.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert proc.wait(timeout=max(1, deadline - time.monotonic())) == 0
        assert b"Traceback" not in seen
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_two_first_runs_at_once_both_work_and_leave_one_folder(pyz, home, example_cwd):
    runs = [subprocess.Popen([sys.executable, "-I", "-S", str(pyz), "export", "csv", EXAMPLE_ARG], cwd=example_cwd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_isolated_env(home)) for _ in range(3)]
    outs = [r.communicate() for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0]
    assert len({out for out, _ in outs}) == 1 and all(err == b"" for _, err in outs)
    assert len(list((home / ".cache/jixiao/pyz").iterdir())) == 1  # no half-unpacked folder left behind
