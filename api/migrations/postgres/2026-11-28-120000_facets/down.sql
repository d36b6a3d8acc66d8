DROP INDEX publications_visible_kind;
