/* assets.c - the files compiled into the server: the dashboard (HTML, CSS, JavaScript, an
 * icon) and the OpenAPI description. Nothing is ever read from disk at run time, so no
 * request path can reach a file outside this table.
 *
 * scripts/embed-assets.sh writes the table (parley_assets: path, bytes, size) from
 * src/serve/web/ and src/serve/openapi.json. Each file gets an ETag (a hash of its
 * bytes) so that a browser revalidates with If-None-Match and gets 304. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>

#include "http.h"

/* from the generated assembler file: {path, data, size} ..., {0, 0, 0} */
typedef struct embedded {
    const char *path;
    const unsigned char *data;
    uint64_t size;
} embedded;
extern const embedded parley_assets[];

enum { MAX_ASSETS = 32 };
static asset table[MAX_ASSETS];
static size_t ntable;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strcmp(dot, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (strcmp(dot, ".json") == 0)
        return "application/json; charset=utf-8";
    return "application/octet-stream";
}

static void build(void)
{
    for (const embedded *e = parley_assets; e->path && ntable < MAX_ASSETS; e++) {
        asset *a = &table[ntable++];
        /* web/index.html is the page at "/", web/X at /assets/X, openapi.json under /v1/ */
        a->path = e->path;
        a->data = e->data;
        a->size = (size_t)e->size;
        a->type = type_of(e->path);
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < a->size; i++)
            h = (h ^ a->data[i]) * 1099511628211ull;
        snprintf(a->etag, sizeof a->etag, "\"%016llx\"", (unsigned long long)h);
    }
}

void assets_init(void)
{
    pthread_once(&once, build);
}

const asset *assets_find(const char *path)
{
    assets_init();
    if (strcmp(path, "/index.html") == 0)
        path = "/";
    for (size_t i = 0; i < ntable; i++)
        if (strcmp(table[i].path, path) == 0)
            return &table[i];
    return NULL;
}

int asset_serve(request *r)
{
    const asset *a = assets_find(r->path);
    if (!a || strcmp(r->path, "/v1/openapi.json") == 0)
        return http_error(r, 404, "no such resource: %s %s", r->method, r->path);
    const char *inm = http_header(r, "If-None-Match");
    r->content_type = a->type;
    r->etag = a->etag;
    if (inm && strcmp(inm, a->etag) == 0) {
        r->status = 304;
        return 0;
    }
    r->fixed = a->data;
    r->fixed_len = a->size;
    return 0;
}
