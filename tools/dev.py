"""Set up and run jixiao from this checkout, in its own virtual environment ``.venv``.

    python3 tools/dev.py app examples/songjiang-2024   # the program (any jixiao arguments)
    python3 tools/dev.py test [pytest 参数…]            # the whole test suite
    python3 tools/dev.py pyz                          # tools/build_pyz.py: the one-file dist/jixiao-<版本>.pyz

The same command on Linux, macOS and Windows (there ``py`` instead of ``python3``), and on
systems whose own Python refuses ``pip install`` outside a virtual environment (PEP 668:
Debian 12, Ubuntu 24.04).  The first run makes ``.venv`` in the checkout and installs into
it (needs the package index); later runs install again only when pyproject.toml changed or
a command needs more (``test`` adds the ``[test]`` extra).  Uses only the standard library.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "jixiao-dev.json"
NO_VENV = ("无法建立虚拟环境 .venv（{why}）。Debian/Ubuntu 上 venv 在单独的软件包里："
           "sudo apt install python3-venv，然后重试。")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(text: str) -> None:
    print(f"dev.py: {text}", file=sys.stderr, flush=True)


def make_venv() -> None:
    say("建立虚拟环境 .venv …")
    made = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True)
    if made.returncode != 0 or not venv_python().exists():
        shutil.rmtree(VENV, ignore_errors=True)  # half made (no pip): the next run starts afresh
        why = (made.stderr.strip().splitlines() or ["python3 -m venv 失败"])[-1]
        raise SystemExit(NO_VENV.format(why=why))


def installed(extras: set[str]) -> bool:
    """Whether .venv already holds this pyproject.toml with these extras."""
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("pyproject") == pyproject_digest() and extras <= set(stamp.get("extras", []))


def pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def install(extras: set[str]) -> None:
    """``pip install -e .[extras]`` into .venv (editable: changes to the code need no new install)."""
    target = "." + (f"[{','.join(sorted(extras))}]" if extras else "")
    say(f"安装 {target} 及其依赖到 .venv（第一次需要网络）…")
    done = subprocess.run([str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-e", target],
                          cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"dev.py: pip install -e {target} 失败（退出码 {done.returncode}），见上面 pip 的说明")
    STAMP.write_text(json.dumps({"pyproject": pyproject_digest(), "extras": sorted(extras)}), encoding="utf-8")


def ready(extras: set[str]) -> Path:
    """.venv's own python, with the project and these extras installed in it."""
    if not venv_python().exists():
        make_venv()
    if not installed(extras):
        try:
            previous = set(json.loads(STAMP.read_text(encoding="utf-8")).get("extras", []))
        except (OSError, ValueError):
            previous = set()
        install(extras | previous)
    return venv_python()


def main(argv: list[str]) -> int:
    commands = {"app": (set(), ["-m", "jixiao"], None),
                "test": ({"test"}, ["-m", "pytest"], ROOT),
                "pyz": (set(), [str(ROOT / "tools" / "build_pyz.py")], ROOT)}
    if not argv or argv[0] not in commands:
        print("用法：\n" + __doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    extras, program, cwd = commands[argv[0]]
    python = ready(extras)
    try:
        return subprocess.run([str(python), *program, *argv[1:]], cwd=cwd).returncode
    except KeyboardInterrupt:  # the child had it too, and has ended
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
