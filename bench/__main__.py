"""``python -m bench``: build the installations, measure side by side, print the table (see ``bench/__init__``)."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from engine.cli.server import default_workers
from engine.store import Store

from . import build, http, measure, report, tick


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--programmes", type=int, default=60)
    parser.add_argument("--teams", type=int, default=15)
    parser.add_argument("--clients", type=int, default=16, help="people (client threads) at once")
    parser.add_argument("--saves", type=int, default=30, help="back-to-back saves per client")
    parser.add_argument("--paced-saves", type=int, default=20, help="saves per client at a person's pace")
    parser.add_argument("--pages", type=int, default=300, help="bare pages per client")
    parser.add_argument("--workers", type=int, default=default_workers(), help="N (default: the number of cores)")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--json", type=Path, help="also write the figures to this file as one JSON object")
    parser.add_argument("--keep", type=Path, help="build here and keep the files (default: a temp folder)")
    parser.add_argument("--only-tick", action="store_true", help="build, then time only the scheduler passes")
    parser.add_argument("--no-http", action="store_true", help="skip everything over HTTP")
    parser.add_argument("--store", action="store_true", help="also time the store alone (DESIGN §5's figures)")
    args = parser.parse_args(argv)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="verksted-bench-"))
    try:
        return _run(args, workdir)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, workdir: Path) -> int:
    started = time.perf_counter()
    figures: dict[str, Any] = {"machine": report.machine(), "workers_n": args.workers}
    national, targets = build.build_installation(workdir / "national" / "data", args.programmes, args.teams, args.seed)
    single = Store(workdir / "single" / "data")
    first = build.programme_id(0)
    build.clone_programme(national, first, single, first, build.START + timedelta(days=700))
    size, files = _disk(national.root)
    figures["installation"] = {"programmes": args.programmes, "teams": args.teams, "mib": round(size / 2**20)}
    figures["installation"]["files"] = files
    print(
        f"Built {args.programmes} programmes × {args.teams} teams in {time.perf_counter() - started:.0f} s: "
        f"{size / 2**20:.0f} MiB in {files} files. Measuring (clients and servers share this machine's "
        f"{os.cpu_count()} cores; load average {_load()}) …",
        flush=True,
    )
    if not (args.only_tick or args.no_http):
        single_targets = [t for t in targets if t.pid == first]
        _measure_http(args, workdir, figures, national, targets, single, single_targets)
    timed = tick.measure_ticks(workdir / "national", national, args.teams, args.seed)
    figures.update(
        tick_cold_idle_s=round(timed.idle_cold, 3),
        tick_cold_busy_s=round(timed.busy_cold, 3),
        tick_cold_idle_pass_s=round(timed.idle_cold_pass, 3),
        tick_cold_busy_pass_s=round(timed.busy_cold_pass, 3),
        tick_warm_idle_s=round(timed.idle_warm, 3),
        tick_warm_busy_s=round(timed.busy_warm, 3),
        tick_busy_messages=timed.busy_sent,
        tick_programmes=timed.programmes,
    )
    if args.store:
        _measure_store(args, figures, national, targets, single, first)
    figures["machine"]["load_average_after"] = os.getloadavg()
    figures["targets_met"] = report.verdicts(figures)
    print()
    print(report.table(figures))
    print(
        f"\n(Taken {figures['machine']['date']} on {figures['machine']['cpu']}, {figures['machine']['cores']} cores, "
        f"Python {figures['machine']['python']}; load average {_load()} at the end; total "
        f"{time.perf_counter() - started:.0f} s. Latencies from {args.clients} client threads with keep-alive in "
        "this process; cold ticks are whole `flask tick` processes, medians of three.)"
    )
    if args.json:
        report.write_json(args.json, figures)
        print(f"Figures written to {args.json}")
    return 0 if all(figures["targets_met"].values()) else 1


def _measure_http(
    args: argparse.Namespace,
    workdir: Path,
    figures: dict[str, Any],
    national: Store,
    targets: list,
    single: Store,
    single_targets: list,
) -> None:
    """The bare page and Verksted's saves, over the real servers, one after the other."""
    n, log, clients, seed = args.workers, workdir / "servers.log", args.clients, args.seed
    for workers, suffix in ((n, ""), (1, "_workers_1")):
        with http.bare(_port(), workers, log) as served:
            timings = _costed(
                figures, "bare_flask" + suffix, served, lambda: http.bare_pages(served.port, clients, args.pages, seed)
            )
        report.timing(figures, "bare_flask", suffix, timings)
    with http.verksted(workdir / "national", _port(), 1, log) as served:
        timings = _costed(
            figures,
            "save_workers_1",
            served,
            lambda: http.form_saves(national, targets, served.port, clients, args.saves, seed),
        )
    report.timing(figures, "save", "_workers_1", timings)
    with http.verksted(workdir / "national", _port(), n, log) as served:
        timings = _costed(
            figures,
            "save_workers_n",
            served,
            lambda: http.form_saves(national, targets, served.port, clients, args.saves, seed + 1),
        )
        report.timing(figures, "save", "_workers_n", timings)
        figures["rss_mb"], figures["pss_mb"] = (round(mb, 1) for mb in served.rss_mb())
        timings = http.form_saves(national, targets, served.port, clients, args.saves, seed + 2, autosave=True)
        report.timing(figures, "autosave", "_workers_n", timings)
        paced = http.form_saves(national, targets, served.port, clients, args.paced_saves, seed + 3, pace=1.0)
        report.timing(figures, "save_paced", "", paced, rate=False)
        timings = http.form_saves(
            national, targets, served.port, clients, args.paced_saves, seed + 4, autosave=True, pace=1.0
        )
        report.timing(figures, "autosave_paced", "", timings, rate=False)
    with http.verksted(workdir / "single", _port(), n, log) as served:
        people = min(clients, len(single_targets))
        timings = http.form_saves(single, single_targets, served.port, people, args.paced_saves, seed + 3, pace=1.0)
    report.timing(figures, "save_paced_one", "", timings, rate=False)
    figures["save_share_of_bare"] = round(figures["save_rps_workers_n"] / figures["bare_flask_rps"], 4)
    figures["save_paced_ratio"] = round(figures["save_paced_p50_ms"] / figures["save_paced_one_p50_ms"], 2)


def _costed(figures: dict[str, Any], name: str, served: http.Served, run: Any) -> measure.Timings:
    """``run()``, and the CPU milliseconds each of its requests cost the server and this client."""
    server, client = served.cpu_seconds(), time.process_time()
    timings = run()
    count = max(len(timings.samples), 1)
    figures[f"{name}_server_cpu_ms"] = round((served.cpu_seconds() - server) * 1000 / count, 2)
    figures[f"{name}_client_cpu_ms"] = round((time.process_time() - client) * 1000 / count, 2)
    return timings


def _measure_store(
    args: argparse.Namespace, figures: dict[str, Any], national: Store, targets: list, single: Store, first: str
) -> None:
    """The store alone (no HTTP, no page): DESIGN §5's draft save, submission and a pass's reads."""
    one = measure.draft_saves(single, [t for t in targets if t.pid == first], args.clients, 100, args.seed)
    nat = measure.draft_saves(national, targets, args.clients, 100, args.seed)
    submit = measure.submissions(national, targets, args.clients, 10, args.seed)
    reads_first, reads_cold, reads_warm, _ = measure.cold_and_warm(national)
    report.timing(figures, "store_draft_save", "", nat)
    report.timing(figures, "store_draft_save_one", "", one)
    report.timing(figures, "store_submit", "", submit)
    figures.update(pass_reads_first_s=reads_first, pass_reads_cold_s=reads_cold, pass_reads_warm_s=reads_warm)
    print(
        f"\nThe store alone, {args.clients} threads back to back: draft save p50 {nat.median_ms():.1f} ms, "
        f"p99 {nat.p99_ms():.1f} ms ({nat.median_ms() / one.median_ms():.2f}× one programme); submit p50 "
        f"{submit.median_ms():.1f} ms; a pass's reads {reads_cold * 1000:.0f} ms fresh, {reads_warm * 1000:.0f} ms warm"
    )


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def _disk(root: Path) -> tuple[int, int]:
    size = files = 0
    for folder, _, names in os.walk(root):
        for name in names:
            size += os.path.getsize(os.path.join(folder, name))
            files += 1
    return size, files


if __name__ == "__main__":
    sys.exit(main())
