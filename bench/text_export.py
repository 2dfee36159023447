"""6. The text export of a store against its CSV export: `export text` ≤ 3× `export csv`, 1,000 projects.

``bench/run.py`` runs it as section 6 (and alone with ``--only text``).

Both export the cost lines (``--what costs``) of the same generated store of
1,000 projects, each in a fresh process, interleaved (a loaded machine slows
both alike), medians compared: once with the default number of processes, once
with ``--jobs 1`` on both.  The text table is measured in the worker processes
and laid out when every part is in (``exports/text_table.py``).
"""

from __future__ import annotations

from pathlib import Path

from bench import run as r


def text_measure(store: Path, repeat: int) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for jobs, label in (([], "6. `export text` 对 `export csv`，1,000 个项目"),
                        (["--jobs", "1"], "6. 同上，都用 `--jobs 1`（单进程）")):
        csv: list[float] = []
        text: list[float] = []
        for _ in range(repeat):
            csv += r.wall([r.PY, "-m", "jixiao", "export", "csv", *jobs, str(store), "--what", "costs"], 1)
            text += r.wall([r.PY, "-m", "jixiao", "export", "text", *jobs, str(store), "--what", "costs"], 1)
        rows.append((label, r.summary(text), r.summary(csv), f"{r.ratio(text, csv):.2f}×", "≤ 3×",
                     r.met(r.ratio(text, csv) <= 3)))
    return rows
