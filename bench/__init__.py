"""The performance benchmarks: ``python -m bench`` (``make bench``), a few minutes.

Builds, in a temporary folder, a national-size installation (60 programmes × 15 teams of 3–5
members, each team's 11 assignments of the shipped forms filled in and delivered in two versions,
drafts, two years of mail and events; see ``build``) and a one-programme installation, then
measures, in one run and side by side (see ``http`` and ``tick``):

- a bare Flask page on Verksted's own server (gunicorn, ``bench.bare``) with N workers and with
  one: the ceiling of this server, machine and client;
- full-page saves back to back by 16 clients through ``flask serve --workers 1`` and
  ``--workers N`` (N: the number of cores), their share of the bare page, and autosaves;
- 16 people saving (and autosaving) about once a second, in the national installation and in
  one programme;
- ``flask tick`` from a fresh process over every programme, on a day with nothing due and on a
  typical day, and the same passes in a running server;
- the memory of all server processes together (RSS, and PSS, which counts shared pages once).

It prints a table (the README keeps the latest), writes the figures as one JSON object with
``--json PATH`` (``report`` names the keys), and exits 1 if a target of the performance issue is
missed. ``--programmes``, ``--teams``, ``--saves`` … scale it down; ``--keep DIR`` keeps the
files; ``--only-tick`` builds and times only the passes; ``--store`` adds the store alone (DESIGN
§5's draft save and submission without HTTP). Servers' own logs go to ``servers.log`` in the work
folder, never between the table's lines.
"""
