/* db_pg.c - the PostgreSQL backend (libpq): many ingest processes, one database.
 *
 * Rows are staged with COPY (the fast path libpq offers: ~10x row-by-row inserts) and
 * merged by set-based statements. Results stream in single-row mode, so an export of
 * millions of events never sits in memory at once. A deadlock, a serialization failure or
 * a unique-key race with another process marks the error retryable: the store rolls the
 * batch back and runs it again, and the second run sees the other process's rows. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

typedef struct pdb {
    db base;
    PGconn *c;
    const char **vals;
    int vals_cap;
    char *buf;            /* COPY text and parameter text */
    size_t len, cap;
} pdb;

static void quiet(void *arg, const char *message)
{
    /* "relation already exists, skipping" and the like: not the user's business */
    (void)arg;
    (void)message;
}

static void fail_result(pdb *p, const PGresult *r, parley_error *err, const char *what)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    /* 40P01 deadlock, 40001 serialization failure, 23505 a unique key another process
     * inserted first: all resolved by running the batch again */
    p->base.retryable = state && (strcmp(state, "40P01") == 0 || strcmp(state, "40001") == 0 ||
                                  strcmp(state, "23505") == 0);
    const char *msg = r ? PQresultErrorMessage(r) : "";
    if (state && strcmp(state, "57014") == 0 && p->base.timeout_ms > 0) {
        /* query_canceled: statement_timeout stopped it */
        char limit[96];
        snprintf(limit, sizeof limit, "the query ran longer than its limit of %d ms",
                 p->base.timeout_ms);
        db_error(err, limit, NULL);
        if (err)
            err->code = PARLEY_ELIMIT;
        return;
    }
    db_error(err, what, msg && *msg ? msg : PQerrorMessage(p->c));
}

static int grow(pdb *p, size_t more)
{
    if (p->len + more <= p->cap)
        return 0;
    size_t cap = p->cap ? p->cap : 1 << 16;
    while (cap < p->len + more)
        cap *= 2;
    char *b = realloc(p->buf, cap);
    if (!b)
        return -1;
    p->buf = b;
    p->cap = cap;
    return 0;
}

static int p_exec(db *d, const char *sql, const db_val *params, int nparams, db_row_fn fn,
                  void *ud, parley_error *err)
{
    pdb *p = (pdb *)d;
    d->retryable = 0;
    const char *vals[64];
    char num[64][32];
    if (nparams > 64) {
        db_error(err, "internal error", "too many parameters");
        return PARLEY_ESTORE;
    }
    for (int i = 0; i < nparams; i++) {
        switch (params[i].type) {
        case DBV_INT:
            snprintf(num[i], sizeof num[i], "%lld", (long long)params[i].i);
            vals[i] = num[i];
            break;
        case DBV_REAL:
            snprintf(num[i], sizeof num[i], "%.17g", params[i].r);
            vals[i] = num[i];
            break;
        case DBV_TEXT: vals[i] = params[i].s; break;
        default: vals[i] = NULL; break;
        }
    }
    if (!PQsendQueryParams(p->c, sql, nparams, NULL, vals, NULL, NULL, 0)) {
        fail_result(p, NULL, err, "PostgreSQL failed");
        return PARLEY_ESTORE;
    }
    if (fn)
        PQsetSingleRowMode(p->c);
    int result = 0;
    PGresult *r;
    while ((r = PQgetResult(p->c)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE || (st == PGRES_TUPLES_OK && fn)) {
            int n = PQnfields(r);
            if (n > p->vals_cap) {
                const char **v = realloc(p->vals, (size_t)n * sizeof *v);
                if (!v) {
                    if (!result) {
                        db_error(err, "out of memory", NULL);
                        result = PARLEY_ENOMEM;
                    }
                    PQclear(r);
                    continue;
                }
                p->vals = v;
                p->vals_cap = n;
            }
            for (int row = 0; row < PQntuples(r) && !result; row++) {
                for (int i = 0; i < n; i++)
                    p->vals[i] = PQgetisnull(r, row, i) ? NULL : PQgetvalue(r, row, i);
                result = fn(ud, n, p->vals);
            }
        } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !result) {
            fail_result(p, r, err, "PostgreSQL failed");
            result = err && err->code == PARLEY_ELIMIT ? PARLEY_ELIMIT : PARLEY_ESTORE;
        }
        PQclear(r);
        /* a callback that stopped: the rest of the rows are read and dropped (libpq has
         * no cheaper way out of single-row mode) */
    }
    return result;
}

/* COPY's text format: backslash escapes for the four bytes that would end a field. */
static int put_text(pdb *p, const char *s)
{
    size_t n = strlen(s);
    if (grow(p, n * 2 + 2) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (c) {
        case '\\': p->buf[p->len++] = '\\'; p->buf[p->len++] = '\\'; break;
        case '\t': p->buf[p->len++] = '\\'; p->buf[p->len++] = 't'; break;
        case '\n': p->buf[p->len++] = '\\'; p->buf[p->len++] = 'n'; break;
        case '\r': p->buf[p->len++] = '\\'; p->buf[p->len++] = 'r'; break;
        default: p->buf[p->len++] = c;
        }
    }
    return 0;
}

static int p_load(db *d, const char *table, const char *const *cols, int ncols,
                  const db_val *rows, size_t nrows, parley_error *err)
{
    pdb *p = (pdb *)d;
    d->retryable = 0;
    if (!nrows)
        return 0;
    char sql[4096];
    size_t n = (size_t)snprintf(sql, sizeof sql, "COPY %s (", table);
    for (int i = 0; i < ncols && n < sizeof sql; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s", i ? "," : "", cols[i]);
    if (n + 32 >= sizeof sql) {
        db_error(err, "internal error", "COPY statement too long");
        return PARLEY_ESTORE;
    }
    strcat(sql, ") FROM STDIN");
    PGresult *r = PQexec(p->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        fail_result(p, r, err, "PostgreSQL refused COPY");
        PQclear(r);
        return PARLEY_ESTORE;
    }
    PQclear(r);
    int bad = 0;
    p->len = 0;
    for (size_t row = 0; row < nrows && !bad; row++) {
        for (int i = 0; i < ncols && !bad; i++) {
            const db_val *v = &rows[row * (size_t)ncols + (size_t)i];
            if (grow(p, 40) < 0) {
                bad = 1;
                break;
            }
            if (i)
                p->buf[p->len++] = '\t';
            switch (v->type) {
            case DBV_INT:
                p->len += (size_t)sprintf(p->buf + p->len, "%lld", (long long)v->i);
                break;
            case DBV_REAL: p->len += (size_t)sprintf(p->buf + p->len, "%.17g", v->r); break;
            case DBV_TEXT: bad = put_text(p, v->s) < 0; break;
            default: memcpy(p->buf + p->len, "\\N", 2); p->len += 2; break;
            }
        }
        if (!bad && grow(p, 1) == 0)
            p->buf[p->len++] = '\n';
        if (!bad && p->len > (1u << 20)) {
            bad = PQputCopyData(p->c, p->buf, (int)p->len) != 1;
            p->len = 0;
        }
    }
    if (!bad && p->len)
        bad = PQputCopyData(p->c, p->buf, (int)p->len) != 1;
    p->len = 0;
    PQputCopyEnd(p->c, bad ? "parley: out of memory" : NULL);
    int result = 0;
    while ((r = PQgetResult(p->c)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !result) {
            fail_result(p, r, err, "PostgreSQL COPY failed");
            result = PARLEY_ESTORE;
        }
        PQclear(r);
    }
    return result;
}

static int simple(pdb *p, const char *sql, parley_error *err)
{
    return p_exec(&p->base, sql, NULL, 0, NULL, NULL, err);
}

static int p_begin(db *d, parley_error *err)
{
    return simple((pdb *)d, "BEGIN", err);
}

static int p_commit(db *d, parley_error *err)
{
    return simple((pdb *)d, "COMMIT", err);
}

static void p_rollback(db *d)
{
    pdb *p = (pdb *)d;
    if (PQtransactionStatus(p->c) != PQTRANS_IDLE)
        PQclear(PQexec(p->c, "ROLLBACK"));
}

static void p_close(db *d)
{
    pdb *p = (pdb *)d;
    PQfinish(p->c);
    free(p->vals);
    free(p->buf);
    free(p);
}

static const db_ops pg_ops = {p_exec, p_load, p_begin, p_commit, p_rollback, p_close};

db *db_pg_open(const char *conninfo, parley_error *err)
{
    pdb *p = calloc(1, sizeof *p);
    if (!p) {
        db_error(err, "out of memory", NULL);
        return NULL;
    }
    p->base.ops = &pg_ops;
    p->base.kind = DB_PG;
    p->c = PQconnectdb(conninfo);
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        db_error(err, "cannot connect to PostgreSQL",
                 p->c ? PQerrorMessage(p->c) : "out of memory");
        PQfinish(p->c);
        free(p);
        return NULL;
    }
    PQsetNoticeProcessor(p->c, quiet, NULL);
    /* JIT compiling the batch statements (their estimated cost is high, their real one
     * small) took longer than running them: 0.3 s a batch */
    if (simple(p, "SET client_min_messages = warning", err) < 0 ||
        simple(p, "SET jit = off", err) < 0) {
        p_close(&p->base);
        return NULL;
    }
    return &p->base;
}
