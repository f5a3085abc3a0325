"""The budget benchmarks of DESIGN §5 ("Budget"): ``python -m bench`` (``make bench``).

Builds a national-size installation (60 programmes × 15 teams, every delivered form in two
versions) and a one-programme installation in a temporary folder, then measures what the budget
names: saving a form (``drafts.save_draft``, which logs its ``draft_saved`` event) with 16
concurrent users, in both installations and their ratio, and reading everything a scheduler pass
needs, cold (empty process cache) and warm. Prints a small table; the README quotes it.
"""
