-- Facet counts (`/kinds`, `/archive`) group what the public sees by kind or by month: with
-- the kind beside the visibility columns, they read this index alone and never the table.
CREATE INDEX publications_visible_kind ON publications (status, published_at, kind);
