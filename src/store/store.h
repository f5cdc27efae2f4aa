/* store.h - inside the event store: the handle, the pending batch, the dedup key and the
 * pieces each file of src/store/ offers the others.
 *
 *   schema.c   tables and indexes, the store's settings (meta), opening a store
 *   coder.c    the identity of the dictionaries and options that coded the documents
 *   dedup.c    the deduplication key of a mention
 *   ingest.c   the pending batch and its transaction (documents, events, mentions)
 *   query.c    filters, event lists, time series, top actors and dyads
 *   export.c   events out through the writers of src/output/
 *   db*.c      the SQLite and PostgreSQL backends behind one interface (db.h) */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <pthread.h>
#include <stdint.h>

#include "../../include/parley.h"
#include "../base/arena.h"
#include "../base/strmap.h"
#include "db.h"

#define STORE_SCHEMA_VERSION "2"

enum { DOC_COLS = 11, MENTION_COLS = 44 };

typedef struct store_batch {
    arena strings;            /* copies of every text in the batch */
    db_val *docs;             /* DOC_COLS values per document */
    size_t ndocs, cap_docs;
    db_val *mentions;         /* MENTION_COLS values per mention */
    size_t nmentions, cap_mentions;
    strmap ids;               /* doc ids in the batch: a second copy forces a flush first */
    long failed;              /* failure records among the documents */
} store_batch;

struct parley_store {
    db *db;                   /* writes (the writer thread's while it is busy) */
    db *check;                /* background mode: the unchanged checks' own connection */
    int dedup;                /* PARLEY_DEDUP_* of the store */
    int window_days;
    int read_only;
    int64_t coder_id;         /* coders.id of the current coder, 0 until set */
    store_batch batch;        /* pending: filled by parley_store_add */
    parley_store_counts counts;   /* under mu in background mode */
    /* background mode: one writer thread, one batch in flight */
    int background;
    pthread_t writer;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    store_batch writing;      /* the batch the writer owns while busy */
    int busy, stop;
    int wrc;                  /* sticky: the first background write that failed */
    parley_error werr;
};

/* schema.c: creates the tables when missing and reads or fixes the dedup settings. */
int schema_open(parley_store *s, const parley_store_opts *opts, parley_error *err);

/* dedup.c: the key of a mention (event date, publication date, codes, negation) into buf. */
void dedup_key(const parley_store *s, int event_date, int pub_date, const char *source,
               const char *target, const char *code, bool negated, char *buf, size_t cap);
const char *dedup_name(int mode);
/* "day", "oneaday", "window:N" -> mode and days; PARLEY_EARG otherwise. */
int dedup_parse(const char *spec, int *mode, int *days);

/* schema.c: the staging table of the unchanged checks, on a connection of its own. */
int schema_check_table(db *d, parley_error *err);

/* ingest.c */
void batch_init(store_batch *b);
void batch_free(store_batch *b);
/* The writer thread of background mode. */
void *store_writer(void *arg);
/* Waits until no batch is being written; returns the background failure, if any. */
int store_wait(parley_store *s, parley_error *err);

/* A db_row_fn that reads the first column of a row as an integer into *(int64_t *)ud. */
int store_one_int(void *ud, int n, const char *const *v);

/* 16 hex digits of a 64-bit FNV-1a over byte strings (fields separated by NUL). */
void store_hex64(uint64_t h, char out[17]);

/* query.c: a query's filter as a WHERE condition over events aliased "e", with its
 * parameters ($1..$np); later parameters may be appended by the caller. */
#define STORE_MAX_PARAMS 24
typedef struct store_filter {
    char sql[2048];
    db_val params[STORE_MAX_PARAMS];
    int np;
    char scratch[STORE_MAX_PARAMS][80];   /* the texts of prefix bounds */
} store_filter;
int store_filter_build(const parley_query *q, store_filter *f);

#endif
