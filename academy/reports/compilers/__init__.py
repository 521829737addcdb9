"""One compiler per kind of report: it reads with set-based queries (a fixed number whatever the
number of people) and returns a Document. ``COMPILERS`` says what each kind needs and offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from academy.reports.compilers import (
    academy_overview,
    audit_summary,
    cohort_progression,
    cpd_readiness,
    cqc_evidence,
    training_compliance,
)
from academy.reports.document import Document

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Compiler:
    compile: Callable[[Mapping[str, Any], dt.date, Progress], Document]
    clean: Callable[[Mapping[str, Any]], dict[str, Any]]
    formats: tuple[str, ...] = ("csv", "xlsx", "pdf")


COMPILERS: dict[str, Compiler] = {
    "cohort_progression": Compiler(cohort_progression.compile, cohort_progression.clean),
    "academy_overview": Compiler(academy_overview.compile, academy_overview.clean),
    "training_compliance": Compiler(training_compliance.compile, training_compliance.clean),
    "audit_summary": Compiler(audit_summary.compile, audit_summary.clean),
    "cpd_readiness": Compiler(cpd_readiness.compile, cpd_readiness.clean),
    "cqc_evidence": Compiler(cqc_evidence.compile, cqc_evidence.clean, formats=("pdf",)),
}
