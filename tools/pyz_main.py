# jixiao @VERSION@, one file (tools/build_pyz.py wrote this __main__.py; tools/pyz_main.py is its template).
#
#     python3 jixiao-@VERSION@.pyz [命令] …     the same as the installed `jixiao` command
#
# The first run unpacks the archive once into the user's own cache,
# $XDG_CACHE_HOME/jixiao/pyz/@VERSION@-<digest>/ (else ~/.cache/jixiao/pyz/…), under a temporary
# name renamed into place, and every run imports from there: Python keeps bytecode there, and Textual
# reads tui/app.tcss as a file.  Nothing is written anywhere else.  The folder may be deleted at any time.
#
# Inside, beside jixiao, tui, store and exports:
#   @CONTENTS@
import os
import sys

VERSION = "@VERSION@"
DIGEST = "@DIGEST@"


def _cache_root():
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "jixiao", "pyz")


def _unpack(archive, target):
    """Unpack the archive to ``target``, which appears whole or not at all."""
    import shutil
    import tempfile
    import zipfile

    parent = os.path.dirname(target)
    os.makedirs(parent, mode=0o700, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=".unpack-")
    try:
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp)
        try:
            os.rename(tmp, target)
        except OSError:
            if not os.path.isdir(target):  # not another run that unpacked it first
                raise
    finally:
        if os.path.isdir(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


def _run():
    if sys.version_info < (3, 11):
        sys.stderr.write("jixiao 需要 Python 3.11 或更高版本，这里是 %d.%d\n" % sys.version_info[:2])
        return 2
    archive = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(_cache_root(), VERSION + "-" + DIGEST[:16])
    if not os.path.isdir(target):
        try:
            _unpack(archive, target)
        except OSError as err:
            sys.stderr.write("jixiao：无法解包到 %s（%s）。请设置 XDG_CACHE_HOME 为一个可写的文件夹后重试。\n"
                             % (target, err.strerror or err))
            return 2
    if sys.path and os.path.abspath(sys.path[0]) == archive:
        sys.path[0] = target
    else:
        sys.path.insert(0, target)
    sys.dont_write_bytecode = False  # our own folder: keep the bytecode, or every start compiles textual anew
    from jixiao.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_run())
