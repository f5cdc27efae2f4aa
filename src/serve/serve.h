/* serve.h - the HTTP server's interface to the command line (`parley serve`).
 *
 * The server is a thin client of libparley, like the CLI: it reads requests, calls the
 * public API (include/parley.h) and writes JSON. One process serves the API under /v1/,
 * a health check and the dashboard, whose files are compiled into the binary. */
#ifndef PARLEY_SERVE_H
#define PARLEY_SERVE_H

#include <stddef.h>

#include "parley.h"

typedef struct serve_config {
    const char *db;              /* the store: a SQLite file or a PostgreSQL URI */
    const char *bind;            /* address to listen on (default 127.0.0.1) */
    int port;                    /* 0: any free port (serve_port tells which) */
    int threads;                 /* request threads, each with its own store connection */
    size_t max_body;             /* largest request body accepted (bytes) */
    long max_page;               /* largest `limit` of a page of results */
    long max_offset;             /* deepest `offset` of a page */
    long max_periods;            /* most periods one time series may have */
    long max_docs;               /* most documents one POST /v1/code may carry */
    int query_timeout_ms;        /* a database statement running longer is stopped */
    int access_log;              /* one line per request on stderr */
    const parley_dict *dict;     /* shared, immutable: codes POST /v1/code and explain */
    const parley_options *coding;
} serve_config;

/* Fills the defaults (127.0.0.1, 4 threads, 8 MiB bodies, pages of 1000, ...). */
void serve_config_init(serve_config *c);

typedef struct serve_server serve_server;

/* Opens the store (read-only) and starts listening. The config, the dictionary and the
 * options must outlive the server. Returns 0, or a negative code with err filled. */
int serve_start(serve_server **out, const serve_config *cfg, parley_error *err);
/* The port the server listens on (the one chosen when cfg->port was 0). */
int serve_port(const serve_server *s);
/* Stops accepting, waits for the requests in flight, frees everything. NULL is fine. */
void serve_stop(serve_server *s);

/* The API's routes, "METHOD /path" (path parameters as {name}), one per call with i from
 * 0 until it returns NULL: what the OpenAPI description must list. */
const char *serve_route_name(size_t i, char *buf, size_t cap);

#endif
