"""Report benchmark: every kind of report, in every format it offers, compiled from a generated
academy whose ASYE cohort has 2,000 members (``bench.dataset``).

    python -m bench.reports [--size 2000] [--keep]
    make bench

It runs on a database of its own, created for the run and dropped after it, never the
developer's: by default a SQLite file in a temporary directory; with BENCH_DATABASE_URL (say
postgres://postgres@127.0.0.1:5432/academy) a new database named after that one with
``_bench`` added (``academy_bench``), made on that server the way the test suite makes its own.

For each report it prints the queries and seconds of the document compile (the reads), the
seconds each writer takes, and the whole run as a worker does it (claim, compile, write, store,
tell the requester), with the file's size.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Line:
    kind: str
    format: str
    rows: int
    compile_queries: int
    compile_seconds: float
    write_seconds: float
    run_queries: int
    run_seconds: float
    size: int


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--size", type=int, default=2000, help="cohort members (2000)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="academy-bench-")
    try:
        _configure(workdir)
        print(f"Report benchmark: a {args.size:,}-member cohort")
        with _own_database(workdir, keep=args.keep) as description:
            print(f"On {description}")
            print(f"Python {platform.python_version()}, {platform.machine()}")
            _run(args.size)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _configure(workdir: str) -> None:
    """Point Django at the benchmark's database and files before it starts."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    os.environ["DATABASE_URL"] = url or f"sqlite:///{workdir}/unused.sqlite3"
    os.environ["MEDIA_ROOT"] = os.path.join(workdir, "media")
    os.environ["CELERY_BROKER_URL"] = ""  # tasks in-process: nothing leaves for a broker
    os.environ["EMAIL_URL"] = "dummymail://"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


@contextmanager
def _own_database(workdir: str, *, keep: bool) -> Iterator[str]:
    """A new, migrated database for the run (Django's test-database machinery)."""
    from django.db import connection

    settings_dict = connection.settings_dict
    vendor = connection.vendor
    if vendor == "sqlite":
        settings_dict["TEST"]["NAME"] = os.path.join(workdir, "bench.sqlite3")
    else:
        settings_dict["TEST"]["NAME"] = f"{settings_dict['NAME']}_bench"
    started = time.perf_counter()
    name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=False
    )
    took = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        server = f"{connection.display_name} {cursor.fetchone()[0]}"
    print(f"Database {name} created and migrated in {took:.1f} s")
    old_name = settings_dict["NAME"]
    try:
        yield f"{server} ({name})"
    finally:
        if keep:
            print(f"Kept the database {name}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def _quiet(percent: int) -> None:
    """Progress, not recorded while the document alone is timed."""


def _run(size: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from academy.common.dates import today
    from academy.pathways.models import Evidence, Supervision
    from academy.people.models import Person
    from academy.reports.compilers import COMPILERS
    from academy.reports.models import ReportRun
    from academy.reports.services import report_compile
    from academy.reports.writers import WRITERS
    from academy.training.models import Completion
    from bench import dataset

    as_of = today()
    built, took = _timed(lambda: dataset.build(size, as_of=as_of))
    print(
        f"Dataset built in {took:.1f} s: {Person.objects.count():,} people, "
        f"{len(built.members):,} enrolments, {Supervision.objects.count():,} supervisions, "
        f"{Evidence.objects.count():,} pieces of evidence, "
        f"{Completion.objects.count():,} course completions"
    )
    parameters: dict[str, dict[str, Any]] = {
        "cohort_progression": {"cohort": built.cohort.pk},
        "audit_summary": {"period": "quarter"},
    }
    lines: list[Line] = []
    for kind, compiler in COMPILERS.items():
        cleaned = compiler.clean(parameters.get(kind, {}))
        with CaptureQueriesContext(connection) as reads:
            document, compile_seconds = _timed(partial(compiler.compile, cleaned, as_of, _quiet))
        rows = sum(document.row_counts().values())
        for format in compiler.formats:
            writer, _ = WRITERS[format]
            _, write_seconds = _timed(partial(writer, document))
            run = ReportRun.objects.create(kind=kind, parameters=cleaned, format=format)
            with CaptureQueriesContext(connection) as whole:
                _, run_seconds = _timed(partial(report_compile, run_id=run.pk, as_of=as_of))
            run.refresh_from_db()
            if run.status != ReportRun.Status.DONE:
                raise SystemExit(f"{kind} ({format}) failed: {run.error}")
            lines.append(
                Line(
                    kind,
                    format,
                    rows,
                    len(reads.captured_queries),
                    compile_seconds,
                    write_seconds,
                    len(whole.captured_queries),
                    run_seconds,
                    run.file.size,
                )
            )
    _print(lines)


def _print(lines: list[Line]) -> None:
    heading = (
        "report",
        "format",
        "rows",
        "queries",
        "compile s",
        "write s",
        "run queries",
        "run s",
        "file",
    )
    table = [
        (
            line.kind,
            line.format,
            f"{line.rows:,}",
            str(line.compile_queries),
            f"{line.compile_seconds:.2f}",
            f"{line.write_seconds:.2f}",
            str(line.run_queries),
            f"{line.run_seconds:.2f}",
            f"{line.size / 1024:,.1f} KB",
        )
        for line in lines
    ]
    widths = [max(len(row[i]) for row in [heading, *table]) for i in range(len(heading))]
    print()
    for row in [heading, tuple("-" * w for w in widths), *table]:
        cells = [
            cell.ljust(width) if index < 2 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))
    print()
    print(
        "queries/compile s: the reads of the compile alone; write s: the writer alone; "
        "run queries/run s: the whole run as a worker does it (claim, progress, compile, "
        "write, store the file, tell the requester)."
    )


if __name__ == "__main__":
    sys.exit(main())
