"""Attack catalogue, issue #10 classes 4, 5 and 8: output never destroys what it does not own,
nothing raw reaches a terminal, the index is untrusted.

Every special file is made here, in a temporary folder: FIFOs (with a reader thread), a
pseudo-terminal (``os.openpty``), a character device (``os.mknod``, as root), sockets and symlinks;
never the machine's own /dev/null or /dev/stdout.  Each case asserts what a user would see:
the message, the exit status, the bytes on disk.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
ESC_NAME = r"东西部\u001b[2J\u001b]0;owned\u0007扶贫\u009b31m\u202e帮困\u2028x"
RAW = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))] + list(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def jixiao(*args: str, cwd: Path = ROOT, stdout=subprocess.PIPE, cache: str | None = None, **kw):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "XDG_CACHE_HOME": cache or os.environ["XDG_CACHE_HOME"]}
    return subprocess.run([sys.executable, "-m", "jixiao", *args], cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, env=env, timeout=60, **kw)


def tree(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under ``folder``: its kind and, for a regular file, its bytes (never opens anything else)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        out[str(path.relative_to(folder))] = (stat.S_IFMT(st.st_mode),
                                              path.read_bytes() if stat.S_ISREG(st.st_mode) else None)
    return out


def one_line(run) -> str:
    err = run.stderr.decode("utf-8")
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, err
    return err.rstrip("\n")


@pytest.fixture
def hostile(example_copy: Path) -> Path:
    """The example with control text in p01's name (ESC, OSC, C1 CSI, a bidi override, a line separator)."""
    path = example_copy / "projects" / "p01.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "东西部扶贫帮困"', f'name = "{ESC_NAME}"'),
                    encoding="utf-8")
    return example_copy


def _reader(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as handle:
            into.append(handle.read())
    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


# -- class 4: output never destroys what it does not own ------------------------------------


def test_o_fifo_is_written_through_and_stays_a_fifo(tmp_path, example_copy):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = _reader(fifo, got)
    run = jixiao("export", "csv", str(example_copy), "-o", str(fifo))
    thread.join(10)
    expected = jixiao("export", "csv", str(example_copy), "--encoding", "utf-8-sig").stdout
    assert run.returncode == 0 and got == [expected] and expected.startswith(b"\xef\xbb\xbf\xe9\xa1\xb9")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert one_line(run) == f"已导出到 {fifo}"


def test_o_pty_is_written_through_and_shows_control_text(tmp_path, hostile):
    master, slave = os.openpty()
    try:
        name = os.ttyname(slave)
        run = jixiao("export", "csv", str(hostile), "-o", name, "--encoding", "utf-8")
        assert stat.S_ISCHR(os.stat(name).st_mode)  # still the terminal, never a file
        os.set_blocking(master, False)
        shown = b""
        while True:
            try:
                shown += os.read(master, 65536)
            except (BlockingIOError, OSError):
                break
    finally:
        os.close(master), os.close(slave)
    assert run.returncode == 0
    text = shown.decode("utf-8")
    assert "东西部␛[2J␛]0;owned␇扶贫" in text
    assert not any(c in text.replace("\r\n", "").replace("\n", "") for c in RAW)


@pytest.mark.skipif(not ROOT_USER, reason="os.mknod of a character device needs root")
def test_o_device_made_here_is_written_through_never_replaced(tmp_path, example_copy):
    """`-o /dev/null` as root once replaced the device with a plain file: a null device made here."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    run = jixiao("export", "csv", str(example_copy), "-o", str(null))
    assert run.returncode == 0 and stat.S_ISCHR(null.lstat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "songjiang-2024"]  # no temp file left


@pytest.mark.parametrize("redirect", ["pipe", "file"])
def test_o_stdout_writes_to_the_command_s_own_output(tmp_path, example_copy, redirect):
    """`-o /dev/stdout`: a link made here to this process's descriptor 1, as /dev/stdout is."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    expected = jixiao("export", "csv", str(example_copy), "--encoding", "utf-8-sig").stdout
    if redirect == "pipe":
        run = jixiao("export", "csv", str(example_copy), "-o", str(link))
        assert run.stdout == expected
    else:
        out = tmp_path / "out.csv"
        with open(out, "ab") as handle:
            handle.write(b"kept\n")  # `>>`: added to, never overwritten
            handle.flush()
            run = jixiao("export", "csv", str(example_copy), "-o", str(link), stdout=handle)
        assert out.read_bytes() == b"kept\n" + expected
    assert run.returncode == 0 and link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_o_symlink_to_a_file_writes_the_target_and_keeps_the_link(tmp_path, example_copy):
    target = tmp_path / "real.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to("real.csv")
    run = jixiao("export", "csv", str(example_copy), "-o", str(link), "--encoding", "utf-8")
    assert run.returncode == 0 and link.is_symlink() and os.readlink(link) == "real.csv"
    assert target.read_bytes() == jixiao("export", "csv", str(example_copy)).stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_o_dangling_symlink_creates_its_target(tmp_path, example_copy):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "made.csv")
    run = jixiao("export", "csv", str(example_copy), "-o", str(link))
    assert run.returncode == 0 and link.is_symlink()
    assert (tmp_path / "made.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_o_symlink_to_a_fifo_is_written_through(tmp_path, example_copy):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    got: list[bytes] = []
    thread = _reader(fifo, got)
    run = jixiao("export", "text", str(example_copy), "-o", str(link))
    thread.join(10)
    assert run.returncode == 0 and got and "东西部扶贫帮困" in got[0].decode("utf-8")
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)


def _refused(tmp_path, example_copy, output: str, message: str) -> None:
    before = tree(tmp_path)
    run = jixiao("export", "csv", str(example_copy), "-o", output)
    assert run.returncode == 2 and run.stdout == b""
    assert one_line(run) == message
    assert tree(tmp_path) == before


def test_o_refusals_are_one_line_and_change_nothing(tmp_path, example_copy):
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_bytes(b"x")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    (tmp_path / "to-dir").symlink_to("dir")
    (tmp_path / "loop").symlink_to("loop")
    try:
        _refused(tmp_path, example_copy, str(tmp_path / "dir"), f"jixiao: {tmp_path}/dir 是目录，请给出文件名")
        _refused(tmp_path, example_copy, str(tmp_path / "to-dir"), f"jixiao: {tmp_path}/to-dir 是目录，请给出文件名")
        _refused(tmp_path, example_copy, str(tmp_path / "none" / "x.csv"),
                 f"jixiao: 目录 {tmp_path}/none 不存在，未导出")
        _refused(tmp_path, example_copy, str(tmp_path / "file" / "x.csv"),
                 f"jixiao: 无法导出到 {tmp_path}/file/x.csv：路径中有一段不是目录；未作改动")
        _refused(tmp_path, example_copy, str(tmp_path / "sock"),
                 f"jixiao: {tmp_path}/sock 是套接字，不导出到那里；请给出普通文件名")
        _refused(tmp_path, example_copy, str(tmp_path / "loop"),
                 f"jixiao: 无法导出到 {tmp_path}/loop：符号链接层数过多（可能成环）；未作改动")
        if ROOT_USER:  # a block device made here (a loop device's numbers): refused, never opened
            os.mknod(tmp_path / "blk", 0o600 | stat.S_IFBLK, os.makedev(7, 200))
            _refused(tmp_path, example_copy, str(tmp_path / "blk"),
                     f"jixiao: {tmp_path}/blk 是块设备，不导出到那里；请给出普通文件名")
    finally:
        sock.close()


@pytest.mark.skipif(ROOT_USER, reason="root writes into a read-only folder; file/x above covers root")
def test_o_into_a_folder_without_write_permission(tmp_path, example_copy):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        _refused(tmp_path, example_copy, str(locked / "x.csv"),
                 f"jixiao: 无法导出到 {locked}/x.csv：没有写入权限；未作改动")
    finally:
        locked.chmod(0o700)


def test_new_where_it_cannot_create_is_one_line_and_leaves_nothing(tmp_path):
    (tmp_path / "file").write_bytes(b"x")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    before = tree(tmp_path)
    for where, message in [
        ("file/a/b", f"无法新建申报目录 {tmp_path}/file/a/b：路径中有一段不是目录，未作改动"),
        ("fifo/x", f"无法新建申报目录 {tmp_path}/fifo/x：路径中有一段不是目录，未作改动"),
        ("file", f"{tmp_path}/file 已存在且不是目录，未作改动"),
        ("dangling", f"无法新建申报目录 {tmp_path}/dangling：已有同名的文件或链接，未作改动"),
    ]:
        run = jixiao("new", str(tmp_path / where))
        assert run.returncode == 2 and run.stdout == b"" and one_line(run) == f"jixiao: {message}"
        assert tree(tmp_path) == before


def test_new_cleans_up_the_folders_it_made_when_unit_toml_cannot_be_written(tmp_path, monkeypatch):
    from store import toml_store
    from store.toml_store import Store, StoreError

    def full(path, data):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(toml_store, "atomic_write", full)
    with pytest.raises(StoreError, match="磁盘空间不足，未作改动"):
        Store.create(tmp_path / "a" / "b")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(ROOT_USER, reason="root creates folders in a read-only folder")
def test_new_in_a_read_only_folder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        run = jixiao("new", str(locked / "mine"))
        assert run.returncode == 2
        assert one_line(run) == f"jixiao: 无法新建申报目录 {locked}/mine：没有写入权限，未作改动"
    finally:
        locked.chmod(0o700)


# -- class 5: nothing raw reaches a terminal -------------------------------------------------


def _no_control(out: bytes) -> str:
    text = out.decode("utf-8")
    raw = sorted({f"U+{ord(c):04X}" for c in text.replace("\n", "") if c in RAW})
    assert not raw, raw
    return text


def test_check_text_and_json_show_no_control_text(hostile):
    run = jixiao("check", str(hostile))
    text = _no_control(run.stdout)
    assert run.returncode == 1
    assert (f"{hostile}/projects/p01.toml:5: warning[text-control] 项目名称："
            "含有不可见的控制字符 U+001B，屏幕上显示为符号；请删除") in text.splitlines()
    evil = hostile.rename(hostile.parent / "单位\x1b[2J\x9b\u202e\u2028")
    run = jixiao("check", str(evil), "--format", "json")
    text = _no_control(run.stdout)
    assert "单位\\u001b[2J\\u009b\\u202e\\u2028" in text  # escaped by JSON: the same data for a program
    assert json.loads(text)["store"] == str(evil) and json.loads(text)["warnings"] == 1


def test_bidi_and_separators_are_control_text(hostile):
    path = hostile / "projects" / "p02.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "', 'name = "\u202e', 1), encoding="utf-8")
    path = hostile / "projects" / "p03.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "', 'name = "\u2029', 1), encoding="utf-8")
    run = jixiao("check", str(hostile))
    lines = _no_control(run.stdout).splitlines()
    assert (f"{hostile}/projects/p02.toml:5: warning[text-control] 项目名称：含有不可见的文字方向控制字符 "
            "U+202E，会让文字显示的顺序与保存的不同，屏幕上显示为符号；请删除") in lines
    assert (f"{hostile}/projects/p03.toml:5: warning[text-control] 项目名称：含有不可见的分行符 "
            "U+2029，屏幕上显示为符号；请删除") in lines


def test_store_and_project_names_from_the_command_line_are_shown_not_run(tmp_path, example_copy):
    evil = tmp_path / "单位\x1b[2J\u202e"
    example_copy.rename(evil)
    run = jixiao("check", str(evil))
    assert run.returncode == 1
    assert f"{tmp_path}/单位/projects/p01.toml:41: error[budget-total]" in _no_control(run.stdout)
    run = jixiao("check", str(evil), "--project", "p\x1b]0;x\x07")
    assert run.returncode == 2 and one_line(run) == "jixiao: 没有编号为 p␛]0;x␇ 的项目"
    run = jixiao("new", str(evil))
    assert run.returncode == 2 and one_line(run) == f"jixiao: {tmp_path}/单位␛[2J� 已是申报目录，未作改动"


def test_csv_bytes_to_a_pipe_or_file_stay_exact_and_text_export_is_clean(tmp_path, hostile):
    piped = jixiao("export", "csv", str(hostile)).stdout
    assert "东西部\x1b[2J\x1b]0;owned\x07扶贫\x9b31m\u202e帮困\u2028x".encode() in piped
    run = jixiao("export", "csv", str(hostile), "-o", str(tmp_path / "out.csv"), "--encoding", "utf-8")
    assert run.returncode == 0
    assert (tmp_path / "out.csv").read_bytes() == piped
    text = _no_control(jixiao("export", "text", str(hostile)).stdout)
    assert "东西部扶贫31m帮困 x" in text  # escape sequences whole, other control characters alone
    form = _no_control(jixiao("export", "text", str(hostile), "--what", "form", "--project", "p01").stdout)
    assert "项目经费情况说明 1--东西部扶贫31m帮困 x" in form


def test_csv_to_a_terminal_shows_control_text(hostile):
    master, slave = os.openpty()
    try:
        run = jixiao("export", "csv", str(hostile), "--encoding", "utf-8", stdout=slave)
        os.set_blocking(master, False)
        shown = os.read(master, 1 << 20)
    finally:
        os.close(master), os.close(slave)
    assert run.returncode == 0
    text = _no_control(shown.replace(b"\r\n", b"\n"))
    assert "东西部␛[2J␛]0;owned␇扶贫�31m�帮困␤x" in text


def test_the_app_shows_bidi_and_separators_neutralized():
    from tui.text import visible

    assert visible("a\u202eb\u2066c\u200fd\u061ce") == "a�b�c�d�e"
    assert visible("a\u2028b\u2029c\nd\te") == "a b c d e"
    assert visible("a\u2028b\nc\td", multiline=True) == "a␤b\nc\td"
    assert visible("\x1b[2J\x9b") == "␛[2J�"


# -- class 8: the index is untrusted ---------------------------------------------------------

VERDICT = "核对 10 个项目：3 个错误，0 个警告"


def _index(store: Path) -> Path:
    from store.cache import INDEX_NAME

    return store / ".jixiao" / "cache" / INDEX_NAME


def _split(path: Path) -> tuple[dict, dict]:
    head, _, body = path.read_bytes().partition(b"\n")
    return json.loads(head), json.loads(body)


def _sign(path: Path, head: dict, entries: dict, key: bytes) -> None:
    """Write an index as the program does, with ``key``: what a forger holding that key could make."""
    from store.index_trust import mac

    body = json.dumps(entries, ensure_ascii=False).encode()
    path.write_bytes(json.dumps({"context": head["context"], "mac": mac(key, head["context"], body)}).encode()
                     + b"\n" + body)


def _verdict(store: Path, cache: str | None = None) -> tuple[int, str]:
    run = jixiao("check", str(store), cache=cache)
    return run.returncode, run.stdout.decode("utf-8").splitlines()[-1]


def test_a_hand_edited_index_that_says_clean_changes_no_verdict(example_copy):
    """The issue's attack: an index edited to say every file is clean made check report 3 errors as none."""
    assert _verdict(example_copy) == (1, VERDICT)
    head, entries = _split(_index(example_copy))
    for entry in entries.values():
        entry[7] = []
    body = json.dumps(entries, ensure_ascii=False).encode()
    for mac in (head["mac"], "0" * 64, __import__("hashlib").blake2b(body, digest_size=32).hexdigest()):
        _index(example_copy).write_bytes(json.dumps({**head, "mac": mac}).encode() + b"\n" + body)
        assert _verdict(example_copy) == (1, VERDICT)


def test_a_foreign_index_made_with_another_user_s_key_is_not_used(tmp_path, example_copy):
    """A store handed over with its .jixiao, made (and forged) by someone else's program."""
    other = str(tmp_path / "other-user-cache")
    assert _verdict(example_copy, cache=other) == (1, VERDICT)
    key = (tmp_path / "other-user-cache" / "jixiao" / "index.key").read_bytes()
    head, entries = _split(_index(example_copy))
    for entry in entries.values():
        entry[7] = []
    _sign(_index(example_copy), head, entries, key)
    assert _verdict(example_copy, cache=other) == (0, "核对 10 个项目：未发现问题")  # that user's own forgery
    assert _verdict(example_copy) == (1, VERDICT)  # this user: not made here, not used


@pytest.mark.parametrize("forge", [
    "unknown rule", "severity not the rule's", "another project", "line beyond the file", "line 0",
    "negative size", "infinite amount", "digest not hex", "boolean order",
])
def test_entries_out_of_shape_or_range_are_dropped_even_with_a_valid_digest(example_copy, forge):
    """Defence in depth: even an index signed with this user's key is data; a bad entry is dropped alone."""
    from store.cache import Index, confirm
    from store.index_trust import index_key
    from store.toml_store import Store

    assert _verdict(example_copy) == (1, VERDICT)
    head, entries = _split(_index(example_copy))
    p07 = entries["p07"]  # its one finding is the error cost-line-arithmetic at line 49
    row = p07[7][0]
    assert row[:2] == ["cost-line-arithmetic", "error"] and row[6] == 49
    if forge == "unknown rule":
        row[0] = "made-up"
    elif forge == "severity not the rule's":
        row[1] = "warning"
    elif forge == "another project":
        row[3] = "p01"
    elif forge == "line beyond the file":
        row[:2] = ["text-control", "warning"]  # if used: one error fewer
        row[6] = 10 ** 6
    elif forge == "line 0":
        row[6] = 0
    elif forge == "negative size":
        p07[1] = [-1, p07[1][1]]
    elif forge == "infinite amount":
        p07[3] = "Infinity"
    elif forge == "digest not hex":
        p07[0] = "../../" + p07[0][6:]
    elif forge == "boolean order":
        p07[4] = True
    _sign(_index(example_copy), head, entries, index_key())
    store = Store.open(example_copy)
    kept = Index.read(store, store.load_unit()[1]).entries
    used = {pid for pid, entry in kept.items() if confirm(store, pid, entry) is not None}
    assert used == set(entries) - {"p07"}  # the others are still used
    assert _verdict(example_copy) == (1, VERDICT)


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere"
    (outside / "cache").mkdir(parents=True)
    (outside / "autosave").mkdir()
    (outside / "trash").mkdir()
    (outside / "autosave" / "p01.toml").write_bytes((outside.parent / "songjiang-2024" / "projects" /
                                                     "p01.toml").read_bytes())  # equal to p01: "stale"
    return outside


@pytest.mark.parametrize("link", [".jixiao", ".jixiao/cache"])
def test_a_work_dir_that_is_a_symlink_out_of_the_store_is_not_followed(tmp_path, example_copy, link):
    from store.autosave import Autosave
    from store.toml_store import Store, WorkDirError

    outside = _outside(tmp_path)
    if link == ".jixiao":
        (example_copy / ".jixiao").symlink_to(outside)
    else:
        (example_copy / ".jixiao").mkdir()
        (example_copy / ".jixiao" / "cache").symlink_to(outside / "cache")
    before = tree(outside)
    assert _verdict(example_copy) == (1, VERDICT)
    assert _verdict(example_copy) == (1, VERDICT)
    assert tree(outside) == before  # no index written there, none read from there
    if link == ".jixiao":
        store = Store.open(example_copy)
        assert Autosave(store).pending() == []  # not offered, and the file there not deleted
        Autosave(store).discard("p01")
        with pytest.raises(WorkDirError, match="是符号链接，程序不使用它"):
            store.trash_project("p02")
        assert (example_copy / "projects" / "p02.toml").is_file()
        assert tree(outside) == before


def test_an_index_file_that_is_a_symlink_fifo_or_huge_is_not_read(tmp_path, example_copy, monkeypatch):
    from store import cache

    assert _verdict(example_copy) == (1, VERDICT)
    index = _index(example_copy)
    elsewhere = tmp_path / "someone-elses-index"
    head, entries = _split(index)
    for entry in entries.values():
        entry[7] = []
    from store.index_trust import index_key
    _sign(elsewhere, head, entries, index_key())  # signed, but not in this store
    index.unlink()
    index.symlink_to(elsewhere)
    kept = elsewhere.read_bytes()
    assert _verdict(example_copy) == (1, VERDICT)
    assert elsewhere.read_bytes() == kept and not index.is_symlink()  # the link replaced by our own file
    index.unlink()
    os.mkfifo(index)
    assert _verdict(example_copy) == (1, VERDICT)  # no hang: a FIFO is never opened for reading
    monkeypatch.setattr(cache, "INDEX_LIMIT", 10)
    from store.toml_store import Store
    store = Store.open(example_copy)
    assert cache.Index.read(store, store.load_unit()[1]).entries == {}


def test_without_a_key_nothing_is_reused_and_check_still_works(tmp_path, example_copy):
    (tmp_path / "not-a-folder").write_bytes(b"x")
    cache_home = str(tmp_path / "not-a-folder" / "cache")
    assert _verdict(example_copy, cache=cache_home) == (1, VERDICT)
    assert _verdict(example_copy, cache=cache_home) == (1, VERDICT)
    assert not (example_copy / ".jixiao").exists()  # an index no one can vouch for is not written
    key_home = tmp_path / "linked"
    (key_home / "jixiao").mkdir(parents=True)
    (tmp_path / "planted.key").write_bytes(b"k" * 32)
    (key_home / "jixiao" / "index.key").symlink_to(tmp_path / "planted.key")
    assert _verdict(example_copy, cache=str(key_home)) == (1, VERDICT)
    assert not (example_copy / ".jixiao").exists()  # a key behind a symlink is not this user's key


def test_argument_errors_show_the_user_s_words_not_run_them():
    run = jixiao("check", ".", "\x1b]0;owned\x07\x1b[2J\u202e")
    assert run.returncode == 2
    assert run.stderr.decode().splitlines()[-1] == "jixiao: 参数错误：unrecognized arguments: ␛]0;owned␇␛[2J�"
