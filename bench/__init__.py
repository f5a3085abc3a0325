"""The budget benchmarks of DESIGN §5 ("Budget"): ``python -m bench`` (``make bench``), about a minute.

Builds, in a temporary folder, a national-size installation (60 programmes × 15 teams of 3–5
members, each team's 11 assignments delivered in two versions, drafts, two years of mail and
events; see ``build``) and a one-programme installation, then measures with 16 threads that save
back to back with no pause (harsher than 16 people, who read and type between saves):

- saving a form — ``drafts.save_draft``, which also logs ``draft_saved`` — median and p99, in
  both installations, and their ratio;
- submitting a new version (``deliveries.submit``), for comparison;
- the reads of a scheduler pass (every programme, its deliveries, its outbox keys and due mail):
  the first ever (no journal checkpoints yet), in a fresh process (``flask tick`` from cron), and
  in a warm process (the server's scheduler);
- full scheduler passes (``tick``, see ``bench.tick``): nothing due, and a typical day's burst of
  mail to the local mailbox, each cold and warm.

Prints a small table (the README quotes it) and exits 1 if a figure is over budget.
``--programmes``, ``--saves`` … scale it down; ``--keep DIR`` keeps the files for a look;
``--only-tick`` builds and times only the full passes.
"""
