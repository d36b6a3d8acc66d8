-- Full-text search. The text is computed by the server from each record (the body as plain
-- text, questions and answers included) and written in the same transaction as the
-- publication; the weighted vector (title A, lead and speakers B, body C) follows from it.
CREATE TABLE publication_search (
    publication_id BIGINT PRIMARY KEY REFERENCES publications (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    speakers TEXT NOT NULL,
    body TEXT NOT NULL,
    document tsvector NOT NULL GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', lead), 'B')
        || setweight(to_tsvector('english', speakers), 'B')
        || setweight(to_tsvector('english', body), 'C')
    ) STORED
);
CREATE INDEX publication_search_document ON publication_search USING GIN (document);

-- Set here so that the server fills the index from the stored records once, at its next
-- start (the text is computed in Rust, not SQL); cleared in the transaction that does it.
CREATE TABLE search_backfill (pending BOOLEAN NOT NULL);
INSERT INTO search_backfill (pending) VALUES (TRUE);
