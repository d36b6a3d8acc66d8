//! Diesel's view of the tables in `migrations/`; both backends share it, so every column uses
//! a type SQLite and PostgreSQL agree on (instants are UTC `Timestamp`s).

diesel::table! {
    site (id) {
        id -> BigInt,
        name -> Text,
        home_time_zone -> Text,
        publications_version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contacts (id) {
        id -> BigInt,
        label -> Text,
        phone -> Text,
        position -> Integer,
    }
}

diesel::table! {
    clocks (id) {
        id -> BigInt,
        label -> Text,
        time_zone -> Text,
        position -> Integer,
    }
}

diesel::table! {
    counters (id) {
        id -> BigInt,
        slug -> Text,
        label -> Text,
        caption -> Text,
        event_date -> Date,
        time_zone -> Text,
        position -> Integer,
    }
}

diesel::table! {
    publications (id) {
        id -> BigInt,
        slug -> Text,
        status -> Text,
        lang -> Text,
        translation_group -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        lead -> Text,
        body -> Text,
        speakers -> Text,
        tags -> Text,
        place -> Nullable<Text>,
        occurred_on -> Nullable<Date>,
        published_at -> Timestamp,
        featured -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        author -> Nullable<Text>,
        change_note -> Nullable<Text>,
    }
}

diesel::table! {
    publication_speakers (publication_id, position) {
        publication_id -> BigInt,
        position -> Integer,
        name -> Text,
        name_key -> Text,
    }
}

diesel::table! {
    tags (id) {
        id -> BigInt,
        slug -> Text,
    }
}

diesel::table! {
    publication_tags (publication_id, tag_id) {
        publication_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::joinable!(publication_speakers -> publications (publication_id));
diesel::joinable!(publication_tags -> publications (publication_id));
diesel::joinable!(publication_tags -> tags (tag_id));

diesel::allow_tables_to_appear_in_same_query!(
    site,
    contacts,
    clocks,
    counters,
    publications,
    publication_speakers,
    tags,
    publication_tags,
);

diesel::table! {
    users (id) {
        id -> BigInt,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        created_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
        removed_at -> Nullable<Timestamp>,
        password_changed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        name -> Text,
        role -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        owner -> Nullable<Text>,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        target -> Text,
        actor_kind -> Text,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    revisions (id) {
        id -> BigInt,
        publication_id -> BigInt,
        number -> Integer,
        saved_at -> Timestamp,
        actor -> Text,
        change_note -> Nullable<Text>,
        record -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        csrf_token -> Text,
        user_name -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_seen_at -> Nullable<Timestamp>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        slug -> Text,
        publication_id -> Nullable<BigInt>,
        change -> Text,
        effective_at -> Timestamp,
    }
}

// Set by the search migration until the index has been filled from the stored records. The
// index itself (`publication_search`) differs by backend (an FTS5 table in SQLite, a table
// with a generated `tsvector` in PostgreSQL) and is queried with SQL in `db/search.rs`.
diesel::table! {
    search_backfill (pending) {
        pending -> Bool,
    }
}
