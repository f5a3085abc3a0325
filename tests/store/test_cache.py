"""The process-wide cache of parsed files (``engine.store.cache``)."""

from __future__ import annotations

from engine.store.cache import FileCache


def test_a_lookup_with_another_version_key_misses():
    cache = FileCache(1000)
    cache.put("/a", (1, 10), {"x": 1}, 10)
    assert cache.get("/a", (1, 10)) == {"x": 1}
    assert cache.get("/a", (2, 10)) is None
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)


def test_the_least_recently_used_files_go_first_when_over_the_bound():
    cache = FileCache(100)
    for name in "abc":
        cache.put(f"/{name}", 1, name, 40)
    assert cache.get("/a", 1) is None and cache.get("/b", 1) == "b" and cache.size == 80
    cache.get("/b", 1)
    cache.put("/d", 1, "d", 40)
    assert cache.get("/c", 1) is None and cache.get("/b", 1) == "b"


def test_a_file_larger_than_the_bound_is_not_kept():
    cache = FileCache(100)
    cache.put("/big", 1, "big", 101)
    assert cache.get("/big", 1) is None and cache.size == 0


def test_shrinking_evicts_at_once_and_a_folder_can_be_forgotten():
    cache = FileCache(1000)
    for name in ("/p/a", "/p/b", "/q/c"):
        cache.put(name, 1, name, 100)
    cache.invalidate_tree("/p")
    assert cache.get("/p/a", 1) is None and cache.get("/q/c", 1) == "/q/c"
    cache.resize(50)
    assert cache.size == 0
