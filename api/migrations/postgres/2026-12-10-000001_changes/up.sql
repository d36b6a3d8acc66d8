-- The change feed (`GET /api/v1/changes`): a compacted log of what the public sees, read in
-- (effective_at, seq) order. Per slug it keeps only the latest entry in effect, plus, for a
-- scheduled piece, the one that takes effect at its `published_at`. Rows outlive their
-- publication (no foreign key), so a deleted piece leaves its tombstone.
CREATE TABLE changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL,
    -- The publication whose current state a `published`/`updated` entry carries; null for
    -- tombstones.
    publication_id BIGINT,
    change TEXT NOT NULL CHECK (change IN ('published', 'updated', 'withdrawn', 'removed')),
    -- When the change is seen: the later of the write and the publication's `published_at`.
    effective_at TIMESTAMP NOT NULL
);
CREATE INDEX changes_order ON changes (effective_at, seq);
CREATE INDEX changes_slug ON changes (slug);

-- Everything published so far enters the log once, in the order it was last written.
INSERT INTO changes (slug, publication_id, change, effective_at)
SELECT slug, id, 'published', GREATEST(published_at, updated_at)
FROM publications
WHERE status = 'published'
ORDER BY GREATEST(published_at, updated_at), id;
