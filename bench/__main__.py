"""``python -m bench``: build the installations, measure, print the figures (see ``bench/__init__``)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from engine.store import Store, cache

from . import build, http, measure, tick

BUDGET = {"median_ms": 50.0, "p99_ms": 100.0, "ratio": 1.5, "pass_s": 1.0}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if a figure is over budget."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--programmes", type=int, default=60)
    parser.add_argument("--teams", type=int, default=15)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--saves", type=int, default=100, help="draft saves per thread")
    parser.add_argument("--submits", type=int, default=10, help="submissions per thread")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--keep", type=Path, help="build here and keep the files (default: a temp folder)")
    parser.add_argument("--only-tick", action="store_true", help="build, then time only the full scheduler passes")
    parser.add_argument("--no-http", action="store_true", help="skip the saves over HTTP")
    args = parser.parse_args(argv)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="verksted-bench-"))
    try:
        return _run(args, workdir)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, workdir: Path) -> int:
    started = time.perf_counter()
    # the national store is an instance's data folder, so a real app can run full passes over it
    national, targets = build.build_installation(workdir / "national" / "data", args.programmes, args.teams, args.seed)
    single = Store(workdir / "single" / "data")  # an instance's data folder, so a server can run on it
    first = build.programme_id(0)
    build.clone_programme(national, first, single, first, build.START + timedelta(days=700))
    single_targets = [t for t in targets if t.pid == first]
    built = time.perf_counter() - started
    size, files = _disk(national.root)
    team = national.teams_dir(first) / "team-01"
    print(
        f"Built {args.programmes} programmes × {args.teams} teams in {built:.0f} s: "
        f"{size / 2**20:.0f} MiB in {files} files. Per team: drafts {_kib(team / 'drafts')} KiB in "
        f"{len(list((team / 'drafts').glob('*.json')))} files, deliveries {_kib(team / 'deliveries.json')} KiB, "
        f"answers {_kib(team / 'answers')} KiB in {len(list((team / 'answers').glob('*.json')))} files; "
        f"per programme: programme file {_kib(national.programme_file(first))} KiB, event log "
        f"{_kib(national.programme_dir(first) / 'events.jsonl')} KiB."
    )

    if args.only_tick:
        return _report_ticks(args, workdir, national)
    cache.CACHE.clear()
    rows = []
    one = measure.draft_saves(single, single_targets, args.threads, args.saves, args.seed)
    nat = measure.draft_saves(national, targets, args.threads, args.saves, args.seed)
    rows.append(("draft save, one programme", one))
    rows.append(("draft save, national", nat))
    submit = measure.submissions(national, targets, args.threads, args.submits, args.seed)
    first, cold, warm, seen = measure.cold_and_warm(national)

    print(f"\n{args.threads} concurrent threads, back to back (ms)   median      p99      n   outcomes")
    for label, timing in (*rows, ("submit (new version), national", submit)):
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(timing.outcomes.items()))
        print(f"  {label:<44}{timing.median_ms():8.1f} {timing.p99_ms():8.1f} {len(timing.samples):6d}   {outcomes}")
    ratio_median, ratio_p99 = nat.median_ms() / one.median_ms(), nat.p99_ms() / one.p99_ms()
    print(f"  {'ratio national / one programme':<44}{ratio_median:7.2f}× {ratio_p99:7.2f}×")
    print(
        f"\nScheduler pass reads ({args.programmes} programmes, {seen} records): first ever {first * 1000:.0f} ms, "
        f"fresh process {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms"
    )
    print(
        f"Saves per second, national: {len(nat.samples) / nat.wall:.0f}; "
        f"total run {time.perf_counter() - started:.0f} s"
    )

    over = [
        name
        for name, ok in (
            ("median", nat.median_ms() <= BUDGET["median_ms"]),
            ("p99", nat.p99_ms() <= BUDGET["p99_ms"]),
            ("ratio", ratio_median <= BUDGET["ratio"]),
            ("pass", max(cold, warm) <= BUDGET["pass_s"]),
        )
        if not ok
    ]
    print(
        "Budget (save ≤ 50 ms median, ≤ 100 ms p99, ≤ 1.5× one programme; pass ≤ 1 s): "
        + ("met" if not over else f"NOT met: {', '.join(over)}")
    )
    status = 1 if over else 0
    if not args.no_http:
        status = max(status, _report_http(args, national, targets, single, single_targets))
    return max(status, _report_ticks(args, workdir, national))


def _report_http(args: argparse.Namespace, national: Store, targets: list, single: Store, single_targets: list) -> int:
    """Saving a form over HTTP (``bench.http``): people at a pace, and back to back; 1 if over budget."""
    runs = [
        ("save, 16 people ~1 s apart, national", national, targets, False, 1.0),
        ("save, 16 people ~1 s apart, one programme", single, single_targets, False, 1.0),
        ("autosave, 16 people ~1 s apart, national", national, targets, True, 1.0),
        ("save, back to back (the ceiling), national", national, targets, False, 0.0),
        ("autosave, back to back (the ceiling), national", national, targets, True, 0.0),
    ]
    print(f"\nSaving a form over HTTP (flask serve's waitress, {args.threads} threads), ms   median      p99      n")
    timings = {}
    for label, store, chosen, autosave, pace in runs:
        timing = http.form_saves(store, chosen, args.threads, 20, args.seed, autosave=autosave, pace=pace)
        timings[label] = timing
        rate = f"   {len(timing.samples) / timing.wall:.0f}/s" if not pace else ""
        print(f"  {label:<52}{timing.median_ms():8.1f} {timing.p99_ms():8.1f} {len(timing.samples):6d}{rate}")
    nat, one = timings[runs[0][0]], timings[runs[1][0]]
    ratio = nat.median_ms() / one.median_ms()
    print(f"  {'ratio national / one programme (at a pace)':<52}{ratio:7.2f}×")
    over = [
        name
        for name, ok in (
            ("median", nat.median_ms() <= BUDGET["median_ms"]),
            ("p99", nat.p99_ms() <= BUDGET["p99_ms"]),
            ("ratio", ratio <= BUDGET["ratio"]),
        )
        if not ok
    ]
    print(
        "Budget over HTTP (16 people saving: ≤ 50 ms median, ≤ 100 ms p99, ≤ 1.5× one programme): "
        + ("met" if not over else f"NOT met: {', '.join(over)}")
    )
    return 1 if over else 0


def _report_ticks(args: argparse.Namespace, workdir: Path, national: Store) -> int:
    """Time full scheduler passes (``bench.tick``) and print them; 1 if one is over the 1 s budget."""
    timed = tick.measure_ticks(workdir / "national", national, args.teams, args.seed)
    budget = BUDGET["pass_s"]
    rows = [
        (f"nothing due, {args.programmes} programmes", timed.idle_cold, timed.idle_warm),
        (f"a typical day: {timed.busy_sent} messages to the mailbox", timed.busy_cold, timed.busy_warm),
    ]
    print("\nFull scheduler pass (tick), ms                        cold     warm")
    for label, cold, warm in rows:
        verdicts = ", ".join(
            f"{name} {'met' if seconds <= budget else 'NOT met'}" for name, seconds in (("cold", cold), ("warm", warm))
        )
        print(f"  {label:<48}{cold * 1000:8.0f} {warm * 1000:8.0f}   budget {budget:.0f} s: {verdicts}")
    print(
        f"  (medians of three; cold: a fresh process, as `flask tick` from cron; warm: `flask serve`; "
        f"{timed.programmes} programmes on the typical day)"
    )
    return 0 if max(max(cold, warm) for _, cold, warm in rows) <= budget else 1


def _disk(root: Path) -> tuple[int, int]:
    size = files = 0
    for folder, _, names in os.walk(root):
        for name in names:
            size += os.path.getsize(os.path.join(folder, name))
            files += 1
    return size, files


def _kib(path: Path) -> int:
    if path.is_dir():
        return round(sum(p.stat().st_size for p in path.glob("*.json")) / 1024)
    return round(path.stat().st_size / 1024) if path.exists() else 0


if __name__ == "__main__":
    sys.exit(main())
