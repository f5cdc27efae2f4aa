/* store.c - opening and closing a store: which backend a URI names, the handle's life. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static int is_pg(const char *uri, const char **conninfo)
{
    if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0) {
        *conninfo = uri;
        return 1;
    }
    if (strncmp(uri, "pg:", 3) == 0) {   /* "pg:dbname=x host=y": a libpq key=value string */
        *conninfo = uri + 3;
        return 1;
    }
    return 0;
}

int parley_store_open(parley_store **out, const char *uri, const parley_store_opts *opts,
                      parley_error *err)
{
    *out = NULL;
    parley_error_clear(err);
    if (!uri || !*uri) {
        db_error(err, "no store given (--db FILE or --db postgresql://...)", NULL);
        if (err)
            err->code = PARLEY_EARG;
        return PARLEY_EARG;
    }
    parley_store *s = calloc(1, sizeof *s);
    if (!s) {
        db_error(err, "out of memory", NULL);
        return PARLEY_ENOMEM;
    }
    s->read_only = opts && opts->read_only;
    batch_init(&s->batch);
    const char *conninfo;
    s->db = is_pg(uri, &conninfo) ? db_pg_open(conninfo, err)
                                  : db_sqlite_open(uri, s->read_only, err);
    if (!s->db) {
        parley_store_close(s);
        return PARLEY_ESTORE;
    }
    int rc = 0;
    if (s->db->kind == DB_PG && s->read_only)
        rc = db_run(s->db, "SET default_transaction_read_only = on", NULL, 0, NULL, NULL, err);
    if (rc == 0 && opts && opts->query_timeout_ms > 0) {
        s->db->timeout_ms = opts->query_timeout_ms;
        if (s->db->kind == DB_PG) {
            char sql[64];   /* SET takes no parameters; the value is an int */
            snprintf(sql, sizeof sql, "SET statement_timeout = %d", opts->query_timeout_ms);
            rc = db_run(s->db, sql, NULL, 0, NULL, NULL, err);
        }
    }
    if (rc == 0)
        rc = schema_open(s, opts, err);
    if (rc == 0 && opts && opts->background && !s->read_only) {
        /* a second connection for the unchanged checks, a thread for the writes */
        s->check = is_pg(uri, &conninfo) ? db_pg_open(conninfo, err) : db_sqlite_open(uri, 0, err);
        rc = s->check ? schema_check_table(s->check, err) : PARLEY_ESTORE;
        batch_init(&s->writing);
        pthread_mutex_init(&s->mu, NULL);
        pthread_cond_init(&s->cv, NULL);
        s->background = 1;
        if (rc == 0 && pthread_create(&s->writer, NULL, store_writer, s) != 0) {
            s->background = 0;
            db_error(err, "cannot start the store's writer thread", NULL);
            rc = PARLEY_ESTORE;
        }
        if (rc < 0)
            s->background = 0;
    }
    if (rc < 0) {
        parley_store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void parley_store_close(parley_store *s)
{
    if (!s)
        return;
    if (s->background) {
        store_wait(s, NULL);
        pthread_mutex_lock(&s->mu);
        s->stop = 1;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        pthread_join(s->writer, NULL);
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->cv);
    }
    db_close(s->check);
    db_close(s->db);
    batch_free(&s->batch);
    batch_free(&s->writing);
    free(s);
}

const char *parley_store_backend(const parley_store *s)
{
    return s->db->kind == DB_PG ? "postgresql" : "sqlite";
}

void parley_store_get_counts(const parley_store *s, parley_store_counts *c)
{
    if (s->background)
        pthread_mutex_lock((pthread_mutex_t *)&s->mu);
    *c = s->counts;
    if (s->background)
        pthread_mutex_unlock((pthread_mutex_t *)&s->mu);
}
