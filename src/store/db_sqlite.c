/* db_sqlite.c - the SQLite backend: one file, WAL mode, prepared statements kept.
 *
 * WAL lets queries read while an ingest writes; synchronous=NORMAL keeps every committed
 * batch across a process kill (only a power cut can lose the last ones, never corrupt
 * the file). Writers take the file's write lock at BEGIN (IMMEDIATE), so two ingest
 * processes take turns rather than deadlock; a busy file is waited for up to a minute. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"

#define CACHE 64

typedef struct cached {
    char *sql;
    sqlite3_stmt *st;
} cached;

typedef struct sdb {
    db base;
    sqlite3 *h;
    cached cache[CACHE];
    int ncache, next_evict;
    const char **vals;       /* row buffer for callbacks */
    int vals_cap;
    int progress_set;        /* the timeout's progress handler is installed */
    struct timespec deadline;    /* of the running statement, when timeout_ms */
    int timed_out;
} sdb;

/* SQLite's progress handler: non-zero interrupts the statement. Called every few thousand
 * virtual-machine steps, so the clock is read rarely. */
static int past_deadline(void *arg)
{
    sdb *s = arg;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > s->deadline.tv_sec ||
        (now.tv_sec == s->deadline.tv_sec && now.tv_nsec >= s->deadline.tv_nsec))
        s->timed_out = 1;
    return s->timed_out;
}

static void arm_deadline(sdb *s)
{
    s->timed_out = 0;
    if (s->base.timeout_ms <= 0)
        return;
    if (!s->progress_set) {
        sqlite3_progress_handler(s->h, 4000, past_deadline, s);
        s->progress_set = 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &s->deadline);
    s->deadline.tv_sec += s->base.timeout_ms / 1000;
    s->deadline.tv_nsec += (long)(s->base.timeout_ms % 1000) * 1000000L;
    if (s->deadline.tv_nsec >= 1000000000L) {
        s->deadline.tv_sec++;
        s->deadline.tv_nsec -= 1000000000L;
    }
}

static void fail(sdb *s, parley_error *err, const char *what)
{
    int rc = sqlite3_extended_errcode(s->h);
    s->base.retryable = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
    db_error(err, what, sqlite3_errmsg(s->h));
}

static sqlite3_stmt *prepare(sdb *s, const char *sql, parley_error *err)
{
    for (int i = 0; i < s->ncache; i++)
        if (strcmp(s->cache[i].sql, sql) == 0)
            return s->cache[i].st;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fail(s, err, "SQLite could not prepare a statement");
        return NULL;
    }
    char *copy = strdup(sql);
    if (!copy) {
        sqlite3_finalize(st);
        db_error(err, "out of memory", NULL);
        return NULL;
    }
    int slot = s->ncache < CACHE ? s->ncache++ : s->next_evict++ % CACHE;
    /* never evict a statement whose rows are being read (a query inside a callback) */
    for (int tries = 0; tries < CACHE && s->cache[slot].st && sqlite3_stmt_busy(s->cache[slot].st);
         tries++)
        slot = s->next_evict++ % CACHE;
    if (s->cache[slot].st) {
        sqlite3_finalize(s->cache[slot].st);
        free(s->cache[slot].sql);
    }
    s->cache[slot].sql = copy;
    s->cache[slot].st = st;
    return st;
}

/* Binds $1..$n. by_name: look each one up (a statement may use some of them, in any
 * order); otherwise the statement numbers them 1..n in order (the staging inserts). */
static int bind(sdb *s, sqlite3_stmt *st, const db_val *params, int nparams, int by_name,
                parley_error *err)
{
    for (int i = 0; i < nparams; i++) {
        int idx = i + 1;
        if (by_name) {
            char name[16];
            snprintf(name, sizeof name, "$%d", i + 1);
            idx = sqlite3_bind_parameter_index(st, name);
            if (!idx)
                continue;   /* this statement does not use the parameter */
        }
        const db_val *v = &params[i];
        int rc;
        switch (v->type) {
        case DBV_INT: rc = sqlite3_bind_int64(st, idx, v->i); break;
        case DBV_REAL: rc = sqlite3_bind_double(st, idx, v->r); break;
        case DBV_TEXT: rc = sqlite3_bind_text(st, idx, v->s, -1, SQLITE_STATIC); break;
        default: rc = sqlite3_bind_null(st, idx); break;
        }
        if (rc != SQLITE_OK) {
            fail(s, err, "SQLite could not bind a value");
            return PARLEY_ESTORE;
        }
    }
    return 0;
}

static int run(sdb *s, sqlite3_stmt *st, db_row_fn fn, void *ud, parley_error *err)
{
    int rc, result = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!fn)
            continue;
        int n = sqlite3_column_count(st);
        if (n > s->vals_cap) {
            const char **p = realloc(s->vals, (size_t)n * sizeof *p);
            if (!p) {
                db_error(err, "out of memory", NULL);
                result = PARLEY_ENOMEM;
                break;
            }
            s->vals = p;
            s->vals_cap = n;
        }
        for (int i = 0; i < n; i++)
            s->vals[i] = (const char *)sqlite3_column_text(st, i);
        result = fn(ud, n, s->vals);
        if (result)
            break;
    }
    if (!result && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        if (s->timed_out) {
            char what[96];
            snprintf(what, sizeof what, "the query ran longer than its limit of %d ms",
                     s->base.timeout_ms);
            db_error(err, what, NULL);
            if (err)
                err->code = PARLEY_ELIMIT;
            result = PARLEY_ELIMIT;
        } else {
            fail(s, err, "SQLite failed");
            result = PARLEY_ESTORE;
        }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return result;
}

static int s_exec(db *d, const char *sql, const db_val *params, int nparams, db_row_fn fn,
                  void *ud, parley_error *err)
{
    sdb *s = (sdb *)d;
    d->retryable = 0;
    sqlite3_stmt *st = prepare(s, sql, err);
    if (!st)
        return PARLEY_ESTORE;
    if (bind(s, st, params, nparams, 1, err) < 0) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return PARLEY_ESTORE;
    }
    arm_deadline(s);
    return run(s, st, fn, ud, err);
}

static int s_load(db *d, const char *table, const char *const *cols, int ncols,
                  const db_val *rows, size_t nrows, parley_error *err)
{
    sdb *s = (sdb *)d;
    char sql[4096];
    size_t n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (", table);
    for (int i = 0; i < ncols && n < sizeof sql; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s", i ? "," : "", cols[i]);
    n += (size_t)snprintf(sql + n, sizeof sql - n, ") VALUES (");
    for (int i = 0; i < ncols && n < sizeof sql; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s$%d", i ? "," : "", i + 1);
    if (n + 2 >= sizeof sql) {
        db_error(err, "internal error", "staging statement too long");
        return PARLEY_ESTORE;
    }
    strcat(sql, ")");
    d->retryable = 0;
    sqlite3_stmt *st = prepare(s, sql, err);
    if (!st)
        return PARLEY_ESTORE;
    for (size_t r = 0; r < nrows; r++) {
        if (bind(s, st, rows + r * (size_t)ncols, ncols, 0, err) < 0 ||
            run(s, st, NULL, NULL, err) < 0) {
            sqlite3_reset(st);
            return PARLEY_ESTORE;
        }
    }
    return 0;
}

static int simple(sdb *s, const char *sql, parley_error *err)
{
    return s_exec(&s->base, sql, NULL, 0, NULL, NULL, err);
}

static int s_begin(db *d, parley_error *err)
{
    /* IMMEDIATE: take the write lock now, so a busy file is waited for here rather than
     * turning into an error half-way through the batch */
    return simple((sdb *)d, "BEGIN IMMEDIATE", err);
}

static int s_commit(db *d, parley_error *err)
{
    return simple((sdb *)d, "COMMIT", err);
}

static void s_rollback(db *d)
{
    sdb *s = (sdb *)d;
    if (!sqlite3_get_autocommit(s->h))
        sqlite3_exec(s->h, "ROLLBACK", NULL, NULL, NULL);
}

static void s_close(db *d)
{
    sdb *s = (sdb *)d;
    for (int i = 0; i < s->ncache; i++) {
        sqlite3_finalize(s->cache[i].st);
        free(s->cache[i].sql);
    }
    sqlite3_close(s->h);
    free(s->vals);
    free(s);
}

static const db_ops sqlite_ops = {s_exec, s_load, s_begin, s_commit, s_rollback, s_close};

db *db_sqlite_open(const char *path, int read_only, parley_error *err)
{
    sdb *s = calloc(1, sizeof *s);
    if (!s) {
        db_error(err, "out of memory", NULL);
        return NULL;
    }
    s->base.ops = &sqlite_ops;
    s->base.kind = DB_SQLITE;
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->h, flags, NULL) != SQLITE_OK) {
        char what[700];
        snprintf(what, sizeof what, "cannot open SQLite store \"%.600s\"", path);
        db_error(err, what, s->h ? sqlite3_errmsg(s->h) : "out of memory");
        sqlite3_close(s->h);
        free(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->h, 60000);
    static const char *const pragmas[] = {
        "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA temp_store=MEMORY",
        "PRAGMA cache_size=-65536",
    };
    /* read-only: the file is opened so, and query_only refuses writes to temporary tables
     * as well */
    static const char *const ro_pragmas[] = {
        "PRAGMA query_only=1", "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536",
    };
    const char *const *list = read_only ? ro_pragmas : pragmas;
    size_t nlist = read_only ? sizeof ro_pragmas / sizeof ro_pragmas[0]
                             : sizeof pragmas / sizeof pragmas[0];
    for (size_t i = 0; i < nlist; i++) {
        char *msg = NULL;
        int rc = sqlite3_exec(s->h, list[i], NULL, NULL, &msg);
        /* Switching a new file to WAL needs it to itself, and SQLite answers "database is
         * locked" at once instead of calling the busy handler when another process is
         * opening it too (two ingests started together): wait for it as for a write lock. */
        for (int tries = 0; (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < 600; tries++) {
            sqlite3_free(msg);
            msg = NULL;
            sqlite3_sleep(100);
            rc = sqlite3_exec(s->h, list[i], NULL, NULL, &msg);
        }
        if (rc != SQLITE_OK) {
            char what[700];
            snprintf(what, sizeof what, "cannot use SQLite store \"%.600s\"", path);
            db_error(err, what, msg);
            sqlite3_free(msg);
            s_close(&s->base);
            return NULL;
        }
    }
    return &s->base;
}
