/* routes.c - the route table: which handler answers which method and path.
 *
 * The table is the one list of what the API offers: `parley serve --routes` prints it,
 * and tests/serve checks it against the OpenAPI description (src/serve/openapi.json),
 * both ways. A path segment written {id} matches any non-empty rest of the path (a
 * document id may hold a slash; libmicrohttpd has already decoded %2F). */
#include <stdio.h>
#include <string.h>

#include "http.h"

typedef struct route {
    const char *method;
    const char *path;
    handler_fn fn;
} route;

static const route routes[] = {
    {"GET", "/healthz", api_health},
    {"GET", "/v1/openapi.json", api_openapi},
    {"POST", "/v1/code", api_code},
    {"GET", "/v1/explain", api_explain},
    {"POST", "/v1/explain", api_explain},
    {"GET", "/v1/events", api_events},
    {"GET", "/v1/events/{id}", api_event},
    {"GET", "/v1/series", api_series},
    {"GET", "/v1/top", api_top},
    {"GET", "/v1/summary", api_summary},
    {"GET", "/v1/documents/{id}", api_document},
    {"GET", "/v1/actors", api_actors},
};
enum { NROUTES = sizeof routes / sizeof routes[0] };

/* Does the request path match the route's? *param: where the {id} starts. */
static bool match(const char *pattern, const char *path, const char **param)
{
    const char *brace = strchr(pattern, '{');
    *param = NULL;
    if (!brace)
        return strcmp(pattern, path) == 0;
    size_t n = (size_t)(brace - pattern);
    if (strncmp(pattern, path, n) != 0 || !path[n])
        return false;
    *param = path + n;
    return true;
}

handler_fn routes_find(request *r, bool *path_known)
{
    /* HEAD is GET without the body (libmicrohttpd drops it) */
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    char *allow = r->allow;
    allow[0] = '\0';
    *path_known = false;
    for (size_t i = 0; i < NROUTES; i++) {
        const char *param;
        if (!match(routes[i].path, r->path, &param))
            continue;
        if (strcmp(routes[i].method, method) == 0) {
            r->param = param;
            return routes[i].fn;
        }
        *path_known = true;
        size_t n = strlen(allow);
        snprintf(allow + n, sizeof r->allow - n, "%s%s%s", n ? ", " : "", routes[i].method,
                 strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
    }
    return NULL;
}

const char *serve_route_name(size_t i, char *out, size_t cap)
{
    if (i >= NROUTES)
        return NULL;
    snprintf(out, cap, "%s %s", routes[i].method, routes[i].path);
    return out;
}
