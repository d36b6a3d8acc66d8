-- Full-text search. The rowid is the publication's id; the text is computed by the server
-- from each record (the body as plain text, questions and answers included) and written in
-- the same transaction as the publication. Porter stemming, accents folded.
CREATE VIRTUAL TABLE publication_search USING fts5(
    title, lead, speakers, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Set here so that the server fills the index from the stored records once, at its next
-- start (the text is computed in Rust, not SQL); cleared in the transaction that does it.
CREATE TABLE search_backfill (pending BOOLEAN NOT NULL);
INSERT INTO search_backfill (pending) VALUES (TRUE);
