/* api_store.c - the store's answers over HTTP: events (paged, with their evidence),
 * one event with every report of it, time series, top actors and dyads, a document
 * with its events, and the store's summary.
 *
 * Every handler takes a read-only connection from the pool for the length of the
 * request. Rows come from parley_store_query() as text with their column names; they
 * are written here as JSON, the evidence of an event grouped the way `parley code`
 * writes it (byte spans into the document, the sentence's text beside them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

enum { STOP_TOO_MANY = 1 };    /* a row callback's reason to stop a query */

/* ---- rows ---- */

static const char *col(const parley_row *row, const char *name)
{
    for (size_t i = 0; i < row->ncols; i++)
        if (strcmp(row->names[i], name) == 0)
            return row->values[i];
    return NULL;
}

static void key_str(buf *b, const char *key, const char *v, bool first)
{
    buf_json_key(b, key, first);
    buf_json_str(b, v);
}

static void key_num(buf *b, const char *key, const char *v)
{
    buf_json_key(b, key, false);
    buf_json_num(b, v);
}

static void key_bool(buf *b, const char *key, const char *v)
{
    buf_json_key(b, key, false);
    buf_puts(b, v && strcmp(v, "0") != 0 ? "true" : "false");
}

/* Every column of a row by its type: numbers as numbers, NULL as null. */
static void row_json(buf *b, const parley_row *row)
{
    buf_putc(b, '{');
    for (size_t i = 0; i < row->ncols; i++) {
        buf_json_key(b, row->names[i], i == 0);
        if (row->types[i] == PARLEY_COL_TEXT)
            buf_json_str(b, row->values[i]);
        else
            buf_json_num(b, row->values[i]);
    }
    buf_putc(b, '}');
}

static void span(buf *b, const parley_row *row, const char *name, const char *key)
{
    char s[32], e[32];
    snprintf(s, sizeof s, "%s_start", name);
    snprintf(e, sizeof e, "%s_end", name);
    const char *a = col(row, s), *z = col(row, e);
    if (!a || !z)
        return;
    buf_json_key(b, key, false);
    buf_printf(b, "[%ld,%ld]", strtol(a, NULL, 10), strtol(z, NULL, 10));
}

/* "evidence": spans into the document (the sentence's start is where "text" begins), the
 * verb as written and the dictionary pattern that coded it. */
static void evidence(buf *b, const parley_row *row)
{
    buf_puts(b, ",\"evidence\":{");
    const char *s0 = col(row, "sentence_start"), *s1 = col(row, "sentence_end");
    buf_printf(b, "\"sentence\":[%ld,%ld]", s0 ? strtol(s0, NULL, 10) : 0L,
               s1 ? strtol(s1, NULL, 10) : 0L);
    span(b, row, "verb", "verb");
    const char *st = col(row, "source_text"), *tt = col(row, "target_text");
    if (st && *st)
        span(b, row, "source", "source");
    if (tt && *tt)
        span(b, row, "target", "target");
    span(b, row, "location", "location");
    key_str(b, "verb_text", col(row, "verb"), false);
    key_str(b, "pattern", col(row, "pattern"), false);
    key_str(b, "pattern_file", col(row, "pattern_file"), false);
    key_num(b, "pattern_line", col(row, "pattern_line"));
    buf_putc(b, '}');
}

static void attribution(buf *b, const parley_row *row)
{
    const char *a = col(row, "attribution");
    buf_json_key(b, "attribution", false);
    if (a && json_valid(a, strlen(a)))
        buf_puts(b, a);
    else
        buf_puts(b, "[]");
}

static void precision(buf *b, const parley_row *row)
{
    const char *p = col(row, "date_precision");
    key_str(b, "date_precision", !p ? NULL : strcmp(p, "0") == 0 ? "day" : "approximate", false);
}

/* "location": where the event happened, from the location_* columns, as `parley code`
 * writes it (docs/events.md); null when the store has none for it. */
static void location(buf *b, const parley_row *row)
{
    const char *name = col(row, "location_name");
    buf_json_key(b, "location", false);
    if (!name) {
        buf_puts(b, "null");
        return;
    }
    buf_putc(b, '{');
    key_str(b, "name", name, true);
    key_str(b, "country", col(row, "location_country"), false);
    key_str(b, "adm1", col(row, "location_adm1"), false);
    key_num(b, "lat", col(row, "location_lat"));
    key_num(b, "lon", col(row, "location_lon"));
    key_str(b, "type", col(row, "location_type"), false);
    key_str(b, "precision", col(row, "location_precision"), false);
    const char *id = col(row, "location_geonames_id");
    if (id)
        key_num(b, "geonames_id", id);
    key_str(b, "text", col(row, "location_text"), false);
    buf_putc(b, '}');
}

/* "source_location", "target_location": the places the report's text gives its actors
 * (stored as the JSON `parley code` writes); left out when none. */
static void actor_locations(buf *b, const parley_row *row)
{
    static const char *const keys[] = {"source_location", "target_location"};
    for (int i = 0; i < 2; i++) {
        const char *v = col(row, keys[i]);
        if (v && json_valid(v, strlen(v))) {
            buf_json_key(b, keys[i], false);
            buf_puts(b, v);
        }
    }
}

/* What an event is: codes, class, and the CAMEO name of its code. */
static void event_head(buf *b, const parley_row *row)
{
    buf_json_key(b, "event_id", true);
    buf_json_num(b, col(row, "event_id"));
    key_str(b, "date", col(row, "date"), false);
    key_str(b, "source", col(row, "source"), false);
    key_str(b, "target", col(row, "target"), false);
    const char *code = col(row, "code");
    key_str(b, "code", code, false);
    key_str(b, "root", col(row, "root"), false);
    key_num(b, "quad", col(row, "quad"));
    key_num(b, "goldstein", col(row, "goldstein"));
    const parley_cameo *c = code ? parley_cameo_lookup(code) : NULL;
    key_str(b, "event", c ? c->name : NULL, false);
    key_str(b, "modality", col(row, "modality"), false);
    key_bool(b, "negated", col(row, "negated"));
    key_num(b, "num_mentions", col(row, "num_mentions"));
    key_num(b, "num_sources", col(row, "num_sources"));
    key_num(b, "num_articles", col(row, "num_articles"));
}

/* An event row with its first report's evidence (PARLEY_QUERY_EVENTS, evidence). */
static void event_json(buf *b, const parley_row *row)
{
    buf_putc(b, '{');
    event_head(b, row);
    key_str(b, "source_text", col(row, "source_text"), false);
    key_str(b, "target_text", col(row, "target_text"), false);
    location(b, row);
    buf_puts(b, ",\"first_report\":{");
    key_str(b, "doc_id", col(row, "doc_id"), true);
    key_str(b, "outlet", col(row, "outlet"), false);
    key_str(b, "url", col(row, "url"), false);
    key_str(b, "title", col(row, "title"), false);
    key_str(b, "pub_date", col(row, "pub_date"), false);
    key_num(b, "sentence", col(row, "sentence"));
    precision(b, row);
    key_str(b, "text", col(row, "sentence_text"), false);
    actor_locations(b, row);
    evidence(b, row);
    attribution(b, row);
    buf_puts(b, "}}");
}

/* A mention row (PARLEY_QUERY_MENTIONS): one report of an event. */
static void mention_json(buf *b, const parley_row *row)
{
    buf_putc(b, '{');
    event_head(b, row);
    key_str(b, "doc_id", col(row, "doc_id"), false);
    key_num(b, "index", col(row, "idx"));
    key_num(b, "sentence", col(row, "sentence"));
    precision(b, row);
    key_str(b, "outlet", col(row, "outlet"), false);
    key_str(b, "pub_date", col(row, "pub_date"), false);
    key_str(b, "url", col(row, "url"), false);
    key_str(b, "title", col(row, "title"), false);
    key_str(b, "source_text", col(row, "source_text"), false);
    key_str(b, "target_text", col(row, "target_text"), false);
    location(b, row);
    actor_locations(b, row);
    key_str(b, "text", col(row, "sentence_text"), false);
    evidence(b, row);
    attribution(b, row);
    buf_putc(b, '}');
}

typedef struct rows {
    buf *b;
    long n;
    long max;                         /* stop (STOP_TOO_MANY) past this many; 0 = none */
    void (*write)(buf *b, const parley_row *row);
    long count;                       /* PARLEY_QUERY_COUNT's answer */
} rows;

static int on_row(void *ud, const parley_row *row)
{
    rows *x = ud;
    if (x->max && x->n >= x->max)
        return STOP_TOO_MANY;
    if (x->n++)
        buf_putc(x->b, ',');
    x->write(x->b, row);
    return x->b->oom ? PARLEY_ENOMEM : 0;
}

static int on_count(void *ud, const parley_row *row)
{
    rows *x = ud;
    x->count = row->values[0] ? strtol(row->values[0], NULL, 10) : 0;
    return 0;
}

/* ---- the store, for the length of a request ---- */

static parley_store *acquire(request *r)
{
    parley_error err;
    parley_store *s = pool_get(server_pool(r), &err);
    if (!s)
        http_error(r, 503, "the store cannot be opened: %s", err.msg);
    return s;
}

/* Gives the connection back; one that failed for a reason of its own is replaced. */
static void release(request *r, parley_store *s, int rc)
{
    bool broken = rc < 0 && rc != PARLEY_ELIMIT && rc != PARLEY_EARG && rc != PARLEY_ENOMEM;
    pool_put(server_pool(r), s, broken);
}

static int query(request *r, parley_store *s, const parley_query *q, parley_row_fn fn, rows *x)
{
    parley_error err;
    int rc = parley_store_query(s, q, fn, x, &err);
    if (rc < 0)
        http_store_error(r, rc, &err);
    return rc;
}

/* ---- GET /v1/events ---- */

int api_events(request *r)
{
    static const char *const args[] = {FILTER_PARAMS, "limit", "offset", NULL};
    parley_query q;
    filter_scratch sc;
    memset(&q, 0, sizeof q);
    long limit, offset;
    if (http_only_args(r, args) < 0 || params_filters(r, &q, &sc) < 0 ||
        params_page(r, 50, &limit, &offset) < 0)
        return -1;
    parley_store *s = acquire(r);
    if (!s)
        return -1;
    buf *b = &r->out;
    rows x = {b, 0, 0, event_json, 0};
    q.kind = PARLEY_QUERY_COUNT;
    int rc = query(r, s, &q, on_count, &x);
    if (rc == 0) {
        buf_printf(b, "{\"total\":%ld,\"limit\":%ld,\"offset\":%ld,\"next_offset\":", x.count, limit,
                   offset);
        if (offset + limit < x.count)
            buf_printf(b, "%ld", offset + limit);
        else
            buf_puts(b, "null");
        buf_puts(b, ",\"events\":[");
        q.kind = PARLEY_QUERY_EVENTS;
        q.evidence = true;
        q.limit = limit;
        q.offset = offset;
        rc = query(r, s, &q, on_row, &x);
        if (rc == 0)
            buf_puts(b, "]}\n");
    }
    release(r, s, rc);
    return rc;
}

/* ---- GET /v1/events/{id}: the event and every report of it ---- */

int api_event(request *r)
{
    static const char *const args[] = {"limit", "offset", NULL};
    long limit, offset;
    if (http_only_args(r, args) < 0 || params_page(r, 100, &limit, &offset) < 0)
        return -1;
    char *end;
    long id = strtol(r->param, &end, 10);
    if (*end || id <= 0 || strlen(r->param) > 18)
        return http_error(r, 404, "no event \"%.40s\": event ids are positive whole numbers",
                          r->param);
    parley_store *s = acquire(r);
    if (!s)
        return -1;
    parley_query q;
    memset(&q, 0, sizeof q);
    q.kind = PARLEY_QUERY_EVENTS;
    q.event_id = id;
    q.evidence = true;
    buf one = {0};
    rows x = {&one, 0, 0, event_json, 0};
    int rc = query(r, s, &q, on_row, &x);
    if (rc == 0 && x.n == 0) {
        http_error(r, 404, "no event %ld in the store", id);
        rc = -1;
    } else if (rc == 0) {
        buf *b = &r->out;
        buf_puts(b, "{\"event\":");
        buf_putn(b, one.p, one.len);
        buf_printf(b, ",\"limit\":%ld,\"offset\":%ld,\"reports\":[", limit, offset);
        q.kind = PARLEY_QUERY_MENTIONS;
        q.limit = limit;
        q.offset = offset;
        rows m = {b, 0, 0, mention_json, 0};
        rc = query(r, s, &q, on_row, &m);
        if (rc == 0)
            buf_puts(b, "]}\n");
    }
    buf_free(&one);
    release(r, s, rc);
    return rc;
}

/* ---- GET /v1/series ---- */

static long days_from_civil(int ymd)
{
    /* days since 1970-01-01 of a proleptic Gregorian date */
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void series_row(buf *b, const parley_row *row)
{
    row_json(b, row);
}

int api_series(request *r)
{
    static const char *const args[] = {FILTER_PARAMS, "period", NULL};
    parley_query q;
    filter_scratch sc;
    memset(&q, 0, sizeof q);
    if (http_only_args(r, args) < 0 || params_filters(r, &q, &sc) < 0)
        return -1;
    const char *period = http_arg(r, "period");
    if (!period)
        period = "month";
    if (strcmp(period, "day") == 0)
        q.period = PARLEY_PERIOD_DAY;
    else if (strcmp(period, "week") == 0)
        q.period = PARLEY_PERIOD_WEEK;
    else if (strcmp(period, "month") == 0)
        q.period = PARLEY_PERIOD_MONTH;
    else
        return http_error(r, 400, "bad period \"%.40s\": day, week or month", period);
    long max = r->cfg->max_periods;
    if (q.date_from && q.date_to) {
        /* refuse at once what would only be refused after the query */
        long n = days_from_civil(q.date_to) - days_from_civil(q.date_from) + 1;
        if (q.period == PARLEY_PERIOD_WEEK)
            n = n / 7 + 1;
        else if (q.period == PARLEY_PERIOD_MONTH)
            n = (q.date_to / 10000 - q.date_from / 10000) * 12 + q.date_to / 100 % 100 -
                q.date_from / 100 % 100 + 1;
        if (n > max)
            return http_error(r, 400, "the series would have %ld periods, more than %ld: choose "
                              "a longer period or a shorter range", n, max);
    }
    parley_store *s = acquire(r);
    if (!s)
        return -1;
    q.kind = PARLEY_QUERY_SERIES;
    buf *b = &r->out;
    buf_puts(b, "{\"period\":");
    buf_json_str(b, period);
    buf_puts(b, ",\"series\":[");
    rows x = {b, 0, max, series_row, 0};
    int rc = query(r, s, &q, on_row, &x);
    if (rc == STOP_TOO_MANY) {
        http_error(r, 400, "the series has more than %ld periods: choose a longer period or "
                   "give from and to", max);
        rc = -1;
    } else if (rc == 0) {
        buf_puts(b, "]}\n");
    }
    release(r, s, rc);
    return rc;
}

/* ---- GET /v1/top ---- */

int api_top(request *r)
{
    static const char *const args[] = {FILTER_PARAMS, "by", "limit", NULL};
    parley_query q;
    filter_scratch sc;
    memset(&q, 0, sizeof q);
    long limit = 10;
    const char *by = http_arg(r, "by");
    const char *l = http_arg(r, "limit");
    if (http_only_args(r, args) < 0 || params_filters(r, &q, &sc) < 0)
        return -1;
    if (l) {
        char *end;
        limit = strtol(l, &end, 10);
        if (*end || !*l || limit < 1 || limit > 100)
            return http_error(r, 400, "bad limit \"%.40s\": a whole number from 1 to 100", l);
    }
    if (!by || strcmp(by, "dyads") == 0)
        q.kind = PARLEY_QUERY_TOP_DYADS;
    else if (strcmp(by, "actors") == 0)
        q.kind = PARLEY_QUERY_TOP_ACTORS;
    else
        return http_error(r, 400, "bad by \"%.40s\": actors or dyads", by);
    q.limit = limit;
    parley_store *s = acquire(r);
    if (!s)
        return -1;
    buf *b = &r->out;
    buf_printf(b, "{\"by\":\"%s\",\"rows\":[", q.kind == PARLEY_QUERY_TOP_DYADS ? "dyads" : "actors");
    rows x = {b, 0, 0, row_json, 0};
    int rc = query(r, s, &q, on_row, &x);
    if (rc == 0)
        buf_puts(b, "]}\n");
    release(r, s, rc);
    return rc;
}

/* ---- GET /v1/summary ---- */

static int on_summary(void *ud, const parley_row *row)
{
    rows *x = ud;
    const char *what = row->values[0], *v = row->values[1];
    if (!what)
        return 0;
    char key[64];
    size_t i = 0;
    for (; what[i] && i + 1 < sizeof key; i++)
        key[i] = what[i] == ' ' ? '_' : what[i];
    key[i] = '\0';
    buf_json_key(x->b, key, x->n++ == 0);
    bool number = v && *v && strspn(v, "0123456789") == strlen(v);
    if (number)
        buf_puts(x->b, v);
    else
        buf_json_str(x->b, v);
    return 0;
}

int api_summary(request *r)
{
    static const char *const args[] = {NULL};
    if (http_only_args(r, args) < 0)
        return -1;
    parley_store *s = acquire(r);
    if (!s)
        return -1;
    parley_query q;
    memset(&q, 0, sizeof q);
    q.kind = PARLEY_QUERY_SUMMARY;
    buf *b = &r->out;
    buf_putc(b, '{');
    rows x = {b, 0, 0, NULL, 0};
    int rc = query(r, s, &q, on_summary, &x);
    if (rc == 0)
        buf_puts(b, "}\n");
    release(r, s, rc);
    return rc;
}

/* ---- GET /v1/documents/{id} ---- */

int api_document(request *r)
{
    static const char *const args[] = {NULL};
    if (http_only_args(r, args) < 0)
        return -1;
    if (strlen(r->param) > 1000)
        return http_error(r, 404, "no such document (ids are at most 1000 bytes)");
    parley_store *s = acquire(r);
    if (!s)
        return -1;
    parley_query q;
    memset(&q, 0, sizeof q);
    q.kind = PARLEY_QUERY_DOCUMENTS;
    q.doc_id = r->param;
    buf doc = {0};
    rows x = {&doc, 0, 0, row_json, 0};
    int rc = query(r, s, &q, on_row, &x);
    if (rc == 0 && x.n == 0) {
        http_error(r, 404, "no document \"%.200s\" in the store", r->param);
        rc = -1;
    } else if (rc == 0) {
        buf *b = &r->out;
        buf_puts(b, "{\"document\":");
        buf_putn(b, doc.p, doc.len);
        buf_puts(b, ",\"events\":[");
        q.kind = PARLEY_QUERY_MENTIONS;
        q.limit = 10000;   /* a document's events; no article holds more */
        rows m = {b, 0, 0, mention_json, 0};
        rc = query(r, s, &q, on_row, &m);
        if (rc == 0)
            buf_puts(b, "]}\n");
    }
    buf_free(&doc);
    release(r, s, rc);
    return rc;
}
