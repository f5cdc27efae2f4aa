/* server.c - the HTTP side: libmicrohttpd's daemon, request bodies and their limit,
 * dispatch to the routes, responses, errors and the access log.
 *
 * libmicrohttpd runs a pool of threads, each with its own event loop; a request is
 * handled start to end on one of them (a slow coding request holds only its thread).
 * The handler is called several times per request: the first call only sets up the
 * request's state (answering then would turn keep-alive off, a 4x loss of throughput
 * measured on this library), the next ones bring the body, and the last one - no more
 * body - runs the route and queues the response. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http.h"

struct serve_server {
    const serve_config *cfg;
    struct MHD_Daemon *daemon;
    store_pool *pool;
    struct timespec started;
    int port;
};

/* One request's state between the handler's calls. */
typedef struct conn_state {
    char *body;
    size_t len, cap;
    int too_big;             /* the body passed the limit: discarded, 413 at the end */
    int answered;            /* a response is queued */
    struct timespec t0;
} conn_state;

void serve_config_init(serve_config *c)
{
    memset(c, 0, sizeof *c);
    c->bind = "127.0.0.1";
    c->port = 8080;
    c->threads = 4;
    c->max_body = 8u << 20;
    c->max_page = 1000;
    c->max_offset = 100000;
    c->max_periods = 5000;
    c->max_docs = 10000;
    c->query_timeout_ms = 5000;
}

store_pool *server_pool(request *r)
{
    return r->srv->pool;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

double server_uptime(request *r)
{
    return seconds_since(&r->srv->started);
}

/* ---- what the handlers use ---- */

int http_error(request *r, int status, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    buf_free(&r->out);
    r->status = status;
    r->content_type = NULL;
    buf_printf(&r->out, "{\"error\":{\"status\":%d,\"message\":", status);
    buf_json_str(&r->out, msg);
    buf_puts(&r->out, "}}\n");
    return -1;
}

int http_store_error(request *r, int rc, const parley_error *err)
{
    const char *msg = err && err->msg[0] ? err->msg : parley_strerror(rc);
    if (rc == PARLEY_ELIMIT)
        return http_error(r, 503, "%s: narrow the question (a date range, an actor, a code)",
                          msg);
    if (rc == PARLEY_EARG)
        return http_error(r, 400, "%s", msg);
    if (rc == PARLEY_ENOMEM)
        return http_error(r, 503, "out of memory");
    return http_error(r, 500, "%s", msg);
}

const char *http_arg(request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

typedef struct arg_check {
    const char *const *allowed;
    const char *bad;
    int nul;                  /* a value holds a NUL byte (%00): cut short by C strings */
} arg_check;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    arg_check *c = cls;
    if (strlen(key) != key_size || (value && strlen(value) != value_size)) {
        c->bad = key;
        c->nul = 1;
        return MHD_NO;
    }
    for (const char *const *a = c->allowed; *a; a++)
        if (strcmp(*a, key) == 0)
            return MHD_YES;
    c->bad = key;
    return MHD_NO;
}

int http_only_args(request *r, const char *const *allowed)
{
    arg_check c = {allowed, NULL, 0};
    MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
    if (!c.bad)
        return 0;
    if (c.nul)
        return http_error(r, 400, "parameter \"%.60s\" holds a NUL byte", c.bad);
    buf names = {0};
    for (const char *const *a = allowed; *a; a++) {
        buf_puts(&names, a == allowed ? "" : ", ");
        buf_puts(&names, *a);
    }
    http_error(r, 400, "unknown parameter \"%.60s\" (this route takes: %s)", c.bad,
               names.p ? names.p : "none");
    buf_free(&names);
    return -1;
}

/* ---- responses ---- */

static void security_headers(struct MHD_Response *resp, int html)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (html) {
        /* the dashboard loads only its own files, runs no inline script, and may not be
         * framed */
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    }
}

static enum MHD_Result respond(struct MHD_Connection *conn, request *r)
{
    struct MHD_Response *resp;
    if (r->out.oom) {
        buf_free(&r->out);
        r->status = 500;
        static const char oom[] = "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}\n";
        resp = MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT);
    } else if (r->fixed) {
        resp = MHD_create_response_from_buffer(r->fixed_len, (void *)r->fixed,
                                               MHD_RESPMEM_PERSISTENT);
    } else if (r->out.p) {
        resp = MHD_create_response_from_buffer(r->out.len, r->out.p, MHD_RESPMEM_MUST_FREE);
        if (resp)
            r->out.p = NULL;   /* libmicrohttpd frees it */
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!resp) {
        buf_free(&r->out);
        return MHD_NO;
    }
    const char *type = r->content_type ? r->content_type : "application/json; charset=utf-8";
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    security_headers(resp, strncmp(type, "text/html", 9) == 0);
    if (r->etag) {
        /* embedded files: revalidated each time (a new binary may serve new ones) */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    } else {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    }
    if (r->allow[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    buf_free(&r->out);
    return rc;
}

static void access_log(request *r, conn_state *cs)
{
    fprintf(stderr, "%s %s %d %.1f ms\n", r->method, r->path, r->status,
            seconds_since(&cs->t0) * 1e3);
}

/* An answer before the body was read (it is too large): the connection is closed after
 * it, since the rest of the body will not be read. */
static enum MHD_Result refuse_body(serve_server *s, struct MHD_Connection *conn, conn_state *cs,
                                   const char *url, const char *method)
{
    request r;
    memset(&r, 0, sizeof r);
    r.srv = s;
    r.cfg = s->cfg;
    r.conn = conn;
    r.method = method;
    r.path = url;
    http_error(&r, 413, "the request body is larger than the limit of %zu bytes", s->cfg->max_body);
    cs->answered = 1;
    if (s->cfg->access_log)
        access_log(&r, cs);
    return respond(conn, &r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    serve_server *s = cls;
    conn_state *cs = *con_cls;
    if (!cs) {
        if (!(cs = calloc(1, sizeof *cs)))
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &cs->t0);
        *con_cls = cs;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->cfg->max_body)
            return refuse_body(s, conn, cs, url, method);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (cs->answered)
            return MHD_YES;
        if (cs->too_big || cs->len + n > s->cfg->max_body) {
            /* a chunked body over the limit: read on (a response cannot be queued in the
             * middle of a body), unless it goes on for much longer */
            cs->too_big = 1;
            cs->len += n;
            return cs->len > 4 * s->cfg->max_body ? MHD_NO : MHD_YES;
        }
        if (cs->len + n + 1 > cs->cap) {
            size_t cap = cs->cap ? cs->cap : 16384;
            while (cap < cs->len + n + 1)
                cap *= 2;
            char *p = realloc(cs->body, cap);
            if (!p)
                return MHD_NO;
            cs->body = p;
            cs->cap = cap;
        }
        memcpy(cs->body + cs->len, upload_data, n);
        cs->len += n;
        cs->body[cs->len] = '\0';
        return MHD_YES;
    }
    if (cs->answered)
        return MHD_YES;
    if (cs->too_big) {
        cs->answered = 0;
        return refuse_body(s, conn, cs, url, method);
    }
    cs->answered = 1;
    request r;
    memset(&r, 0, sizeof r);
    r.srv = s;
    r.cfg = s->cfg;
    r.conn = conn;
    r.method = method;
    r.path = url;
    r.body = cs->body ? cs->body : (char *)"";
    r.body_len = cs->len;
    r.status = 200;
    bool path_known;
    handler_fn fn = routes_find(&r, &path_known);
    if (fn)
        fn(&r);
    else if (path_known)
        http_error(&r, 405, "%s is not allowed on %s (allowed: %s)", method, url, r.allow);
    else if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
        asset_serve(&r);
    else
        http_error(&r, 404, "no such resource: %s %s", method, url);
    if (s->cfg->access_log)
        access_log(&r, cs);
    return respond(conn, &r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)conn;
    (void)why;
    conn_state *cs = *con_cls;
    if (cs) {
        free(cs->body);
        free(cs);
        *con_cls = NULL;
    }
}

/* ---- the daemon ---- */

int serve_start(serve_server **out, const serve_config *cfg, parley_error *err)
{
    *out = NULL;
    parley_error_clear(err);
    union {
        struct sockaddr sa;
        struct sockaddr_in v4;
        struct sockaddr_in6 v6;
    } addr;
    memset(&addr, 0, sizeof addr);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD;
    if (inet_pton(AF_INET, cfg->bind, &addr.v4.sin_addr) == 1) {
        addr.v4.sin_family = AF_INET;
        addr.v4.sin_port = htons((uint16_t)cfg->port);
    } else if (inet_pton(AF_INET6, cfg->bind, &addr.v6.sin6_addr) == 1) {
        addr.v6.sin6_family = AF_INET6;
        addr.v6.sin6_port = htons((uint16_t)cfg->port);
        flags |= MHD_USE_IPv6;
    } else {
        if (err) {
            err->code = PARLEY_EARG;
            snprintf(err->msg, sizeof err->msg,
                     "bad address \"%.200s\": an IPv4 or IPv6 address (127.0.0.1, ::1, 0.0.0.0)",
                     cfg->bind);
        }
        return PARLEY_EARG;
    }
    serve_server *s = calloc(1, sizeof *s);
    if (!s) {
        if (err) {
            err->code = PARLEY_ENOMEM;
            strcpy(err->msg, "out of memory");
        }
        return PARLEY_ENOMEM;
    }
    s->cfg = cfg;
    clock_gettime(CLOCK_MONOTONIC, &s->started);
    assets_init();
    int rc = pool_open(&s->pool, cfg->db, cfg->threads, cfg->query_timeout_ms, err);
    if (rc < 0) {
        free(s);
        return rc;
    }
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, &addr.sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
        /* the request line and headers must fit: a GET /v1/explain carries its text */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(96 * 1024),
        MHD_OPTION_CONNECTION_LIMIT, 512u,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_END);
    if (!s->daemon) {
        int e = errno;
        if (err) {
            err->code = PARLEY_EIO;
            snprintf(err->msg, sizeof err->msg, "cannot listen on %.200s port %d: %s", cfg->bind,
                     cfg->port, e ? strerror(e) : "libmicrohttpd refused to start");
        }
        pool_close(s->pool);
        free(s);
        return PARLEY_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    *out = s;
    return 0;
}

int serve_port(const serve_server *s)
{
    return s->port;
}

void serve_stop(serve_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    pool_close(s->pool);
    free(s);
}
