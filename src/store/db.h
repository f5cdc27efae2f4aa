/* db.h - the one interface the store speaks to its two databases through.
 *
 * The store's logic (schema, batches, deduplication, queries) is SQL written once, run by
 * SQLite (db_sqlite.c) or PostgreSQL (db_pg.c). The few dialect differences are tokens in
 * the SQL text that db_render() replaces:
 *
 *     {PK}        the surrogate key column type (INTEGER PRIMARY KEY / identity BIGINT)
 *     {REAL}      a double (REAL / DOUBLE PRECISION)
 *     {C}         byte-order collation for codes and keys (nothing / COLLATE "C")
 *     {AGG}       string aggregation (group_concat / string_agg)
 *     {LOCK}      "FOR UPDATE" on PostgreSQL, nothing on SQLite (which locks the file)
 *     {LOCKROW}   the conflict action of an upsert on events(dedup_key) that keeps the
 *                 existing row but locks it (PostgreSQL); DO NOTHING on SQLite
 *
 * Parameters are written $1, $2, ... in both dialects. Results come back as text (NULL
 * for SQL NULL): the store formats numbers itself so both backends print the same. */
#ifndef PARLEY_STORE_DB_H
#define PARLEY_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "../../include/parley.h"

enum { DB_SQLITE = 1, DB_PG = 2 };
enum { DBV_NULL = 0, DBV_INT, DBV_REAL, DBV_TEXT };

typedef struct db_val {
    int type;          /* DBV_* */
    int64_t i;
    double r;
    const char *s;     /* DBV_TEXT, NUL-terminated */
} db_val;

static inline db_val dbv_int(int64_t i) { db_val v = {DBV_INT, i, 0, NULL}; return v; }
static inline db_val dbv_real(double r) { db_val v = {DBV_REAL, 0, r, NULL}; return v; }
static inline db_val dbv_text(const char *s)
{
    db_val v = {s ? DBV_TEXT : DBV_NULL, 0, 0, s};
    return v;
}
static inline db_val dbv_null(void) { db_val v = {DBV_NULL, 0, 0, NULL}; return v; }

/* Called once per result row; values are text or NULL. Non-zero stops the statement and
 * is returned by db_exec. */
typedef int (*db_row_fn)(void *ud, int ncols, const char *const *values);

typedef struct db db;

typedef struct db_ops {
    /* Runs one statement (rendered SQL) with parameters; rows go to fn when given. */
    int (*exec)(db *d, const char *sql, const db_val *params, int nparams, db_row_fn fn,
                void *ud, parley_error *err);
    /* Appends rows (ncols values each) to a table: COPY on PostgreSQL, a prepared insert
     * on SQLite. */
    int (*load)(db *d, const char *table, const char *const *cols, int ncols,
                const db_val *rows, size_t nrows, parley_error *err);
    int (*begin)(db *d, parley_error *err);   /* a write transaction */
    int (*commit)(db *d, parley_error *err);
    void (*rollback)(db *d);
    void (*close)(db *d);
} db_ops;

struct db {
    const db_ops *ops;
    int kind;              /* DB_SQLITE, DB_PG */
    int retryable;         /* the last error was a deadlock, a conflict or a busy database:
                              rolling back and running the batch again will do */
    int timeout_ms;        /* a statement running longer is stopped (PARLEY_ELIMIT); 0 = none.
                              SQLite checks it as it runs; PostgreSQL is told once
                              (statement_timeout) by the store */
    char *render_buf;      /* db_render's result */
    size_t render_cap;
};

/* Opens a backend for a URI; NULL with err filled on failure. */
db *db_sqlite_open(const char *path, int read_only, parley_error *err);
db *db_pg_open(const char *conninfo, parley_error *err);
void db_close(db *d);

/* Replaces the dialect tokens; the result lives until the next call on d. NULL on OOM. */
const char *db_render(db *d, const char *sql);

/* db_exec with rendering: the store's SQL goes through here. */
int db_run(db *d, const char *sql, const db_val *params, int nparams, db_row_fn fn, void *ud,
           parley_error *err);

void db_error(parley_error *err, const char *what, const char *detail);

#endif
