"""Pure derivations for pages and documents: what the leader and the steering group read.

No Flask, no store, no clock: each function takes what it needs (a :class:`~engine.cycle.Run`,
template views, stored answers as plain data, ``now``) and returns values the pages, the CLI and
the exports render.

- ``summary``: counts by status and the next deadline (programme list, matrix, ``programme list``);
- ``timeline``: the geometry of a programme's timeline (drawn as SVG by the admin page);
- ``docdiff``: two versions of a document side by side, changed words marked;
- ``evaluations``: what participants said about a gathering (counts, averages, free text).
"""
