/* http.h - inside the server: a request as the handlers see it, the response they build,
 * and the pieces each file of src/serve/ offers the others.
 *
 *   server.c      libmicrohttpd: connections, bodies and their limit, responses, the log
 *   routes.c      the route table: which handler answers which method and path
 *   buf.c         a growing byte buffer and the JSON written into it
 *   params.c      query parameters: checked, turned into store filters
 *   pool.c        the store connections, one per request thread
 *   api_code.c    POST /v1/code and /v1/explain: documents in, events out
 *   api_store.c   events, time series, top actors and dyads, documents, the summary
 *   api_actors.c  dictionary search
 *   assets.c      the dashboard and the OpenAPI file, embedded at build time */
#ifndef PARLEY_SERVE_HTTP_H
#define PARLEY_SERVE_HTTP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "serve.h"

/* ---- buf.c: a growing buffer; a failed allocation sets oom and drops later writes ---- */

typedef struct buf {
    char *p;
    size_t len, cap;
    int oom;
} buf;

void buf_free(buf *b);
void buf_putn(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string literal; NULL writes null. Invalid UTF-8 becomes U+FFFD. */
void buf_json_str(buf *b, const char *s);
void buf_json_strn(buf *b, const char *s, size_t n);
/* "key": before a value, with a comma unless it opens the object (first). */
void buf_json_key(buf *b, const char *key, bool first);
/* A JSON number from a decimal text, or null when it is NULL or not a number. */
void buf_json_num(buf *b, const char *s);
/* Is s (n bytes) one complete JSON value? (for JSON the store kept, before it is copied
 * into a response as it is) */
bool json_valid(const char *s, size_t n);

/* ---- the request and its response ---- */

struct serve_server;
struct MHD_Connection;

typedef struct request {
    struct serve_server *srv;
    const serve_config *cfg;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *param;          /* the {id} of the route, decoded; NULL when none */
    char *body;                 /* the request body, NUL-terminated */
    size_t body_len;
    /* the response */
    int status;
    buf out;
    const char *content_type;   /* NULL: application/json */
    char allow[64];             /* 405: the methods the path takes */
    const char *etag;           /* an embedded file's ETag */
    const void *fixed;          /* a body that outlives the request (an embedded file), */
    size_t fixed_len;           /* sent without a copy instead of out */
} request;

/* An error response {"error": {"status": S, "message": "..."}}; returns -1 so that a
 * handler can `return http_error(...)`. */
int http_error(request *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The error of a failed store call, as a response: a query over its time limit is 503,
 * a bad argument 400, anything else 500. */
int http_store_error(request *r, int rc, const parley_error *err);

/* A query-string parameter (decoded), NULL when absent. */
const char *http_arg(request *r, const char *name);
/* The request header, NULL when absent. */
const char *http_header(request *r, const char *name);
/* 400 when the query string holds a parameter not in `allowed` (NULL-terminated): a
 * misspelt filter must not silently widen a query. Returns 0 or -1 (response set). */
int http_only_args(request *r, const char *const *allowed);

typedef int (*handler_fn)(request *r);

/* ---- routes.c ---- */

/* The handler for a method and path: sets r->param for a path with an {id}. NULL when
 * no route matches: *path_known then tells a wrong method (405, r->allow set) from an
 * unknown path (404). */
handler_fn routes_find(request *r, bool *path_known);

/* ---- params.c ---- */

/* The event filters shared by /v1/events, /v1/series and /v1/top, read into q (whose
 * strings point into the request or into scratch). Returns 0 or -1 (a 400 response set). */
typedef struct filter_scratch {
    char actor[64], source[64], target[64], code[8], root[4], country[4];
} filter_scratch;
int params_filters(request *r, parley_query *q, filter_scratch *scratch);
/* limit (default def, at most cfg->max_page) and offset (at most cfg->max_offset). */
int params_page(request *r, long def, long *limit, long *offset);
/* A date parameter: YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY (its first day, or with end its
 * last). 0 when absent; -1 when bad (a 400 response set). */
int params_date(request *r, const char *name, int end);
/* "2024-03-05" from yyyymmdd. */
void params_format_date(int ymd, char out[11]);
/* The names of the filters, for http_only_args lists. */
#define FILTER_PARAMS "actor", "source", "target", "dyad", "code", "root", "quad", "from", \
                      "to", "outlet", "modality", "country", "place"

/* ---- pool.c ---- */

typedef struct store_pool store_pool;
int pool_open(store_pool **out, const char *uri, int size, int timeout_ms, parley_error *err);
/* Waits for a free connection; reopens one that failed. NULL with err filled when the
 * store cannot be opened. */
parley_store *pool_get(store_pool *p, parley_error *err);
/* Gives a connection back; broken: it failed in a way that may have left it unusable
 * (closed and reopened on next use). */
void pool_put(store_pool *p, parley_store *s, bool broken);
void pool_close(store_pool *p);

/* ---- handlers ---- */

int api_health(request *r);
int api_openapi(request *r);
int api_code(request *r);
int api_explain(request *r);
int api_events(request *r);
int api_event(request *r);
int api_series(request *r);
int api_top(request *r);
int api_summary(request *r);
int api_document(request *r);
int api_actors(request *r);
int asset_serve(request *r);       /* GET / and /assets/...: 404 for anything else */

/* The server's store pool and start time, for the handlers. */
store_pool *server_pool(request *r);
double server_uptime(request *r);

/* ---- assets.c ---- */

typedef struct asset {
    const char *path;           /* "/", "/assets/app.js", "/v1/openapi.json" */
    const char *type;           /* Content-Type */
    const unsigned char *data;
    size_t size;
    char etag[24];
} asset;
const asset *assets_find(const char *path);
void assets_init(void);

#endif
