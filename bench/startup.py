"""Benchmark of the start-up cost, in one run: the current working tree next to an earlier
revision (by default d039fdb, the last one whose URL configuration imported WeasyPrint and
openpyxl through reports/views.py → reports/pdf.py), with the ratios. It measures

1. the wall time of ``python manage.py check`` in a process of its own (median and min): what
   every command, test process and deployment step pays before it does anything;
2. the peak resident memory of a process that starts as a web worker does before its first
   request (``django.setup()`` and the URL patterns, which import every view module), and
   which of WeasyPrint, openpyxl and pandas that start loaded.

The earlier revision is checked out with ``git worktree add --detach`` in a temporary folder,
removed again at the end; both trees run with this interpreter (the project's .venv) and a
throwaway SQLite database in that folder, so the developer's database is never touched. After
one warm-up round of each (not counted: the new worktree's bytecode is compiled then), the
measures run in turns, before and now in every round, so that a busy moment on the shared
machine falls on both alike.

"Now" is the working tree as it is, uncommitted changes included; while it is half-way through
an edit and does not start, ``--now REV`` measures a committed revision instead, in a second
temporary worktree.

    .venv/bin/python bench/startup.py [--against d039fdb] [--now REV] [--repeat 10]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("weasyprint", "openpyxl", "pandas")

# What a web worker does before its first request; run with cwd = the tree in question.
WORKER = f"""
import json, os, resource, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")
import django
django.setup()
from django.conf import settings
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps({{
    "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "heavy": sorted(name for name in {HEAVY!r} if name in sys.modules),
    "base_dir": str(settings.BASE_DIR),
}}))
"""


def git(*args: str) -> str:
    result = subprocess.run(  # nosec B603 B607
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def child_environment(scratch: Path) -> dict[str, str]:
    """This environment without anything that would point a child at another tree or at the
    developer's database; manage.py and the worker script set the settings module."""
    environment = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "PYTHONSTARTUP"):
        environment.pop(name, None)
    environment["DJANGO_DEBUG"] = "1"
    environment["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    return environment


def run(tree: Path, arguments: list[str], environment: dict[str, str]) -> str:
    result = subprocess.run(  # nosec B603
        [sys.executable, *arguments],
        cwd=tree,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stderr.splitlines()[-6:])
        what = "manage.py check" if arguments[0] == "manage.py" else "the worker's start"
        sys.exit(f"{what} failed in {tree} (a tree that does not start? see --now):\n{tail}")
    return result.stdout


def check_seconds(tree: Path, environment: dict[str, str]) -> float:
    """The wall time of ``manage.py check`` in a process of its own."""
    start = time.perf_counter()
    run(tree, ["manage.py", "check"], environment)
    return time.perf_counter() - start


def worker_start(tree: Path, environment: dict[str, str]) -> dict:
    """The peak memory of a worker's start, and the heavy modules it loaded."""
    result = json.loads(run(tree, ["-c", WORKER], environment).splitlines()[-1])
    if Path(result["base_dir"]).resolve() != tree.resolve():  # the child ran the wrong tree
        sys.exit(f"the worker started in {tree} loaded the project from {result['base_dir']}")
    return result


def heavy_label(sets: list[list[str]]) -> str:
    seen = sorted({name for names in sets for name in names})
    varies = any(set(names) != set(seen) for names in sets)
    return (",".join(seen) or "geen") + (" (niet in elke run)" if varies else "")


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("   ".join(cells).rstrip())
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="d039fdb", help="the earlier revision (d039fdb)")
    parser.add_argument("--now", help="a revision to measure instead of the working tree")
    parser.add_argument("--repeat", type=int, default=10, help="rounds of each measure (10)")
    options = parser.parse_args()

    revision = git("rev-parse", "--short", f"{options.against}^{{commit}}")
    scratch = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    environment = child_environment(scratch)
    worktrees = {scratch / "voor": revision}
    if options.now:
        now = git("rev-parse", "--short", f"{options.now}^{{commit}}")
        worktrees[scratch / "nu"] = now
        trees = {"voor": scratch / "voor", "nu": scratch / "nu"}
        now_label, note = f"nu ({now})", f"nu = {now} in een worktree"
    else:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
        state = "met niet-gecommitte wijzigingen" if dirty else "schoon"
        trees = {"voor": scratch / "voor", "nu": ROOT}
        now_label, note = "nu", f"nu = de werkboom {ROOT} (HEAD {head}, {state})"
    checks: dict[str, list[float]] = {name: [] for name in trees}
    workers: dict[str, list[dict]] = {name: [] for name in trees}
    try:
        for path, commit in worktrees.items():
            git("worktree", "add", "--detach", str(path), commit)
        for tree in trees.values():  # warm-up: bytecode, disk cache
            check_seconds(tree, environment)
            worker_start(tree, environment)
        for _ in range(options.repeat):
            for name, tree in trees.items():
                checks[name].append(check_seconds(tree, environment))
            for name, tree in trees.items():
                workers[name].append(worker_start(tree, environment))
    finally:
        for path in worktrees:
            subprocess.run(  # nosec B603 B607
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
                capture_output=True,
            )
        shutil.rmtree(scratch, ignore_errors=True)

    def median_check(name: str) -> float:
        return statistics.median(checks[name])

    def min_check(name: str) -> float:
        return min(checks[name])

    def median_mb(name: str) -> float:
        return statistics.median(w["maxrss_kib"] for w in workers[name]) / 1024

    rows = [("", f"voor ({revision})", now_label, "nu / voor")]
    for label, measure, unit, digits in (
        ("manage.py check (mediaan)", median_check, "s", 2),
        ("manage.py check (snelste)", min_check, "s", 2),
        ("geheugen van een worker", median_mb, "MB", 0),
    ):
        old, new = measure("voor"), measure("nu")
        rows.append(
            (label, f"{old:.{digits}f} {unit}", f"{new:.{digits}f} {unit}", f"{new / old:.2f} ×")
        )
    rows.append(
        (
            "zware modules geladen",
            heavy_label([w["heavy"] for w in workers["voor"]]),
            heavy_label([w["heavy"] for w in workers["nu"]]),
            "",
        )
    )
    print(
        "Start-up: manage.py check en het geheugen van een worker vóór zijn eerste verzoek"
        f" (mediaan van {options.repeat}, om beurten)"
    )
    print(table(rows))
    print(f"{note}; voor = {revision} in een worktree")


if __name__ == "__main__":
    main()
