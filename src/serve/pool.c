/* pool.c - the store connections the request threads share: as many as threads, opened
 * read-only when first needed, each used by one request at a time.
 *
 * A SQLite handle or a libpq connection may not be used by two threads at once, and
 * opening one per request would cost more than most queries; a small pool with a wait
 * is the usual answer. A connection that failed (a PostgreSQL server restarted) is
 * closed and reopened on its next use. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

struct store_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *uri;
    int timeout_ms;
    int size;
    parley_store **idle;        /* free connections (NULL slots: not opened yet) */
    int nidle;
};

static int open_one(store_pool *p, parley_store **out, parley_error *err)
{
    parley_store_opts o;
    memset(&o, 0, sizeof o);
    o.read_only = true;
    o.query_timeout_ms = p->timeout_ms;
    return parley_store_open(out, p->uri, &o, err);
}

int pool_open(store_pool **out, const char *uri, int size, int timeout_ms, parley_error *err)
{
    *out = NULL;
    store_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->uri = strdup(uri)) || !(p->idle = calloc((size_t)size, sizeof *p->idle))) {
        if (p)
            free(p->uri);
        free(p);
        parley_error_clear(err);
        if (err) {
            err->code = PARLEY_ENOMEM;
            strcpy(err->msg, "out of memory");
        }
        return PARLEY_ENOMEM;
    }
    p->size = size;
    p->timeout_ms = timeout_ms;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    /* one connection now: a store that cannot be opened is an error at start, not a 500
     * on the first request */
    int rc = open_one(p, &p->idle[size - 1], err);
    if (rc < 0) {
        pool_close(p);
        return rc;
    }
    p->nidle = size;
    *out = p;
    return 0;
}

parley_store *pool_get(store_pool *p, parley_error *err)
{
    pthread_mutex_lock(&p->mu);
    while (p->nidle == 0)
        pthread_cond_wait(&p->cv, &p->mu);
    parley_store *s = p->idle[--p->nidle];
    pthread_mutex_unlock(&p->mu);
    if (!s && open_one(p, &s, err) < 0) {
        pool_put(p, NULL, false);   /* the slot stays, to be opened by a later request */
        return NULL;
    }
    return s;
}

void pool_put(store_pool *p, parley_store *s, bool broken)
{
    if (broken) {
        parley_store_close(s);
        s = NULL;
    }
    pthread_mutex_lock(&p->mu);
    p->idle[p->nidle++] = s;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void pool_close(store_pool *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->size; i++)
        parley_store_close(p->idle[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->idle);
    free(p->uri);
    free(p);
}
