"""Who gets in: admin accounts, members' personal links, signed evaluation links, throttles.

- ``accounts``: admin accounts with Werkzeug password hashes, checking a log-in;
- ``links``: minting and resolving member tokens (only their SHA-256 is stored), evaluation
  links signed with the secret key, :data:`~engine.access.links.LINK_MARKER`;
- ``team``: what a member's link opens (:func:`~engine.access.team.resolve_access` →
  :class:`~engine.access.team.TeamAccess`), who holds links, minting links for a team;
- ``throttle``: counting failed attempts (log-ins, link guesses) in a sliding window;
- ``redact``: no token in any log line (a record factory) or recorded error.
"""
