"""The benchmark's figures: one JSON object (``--json PATH``, read by other programs) and the table.

The keys other programs rely on (the performance issue names them): ``bare_flask_rps``,
``save_rps_workers_1``, ``save_rps_workers_n``, ``workers_n``, ``autosave_rps_workers_n``,
``save_paced_p50_ms``, ``save_paced_p99_ms``, ``tick_cold_idle_s``, ``tick_cold_busy_s``, ``rss_mb``.
The others are there for whoever wants the detail; :data:`TARGETS` are the issue's targets.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .measure import Timings

TARGETS = {
    "save_rps_workers_n": (">=", 200.0),
    "save_share_of_bare": (">=", 0.05),
    "save_p99_ms_workers_n": ("<=", 250.0),
    "save_paced_p50_ms": ("<=", 20.0),
    "save_paced_p99_ms": ("<=", 60.0),
    "save_paced_ratio": ("<=", 1.2),
    "tick_cold_idle_s": ("<=", 0.5),
    "tick_cold_busy_s": ("<=", 0.8),
    "rss_mb": ("<=", 400.0),
}


def machine() -> dict[str, Any]:
    """Where and when the figures were taken (they mean little without it)."""
    model = ""
    with contextlib.suppress(OSError):
        names = [line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        model = names[0].split(":", 1)[1].strip() if names else ""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average": os.getloadavg(),
    }


def timing(figures: dict[str, Any], prefix: str, suffix: str, timings: Timings, rate: bool = True) -> None:
    """Put ``<prefix>_p50_ms<suffix>``, ``…_p99_ms…``, ``…_samples…`` (and ``…_rps…``) into ``figures``:
    ``timing(f, "save", "_workers_1", t)`` gives ``save_rps_workers_1``, ``save_p50_ms_workers_1`` …"""
    figures[f"{prefix}_p50_ms{suffix}"] = round(timings.median_ms(), 1)
    figures[f"{prefix}_p99_ms{suffix}"] = round(timings.p99_ms(), 1)
    figures[f"{prefix}_samples{suffix}"] = len(timings.samples)
    if rate:
        figures[f"{prefix}_rps{suffix}"] = round(timings.rate(), 1)


def verdicts(figures: dict[str, Any]) -> dict[str, bool]:
    """Each target the figures have, met or not."""
    out = {}
    for key, (sense, limit) in TARGETS.items():
        if key in figures:
            out[key] = figures[key] >= limit if sense == ">=" else figures[key] <= limit
    return out


def write_json(path: Path, figures: dict[str, Any]) -> None:
    """The figures as one JSON object."""
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _verdict(figures: dict[str, Any], key: str) -> str:
    if key not in TARGETS or key not in figures:
        return ""
    sense, limit = TARGETS[key]
    met = verdicts(figures)[key]
    shown = f"{limit:.0%}" if key.endswith("share_of_bare") else f"{limit:g}"
    return f"{sense.replace('>=', '≥').replace('<=', '≤')} {shown}: {'met' if met else 'NOT met'}"


def table(figures: dict[str, Any]) -> str:
    """The side-by-side table (the README keeps the latest)."""
    n = figures.get("workers_n")
    rows: list[tuple[str, str, str]] = []

    def add(label: str, value: str, key: str | None = None) -> None:
        rows.append((label, value, _verdict(figures, key) if key else ""))

    def served(label: str, prefix: str, suffix: str, key: str | None = None) -> None:
        if f"{prefix}_rps{suffix}" in figures:
            rate, p50, p99 = (figures[f"{prefix}_{what}{suffix}"] for what in ("rps", "p50_ms", "p99_ms"))
            cpu = figures.get(f"{prefix}{suffix}_server_cpu_ms")
            costs = f"  server CPU {cpu:.1f} ms/request" if cpu is not None else ""
            add(label, f"{rate:,.0f}/s  p50 {p50:.0f} ms  p99 {p99:.0f} ms{costs}", key)

    served(f"a bare Flask page, {n} workers (the ceiling)", "bare_flask", "")
    served("a bare Flask page, 1 worker", "bare_flask", "_workers_1")
    served("full-page save back to back, 1 worker", "save", "_workers_1", "save_rps_workers_1")
    served(f"full-page save back to back, {n} workers", "save", "_workers_n", "save_rps_workers_n")
    if "save_p99_ms_workers_n" in figures:
        add("  its p99 at 16 clients", f"{figures['save_p99_ms_workers_n']:.0f} ms", "save_p99_ms_workers_n")
    if "save_share_of_bare" in figures:
        add("  as a share of the bare page", f"{figures['save_share_of_bare']:.1%}", "save_share_of_bare")
        add(f"  {n} workers / 1 worker", f"{figures['save_rps_workers_n'] / figures['save_rps_workers_1']:.2f}×")
    served(f"autosave back to back, {n} workers", "autosave", "_workers_n")
    if "save_paced_p50_ms" in figures:
        add("16 people saving ~1/s, national: p50", f"{figures['save_paced_p50_ms']:.0f} ms", "save_paced_p50_ms")
        add("  p99", f"{figures['save_paced_p99_ms']:.0f} ms", "save_paced_p99_ms")
        add(
            "  one programme: p50 / p99",
            f"{figures['save_paced_one_p50_ms']:.0f} / {figures['save_paced_one_p99_ms']:.0f} ms",
        )
        add("  national / one programme (p50)", f"{figures['save_paced_ratio']:.2f}×", "save_paced_ratio")
        autosaves = f"{figures['autosave_paced_p50_ms']:.0f} / {figures['autosave_paced_p99_ms']:.0f} ms"
        add("16 people autosaving ~1/s, national: p50 / p99", autosaves)
    if "tick_cold_idle_s" in figures:
        progs = figures.get("tick_programmes", "")
        add(
            f"`flask tick` in a fresh process, nothing due ({progs} programmes)",
            f"{figures['tick_cold_idle_s']:.2f} s (pass {figures['tick_cold_idle_pass_s']:.2f} s)",
            "tick_cold_idle_s",
        )
        add(
            f"  a typical day ({figures['tick_busy_messages']} messages)",
            f"{figures['tick_cold_busy_s']:.2f} s (pass {figures['tick_cold_busy_pass_s']:.2f} s)",
            "tick_cold_busy_s",
        )
        add(
            "  the same two passes in a running server",
            f"{figures['tick_warm_idle_s'] * 1000:.0f} / {figures['tick_warm_busy_s'] * 1000:.0f} ms",
        )
    if "rss_mb" in figures:
        add(
            f"memory of all server processes ({n} workers + master)",
            f"RSS {figures['rss_mb']:.0f} MB, PSS {figures['pss_mb']:.0f} MB",
            "rss_mb",
        )
    width = max(len(r[0]) for r in rows) + 2
    value_width = max(len(r[1]) for r in rows) + 2
    return "\n".join(f"{label:<{width}}{value:<{value_width}}{verdict}".rstrip() for label, value, verdict in rows)
