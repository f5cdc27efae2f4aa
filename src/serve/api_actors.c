/* api_actors.c - GET /v1/actors: the dictionaries' actors by name or code, with their
 * code on a date and every date-bounded code they have had (parley_dict_find_actors).
 * Also GET /healthz and GET /v1/openapi.json, the two routes with nothing to look up. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"

typedef struct found {
    buf *b;
    long n, limit;
    long skip;               /* offset: entries passed over first */
} found;

/* "VLADIMIR_PUTIN" -> "Vladimir Putin", "BLACK_SEA_FLEET" -> "Black Sea Fleet": a name to
 * show beside the phrase as the dictionary writes it. Words of up to three letters stay
 * capitals (UN, EU, USA, FSB) unless they are common words or name particles; a few
 * longer acronyms are known. For display only: the phrase itself is in "phrase". */
static bool in_list(const char *const *list, const char *w, size_t n)
{
    for (const char *const *q = list; *q; q++)
        if (strlen(*q) == n && strncasecmp(*q, w, n) == 0)
            return true;
    return false;
}

static void display_name(const char *phrase, char *out, size_t cap)
{
    static const char *const particles[] = {
        "of", "the", "and", "for", "de", "al", "el", "la", "le", "du", "da", "van", "von", "bin",
        "ibn", "ben", "on", "in", "to", "at", "by", "des", "del", "der", "den", "dos", "das", NULL};
    static const char *const words[] = {
        "sea", "war", "new", "old", "red", "air", "oil", "gas", "law", "bay", "one", "two", "six",
        "ten", "big", "top", "day", "end", "far", "aid", "arm", "act", "age", "net", "own", "pro",
        "sky", "son", "tax", "way", "man", "men", "sun", "key", "art", "job", "lab", "low", "map",
        "bar", "car", "gun", "ice", "red", "run", "set", "tea", "van", "win", "fox", "god", "all",
        "ali", "abu", "kim", "xi", "li", "wu", "hu", "ma", "mo", "jr", "sr", "st", NULL};
    static const char *const acronyms[] = {
        "nato", "osce", "opec", "asean", "unhcr", "unicef", "unesco", "nasa", "iaea", "ecowas",
        "oecd", "brics", "unrwa", "unifil", "monusco", "minusma", "ocha", "unodc", "undp", "unfpa",
        "unep", "usaid", "fifa", "uefa", "swift", "mercosur", "sadc", "igad", "comesa", "apec",
        "ngo", "ngos", "dprk", "prc", "roc", "drc", "uae", "uk", "us", "usa", "eu", "un", NULL};
    size_t o = 0;
    const char *p = phrase;
    while (*p && o + 1 < cap) {
        while (*p == '_' || *p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != '_' && *p != ' ')
            p++;
        size_t n = (size_t)(p - w);
        if (!n)
            break;
        bool particle = o > 0 && in_list(particles, w, n);
        bool dotted = memchr(w, '.', n) != NULL;   /* U.S., U.N. */
        bool upper = dotted || in_list(acronyms, w, n) ||
                     (n <= 3 && !in_list(particles, w, n) && !in_list(words, w, n));
        if (o && o + 1 < cap)
            out[o++] = ' ';
        for (size_t i = 0; i < n && o + 1 < cap; i++) {
            unsigned char c = (unsigned char)w[i];
            out[o++] = (char)(upper ? toupper(c) : particle || i > 0 ? tolower(c) : toupper(c));
        }
    }
    out[o] = '\0';
}

static void date_or_null(buf *b, int ymd)
{
    if (!ymd) {
        buf_puts(b, "null");
        return;
    }
    char d[11];
    params_format_date(ymd, d);
    buf_json_str(b, d);
}

static int on_actor(void *ud, const parley_actor_info *a)
{
    found *f = ud;
    if (f->skip > 0) {
        f->skip--;
        return 0;
    }
    if (f->n >= f->limit)
        return 1;
    buf *b = f->b;
    char name[256];
    display_name(a->name, name, sizeof name);
    if (f->n++)
        buf_putc(b, ',');
    buf_puts(b, "{\"name\":");
    buf_json_str(b, name);
    buf_puts(b, ",\"phrase\":");
    buf_json_str(b, a->name);
    buf_puts(b, ",\"code\":");
    buf_json_str(b, a->code);
    buf_puts(b, ",\"default_code\":");
    buf_json_str(b, *a->default_code ? a->default_code : NULL);
    buf_puts(b, ",\"windows\":[");
    for (size_t i = 0; i < a->nwindows; i++) {
        buf_puts(b, i ? ",{\"code\":" : "{\"code\":");
        buf_json_str(b, a->windows[i].code);
        buf_puts(b, ",\"from\":");
        date_or_null(b, a->windows[i].from);
        buf_puts(b, ",\"to\":");
        date_or_null(b, a->windows[i].to);
        buf_putc(b, '}');
    }
    buf_puts(b, "],\"file\":");
    buf_json_str(b, a->file);
    buf_printf(b, ",\"line\":%d,\"exact\":%s}", a->line, a->exact ? "true" : "false");
    return 0;
}

static int today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int api_actors(request *r)
{
    static const char *const args[] = {"q", "date", "limit", "offset", NULL};
    long limit, offset;
    if (http_only_args(r, args) < 0 || params_page(r, 20, &limit, &offset) < 0)
        return -1;
    const char *q = http_arg(r, "q");
    if (!q || !*q)
        return http_error(r, 400, "actors needs q: a name or a code (q=putin, q=RUSGOV)");
    if (strlen(q) > 200)
        return http_error(r, 400, "q is longer than 200 bytes");
    int date = params_date(r, "date", 0);
    if (date < 0)
        return -1;
    if (!date)
        date = today();
    buf *b = &r->out;
    char d[11];
    params_format_date(date, d);
    buf_puts(b, "{\"query\":");
    buf_json_str(b, q);
    buf_printf(b, ",\"date\":\"%s\",\"actors\":[", d);
    found f = {b, 0, limit, offset};
    int rc = parley_dict_find_actors(r->cfg->dict, q, date, on_actor, &f);
    if (rc < 0)
        return http_error(r, 503, "the search failed: %s", parley_strerror(rc));
    buf_puts(b, "]}\n");
    return 0;
}

int api_health(request *r)
{
    static const char *const args[] = {NULL};
    if (http_only_args(r, args) < 0)
        return -1;
    buf_printf(&r->out, "{\"status\":\"ok\",\"version\":\"%s\",\"uptime_s\":%.0f}\n", PARLEY_VERSION,
               server_uptime(r));
    return 0;
}

int api_openapi(request *r)
{
    const asset *a = assets_find("/v1/openapi.json");
    if (!a)
        return http_error(r, 500, "the OpenAPI description was not built in");
    r->fixed = a->data;
    r->fixed_len = a->size;
    return 0;
}
