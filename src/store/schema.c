/* schema.c - the store's tables, written once for both backends (docs/store.md explains
 * them), and opening a store: create what is missing, check the version and the dedup key.
 *
 * The dedup key is a property of the store, not of one run: events keyed two ways in one
 * table could never be merged again, so a store keeps the key it was created with and a
 * run asking for another one is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* Where it happened (schema version 2). A mention keeps the location its document gave it
 * and the places its text states for the source and the target (as JSON, the objects
 * `parley code` writes); an event keeps one mention's location (loc_mention: the
 * earliest report that states where, else the earliest with any location), copied so
 * that filters on the country or the place read the events table alone. */
#define MENTION_LOCATION_COLS                                                            \
    ", loc_name TEXT{C}, loc_country TEXT{C}, loc_adm1 TEXT{C}, loc_lat {REAL},"          \
    " loc_lon {REAL}, loc_type TEXT{C}, loc_precision TEXT{C}, loc_geonames_id BIGINT,"   \
    " loc_text TEXT, loc_start INTEGER, loc_end INTEGER, source_location TEXT,"           \
    " target_location TEXT"
#define EVENT_LOCATION_COLS                                                              \
    ", loc_mention BIGINT, loc_name TEXT{C}, loc_country TEXT{C}, loc_adm1 TEXT{C},"     \
    " loc_lat {REAL}, loc_lon {REAL}, loc_type TEXT{C}, loc_precision TEXT{C},"           \
    " loc_geonames_id BIGINT, loc_text TEXT"

/* Upgrading a version 1 store: the same columns, added (NULL in the rows already there). */
static const char *const upgrade_v2[] = {
    "ALTER TABLE mentions ADD COLUMN loc_name TEXT{C}",
    "ALTER TABLE mentions ADD COLUMN loc_country TEXT{C}",
    "ALTER TABLE mentions ADD COLUMN loc_adm1 TEXT{C}",
    "ALTER TABLE mentions ADD COLUMN loc_lat {REAL}",
    "ALTER TABLE mentions ADD COLUMN loc_lon {REAL}",
    "ALTER TABLE mentions ADD COLUMN loc_type TEXT{C}",
    "ALTER TABLE mentions ADD COLUMN loc_precision TEXT{C}",
    "ALTER TABLE mentions ADD COLUMN loc_geonames_id BIGINT",
    "ALTER TABLE mentions ADD COLUMN loc_text TEXT",
    "ALTER TABLE mentions ADD COLUMN loc_start INTEGER",
    "ALTER TABLE mentions ADD COLUMN loc_end INTEGER",
    "ALTER TABLE mentions ADD COLUMN source_location TEXT",
    "ALTER TABLE mentions ADD COLUMN target_location TEXT",
    "ALTER TABLE events ADD COLUMN loc_mention BIGINT",
    "ALTER TABLE events ADD COLUMN loc_name TEXT{C}",
    "ALTER TABLE events ADD COLUMN loc_country TEXT{C}",
    "ALTER TABLE events ADD COLUMN loc_adm1 TEXT{C}",
    "ALTER TABLE events ADD COLUMN loc_lat {REAL}",
    "ALTER TABLE events ADD COLUMN loc_lon {REAL}",
    "ALTER TABLE events ADD COLUMN loc_type TEXT{C}",
    "ALTER TABLE events ADD COLUMN loc_precision TEXT{C}",
    "ALTER TABLE events ADD COLUMN loc_geonames_id BIGINT",
    "ALTER TABLE events ADD COLUMN loc_text TEXT",
    /* the documents were coded before locations were kept: the next ingest of each codes it
     * again (its coder no longer matches), which fills its mentions' locations */
    "UPDATE documents SET coder = NULL",
    "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
};

static const char *const tables[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT{C} PRIMARY KEY, value TEXT NOT NULL)",

    "CREATE TABLE IF NOT EXISTS coders ("
    " id {PK},"
    " fingerprint TEXT{C} NOT NULL UNIQUE,"
    " parley_version TEXT NOT NULL,"
    " dictionaries TEXT NOT NULL,"
    " options TEXT NOT NULL,"
    " first_used TEXT NOT NULL)",

    "CREATE TABLE IF NOT EXISTS documents ("
    " id {PK},"
    " doc_id TEXT{C} NOT NULL UNIQUE,"
    " pub_date INTEGER,"
    " outlet TEXT{C},"
    " url TEXT,"
    " title TEXT,"
    " content_hash TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " error TEXT,"
    " input TEXT,"
    " n_sentences INTEGER,"
    " n_events INTEGER NOT NULL DEFAULT 0,"
    " coder BIGINT,"
    " ingested_at TEXT NOT NULL)",

    "CREATE TABLE IF NOT EXISTS events ("
    " id {PK},"
    " dedup_key TEXT{C} NOT NULL UNIQUE,"
    " date INTEGER NOT NULL,"
    " day INTEGER NOT NULL,"
    " source TEXT{C} NOT NULL,"
    " target TEXT{C} NOT NULL,"
    " code TEXT{C} NOT NULL,"
    " root TEXT{C} NOT NULL,"
    " quad INTEGER,"
    " goldstein {REAL},"
    " modality TEXT{C},"
    " negated INTEGER NOT NULL DEFAULT 0,"
    " num_mentions INTEGER NOT NULL DEFAULT 0,"
    " num_sources INTEGER NOT NULL DEFAULT 0,"
    " num_articles INTEGER NOT NULL DEFAULT 0,"
    " first_mention BIGINT"
    EVENT_LOCATION_COLS ")",

    "CREATE TABLE IF NOT EXISTS mentions ("
    " id {PK},"
    " doc BIGINT NOT NULL REFERENCES documents (id),"
    " idx INTEGER NOT NULL,"
    " event BIGINT NOT NULL REFERENCES events (id),"
    " sentence INTEGER NOT NULL,"
    " date INTEGER NOT NULL,"
    " day INTEGER NOT NULL,"
    " source TEXT{C} NOT NULL,"
    " target TEXT{C} NOT NULL,"
    " code TEXT{C} NOT NULL,"
    " source_text TEXT,"
    " target_text TEXT,"
    " sentence_start INTEGER, sentence_end INTEGER,"
    " verb_start INTEGER, verb_end INTEGER,"
    " source_start INTEGER, source_end INTEGER,"
    " target_start INTEGER, target_end INTEGER,"
    " verb TEXT,"
    " pattern TEXT,"
    " pattern_file TEXT,"
    " pattern_line INTEGER,"
    " sentence_text TEXT,"
    " date_precision INTEGER,"
    " modality TEXT{C},"
    " negated INTEGER NOT NULL DEFAULT 0,"
    " attribution TEXT"
    MENTION_LOCATION_COLS ","
    " UNIQUE (doc, idx))",

    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event)",
    /* covers the dyad time series: no table access for counts and Goldstein sums */
    "CREATE INDEX IF NOT EXISTS events_dyad ON events (source, target, day, goldstein)",
    "CREATE INDEX IF NOT EXISTS events_target ON events (target, day)",
    "CREATE INDEX IF NOT EXISTS events_day ON events (day)",
    "CREATE INDEX IF NOT EXISTS events_code ON events (code)",
    "CREATE INDEX IF NOT EXISTS documents_outlet ON documents (outlet)",
};

/* Indexes on the columns schema version 2 added: made after an upgrade has added them. */
static const char *const indexes_v2[] = {
    "CREATE INDEX IF NOT EXISTS events_country ON events (loc_country, day)",
};

/* Per-connection staging tables: a batch is loaded here, then merged by set-based SQL. */
static const char *const staging[] = {
    "CREATE TEMP TABLE IF NOT EXISTS s_docs ("
    " doc_id TEXT{C} PRIMARY KEY, pub_date INTEGER, outlet TEXT, url TEXT, title TEXT,"
    " content_hash TEXT NOT NULL, status TEXT NOT NULL, error TEXT, input TEXT,"
    " n_sentences INTEGER, n_events INTEGER, todo INTEGER NOT NULL DEFAULT 1)",

    "CREATE TEMP TABLE IF NOT EXISTS s_mentions ("
    " doc_id TEXT{C} NOT NULL, idx INTEGER NOT NULL, dedup_key TEXT{C} NOT NULL,"
    " date INTEGER NOT NULL, day INTEGER NOT NULL, sentence INTEGER NOT NULL,"
    " source TEXT{C} NOT NULL, target TEXT{C} NOT NULL, code TEXT{C} NOT NULL,"
    " root TEXT{C} NOT NULL, quad INTEGER, goldstein {REAL},"
    " source_text TEXT, target_text TEXT, sentence_start INTEGER, sentence_end INTEGER,"
    " verb_start INTEGER, verb_end INTEGER, source_start INTEGER, source_end INTEGER,"
    " target_start INTEGER, target_end INTEGER, verb TEXT, pattern TEXT, pattern_file TEXT,"
    " pattern_line INTEGER, sentence_text TEXT, date_precision INTEGER, modality TEXT,"
    " negated INTEGER NOT NULL, attribution TEXT" MENTION_LOCATION_COLS ")",

    "CREATE INDEX IF NOT EXISTS s_mentions_key ON s_mentions (dedup_key)",
    "CREATE INDEX IF NOT EXISTS s_mentions_doc ON s_mentions (doc_id)",

    "CREATE TEMP TABLE IF NOT EXISTS s_keys (dedup_key TEXT{C} PRIMARY KEY)",

    "CREATE TEMP TABLE IF NOT EXISTS s_check (doc_id TEXT{C} NOT NULL, content_hash TEXT NOT NULL)",
};

int schema_check_table(db *d, parley_error *err)
{
    return db_run(d, staging[sizeof staging / sizeof staging[0] - 1], NULL, 0, NULL, NULL, err);
}

typedef struct meta_row {
    char dedup[32];
    char version[16];
    int found;
} meta_row;

static int read_meta(void *ud, int n, const char *const *v)
{
    meta_row *m = ud;
    if (n < 2 || !v[0] || !v[1])
        return 0;
    if (strcmp(v[0], "dedup") == 0) {
        snprintf(m->dedup, sizeof m->dedup, "%s", v[1]);
        m->found = 1;
    } else if (strcmp(v[0], "schema_version") == 0) {
        snprintf(m->version, sizeof m->version, "%s", v[1]);
    }
    return 0;
}

static int run_all(db *d, const char *const *sql, size_t n, parley_error *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = db_run(d, sql[i], NULL, 0, NULL, NULL, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Version 1 -> 2: the location columns. On PostgreSQL in a transaction of its own (under
 * the creation lock), so an upgrade stopped half-way leaves version 1 whole; on SQLite
 * inside the creation's transaction. */
static int upgrade(db *d, meta_row *m, parley_error *err)
{
    int rc = d->kind == DB_PG ? d->ops->begin(d, err) : 0;
    if (rc == 0)
        rc = run_all(d, upgrade_v2, sizeof upgrade_v2 / sizeof upgrade_v2[0], err);
    if (d->kind == DB_PG) {
        if (rc == 0)
            rc = d->ops->commit(d, err);
        else
            d->ops->rollback(d);
    }
    if (rc == 0)
        snprintf(m->version, sizeof m->version, "%s", STORE_SCHEMA_VERSION);
    return rc;
}

static int create(parley_store *s, const parley_store_opts *opts, meta_row *m, parley_error *err)
{
    db *d = s->db;
    int rc;
    /* Several processes may open a new database at once: on PostgreSQL concurrent
     * CREATE TABLE IF NOT EXISTS can still collide, so creation is serialized by an
     * advisory lock; SQLite's write lock does the same. */
    if (d->kind == DB_PG)
        rc = db_run(d, "SELECT pg_advisory_lock(123456789012)", NULL, 0, NULL, NULL, err);
    else
        rc = d->ops->begin(d, err);
    if (rc < 0)
        return rc;
    rc = run_all(d, tables, sizeof tables / sizeof tables[0], err);
    if (rc == 0) {
        char dd[32];
        int mode = opts && opts->dedup ? opts->dedup : PARLEY_DEDUP_DAY;
        if (mode == PARLEY_DEDUP_WINDOW)
            snprintf(dd, sizeof dd, "window:%d", opts->window_days);
        else
            snprintf(dd, sizeof dd, "%s", dedup_name(mode));
        db_val p[2] = {dbv_text("dedup"), dbv_text(dd)};
        const char *ins =
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
        rc = db_run(d, ins, p, 2, NULL, NULL, err);
        db_val v[2] = {dbv_text("schema_version"), dbv_text(STORE_SCHEMA_VERSION)};
        if (rc == 0)
            rc = db_run(d, ins, v, 2, NULL, NULL, err);
        db_val c[2] = {dbv_text("created_by"), dbv_text("parley " PARLEY_VERSION)};
        if (rc == 0)
            rc = db_run(d, ins, c, 2, NULL, NULL, err);
        if (rc == 0)
            rc = db_run(d, "SELECT key, value FROM meta", NULL, 0, read_meta, m, err);
        if (rc == 0 && strcmp(m->version, "1") == 0)
            rc = upgrade(d, m, err);
        if (rc == 0)
            rc = run_all(d, indexes_v2, sizeof indexes_v2 / sizeof indexes_v2[0], err);
    }
    if (d->kind == DB_PG) {
        parley_error e2;
        db_run(d, "SELECT pg_advisory_unlock(123456789012)", NULL, 0, NULL, NULL, &e2);
    } else if (rc == 0) {
        rc = d->ops->commit(d, err);
    } else {
        d->ops->rollback(d);
    }
    return rc;
}

int schema_open(parley_store *s, const parley_store_opts *opts, parley_error *err)
{
    meta_row m;
    memset(&m, 0, sizeof m);
    int rc;
    if (s->read_only) {
        rc = db_run(s->db, "SELECT key, value FROM meta", NULL, 0, read_meta, &m, err);
        if (rc < 0 || !m.found) {
            if (err) {
                err->code = PARLEY_ESTORE;
                snprintf(err->msg, sizeof err->msg,
                         "not a parley store (no events were ingested into it)");
            }
            return PARLEY_ESTORE;
        }
    } else {
        rc = create(s, opts, &m, err);
        if (rc < 0)
            return rc;
        rc = run_all(s->db, staging, sizeof staging / sizeof staging[0], err);
        if (rc < 0)
            return rc;
    }
    if (s->read_only && strcmp(m.version, "1") == 0) {
        if (err) {
            parley_error_clear(err);
            err->code = PARLEY_ESTORE;
            snprintf(err->msg, sizeof err->msg,
                     "the store has schema version 1, from before parley kept event locations: "
                     "open it once for writing to upgrade it (parley ingest --db STORE /dev/null), "
                     "then ingest its documents again to place their events");
        }
        return PARLEY_ESTORE;
    }
    if (strcmp(m.version, STORE_SCHEMA_VERSION) != 0) {
        db_error(err, "the store was written by another version of parley (schema version)",
                 m.version);
        return PARLEY_ESTORE;
    }
    if (dedup_parse(m.dedup, &s->dedup, &s->window_days) < 0) {
        db_error(err, "the store's dedup setting is not understood", m.dedup);
        return PARLEY_ESTORE;
    }
    int other_window = s->dedup == PARLEY_DEDUP_WINDOW && opts && opts->window_days != s->window_days;
    if (opts && opts->dedup && (opts->dedup != s->dedup || other_window)) {
        char want[32];
        if (opts->dedup == PARLEY_DEDUP_WINDOW)
            snprintf(want, sizeof want, "window:%d", opts->window_days);
        else
            snprintf(want, sizeof want, "%s", dedup_name(opts->dedup));
        parley_error_clear(err);
        if (err) {
            err->code = PARLEY_EARG;
            snprintf(err->msg, sizeof err->msg,
                     "the store deduplicates by \"%s\", not \"%s\": a store keeps the key it was "
                     "created with (use a new store for another key)", m.dedup, want);
        }
        return PARLEY_EARG;
    }
    return 0;
}
