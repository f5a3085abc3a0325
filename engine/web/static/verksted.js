/* Progressive enhancement for Verksted pages (no page depends on it). */
