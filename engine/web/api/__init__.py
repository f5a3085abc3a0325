"""The read-only JSON API, ``/api/v1``, for leaders' own tools and the municipality's other systems.

Every call but the OpenAPI document needs ``Authorization: Bearer <token>`` (``engine.access.api``);
without a valid token it gets 401 and never data, outside the token's scope 403. Views parse the
query, call one function of ``engine.exports.api`` and return its JSON; ``openapi`` is the document
(OpenAPI 3.1) that says all of it, served at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from .views import bp

__all__ = ["bp"]
