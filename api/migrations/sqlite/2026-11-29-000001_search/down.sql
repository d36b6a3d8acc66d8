DROP TABLE search_backfill;
DROP TABLE publication_search;
