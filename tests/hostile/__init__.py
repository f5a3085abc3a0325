"""The hostile-input suite: random and malicious posts to every form and every URL (issue #12)."""
