-- Chancery's first schema (SQLite). Instants are UTC; dates are calendar dates.
CREATE TABLE site (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    home_time_zone TEXT NOT NULL,
    -- Bumped by triggers on every change to publications, their tags or speakers, so any API
    -- node can tell whether what it derived from the list (totals, page boundaries) is current.
    publications_version BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    phone TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE clocks (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE counters (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    caption TEXT NOT NULL,
    event_date DATE NOT NULL,
    time_zone TEXT NOT NULL,
    position INTEGER NOT NULL
);

-- Small columns first and the body last, so filtering and ordering never read through a
-- body's overflow pages. speakers and tags are kept as JSON arrays for reading a page in one
-- query, and in the join tables below for filtering; both are written in one transaction.
-- A publication is public when it is `published` and its `published_at` has come: a future
-- `published_at` means scheduled.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'withdrawn')),
    kind TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    featured BOOLEAN NOT NULL DEFAULT FALSE,
    lang TEXT NOT NULL DEFAULT 'en',
    translation_group TEXT,
    occurred_on DATE,
    place TEXT,
    speakers TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Who added it (a staff name); null for imported and demo content.
    author TEXT,
    -- Shown with a published correction, as GOV.UK's change history does.
    change_note TEXT,
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX publications_visible ON publications (status, published_at DESC, id DESC);
CREATE INDEX publications_order ON publications (published_at DESC, id DESC);
CREATE INDEX publications_kind ON publications (kind, published_at DESC, id DESC);
CREATE INDEX publications_featured ON publications (published_at DESC, id DESC) WHERE featured;
CREATE INDEX publications_translation_group ON publications (translation_group);

CREATE TABLE publication_speakers (
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    PRIMARY KEY (publication_id, position)
);
CREATE INDEX publication_speakers_name ON publication_speakers (name_key, publication_id);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE
);

CREATE TABLE publication_tags (
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (publication_id, tag_id)
);
CREATE INDEX publication_tags_tag ON publication_tags (tag_id, publication_id);

CREATE TRIGGER publications_insert_bumps_version AFTER INSERT ON publications
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publications_update_bumps_version AFTER UPDATE ON publications
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publications_delete_bumps_version AFTER DELETE ON publications
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publication_speakers_insert_bumps_version AFTER INSERT ON publication_speakers
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publication_speakers_update_bumps_version AFTER UPDATE ON publication_speakers
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publication_speakers_delete_bumps_version AFTER DELETE ON publication_speakers
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publication_tags_insert_bumps_version AFTER INSERT ON publication_tags
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publication_tags_update_bumps_version AFTER UPDATE ON publication_tags
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;

CREATE TRIGGER publication_tags_delete_bumps_version AFTER DELETE ON publication_tags
BEGIN
    UPDATE site SET publications_version = publications_version + 1;
END;
