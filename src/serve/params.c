/* params.c - query parameters: checked strictly, then turned into store filters.
 *
 * A parameter the route does not know, or a value out of shape, is a 400 naming it: a
 * misspelt filter ("acter=USA") that was ignored would silently answer a wider question.
 * Codes are upper-cased (CAMEO codes are), and the store's SQL only ever sees them as
 * bound parameters. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

/* "USA", "USAGOV", "IGOUNO*", "---GOV": letters, digits, '-', and a final '*' for a
 * prefix. Copied upper-cased into out. */
static int actor_code(request *r, const char *name, const char *v, char *out, size_t cap)
{
    size_t n = strlen(v);
    bool ok = n > 0 && n < cap && n <= 40;
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        ok = isalnum(c) || c == '-' || (c == '*' && i == n - 1);
    }
    if (!ok)
        return http_error(r, 400, "bad %s \"%.60s\": an actor code is letters, digits and "
                          "'-', with a final '*' for every code that begins so (USA*)", name, v);
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)toupper((unsigned char)v[i]);
    return 0;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

void params_format_date(int ymd, char out[11])
{
    unsigned v = ymd > 0 ? (unsigned)ymd : 0;
    snprintf(out, 11, "%04u-%02u-%02u", v / 10000 % 10000, v / 100 % 100, v % 100);
}

int params_date(request *r, const char *name, int end)
{
    const char *s = http_arg(r, name);
    if (!s)
        return 0;
    int y = 0, m = 0, d = 0;
    size_t n = strlen(s);
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        char t[11];
        memcpy(t, s, 11);
        t[4] = t[7] = '0';
        if (all_digits(t, 10, 10)) {
            y = atoi(s);
            m = atoi(s + 5);
            d = atoi(s + 8);
        }
    } else if (n == 8 && all_digits(s, 8, 8)) {
        long v = strtol(s, NULL, 10);
        y = (int)(v / 10000);
        m = (int)(v / 100 % 100);
        d = (int)(v % 100);
    } else if (n == 7 && s[4] == '-' && isdigit((unsigned char)s[5]) &&
               isdigit((unsigned char)s[6])) {
        char t[8];
        memcpy(t, s, 8);
        t[4] = '0';
        if (all_digits(t, 7, 7)) {
            y = atoi(s);
            m = atoi(s + 5);
            d = -1;
        }
    } else if (n == 4 && all_digits(s, 4, 4)) {
        y = atoi(s);
        m = end ? 12 : 1;
        d = end ? 31 : 1;
    }
    if (y >= 1 && m >= 1 && m <= 12) {
        if (d == -1)
            d = end ? days_in_month(y, m) : 1;
        if (d >= 1 && d <= days_in_month(y, m))
            return y * 10000 + m * 100 + d;
    }
    http_error(r, 400, "bad %s \"%.40s\": a date is YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY", name,
               s);
    return -1;
}

/* A whole number in [lo, hi], or def when absent; -1 with a 400 when bad. */
static int number(request *r, const char *name, long lo, long hi, long def, long *out)
{
    const char *s = http_arg(r, name);
    *out = def;
    if (!s)
        return 0;
    if (!all_digits(s, 1, 12) || strtol(s, NULL, 10) < lo || strtol(s, NULL, 10) > hi)
        return http_error(r, 400, "bad %s \"%.40s\": a whole number from %ld to %ld", name, s,
                          lo, hi);
    *out = strtol(s, NULL, 10);
    return 0;
}

int params_page(request *r, long def, long *limit, long *offset)
{
    if (number(r, "limit", 1, r->cfg->max_page, def, limit) < 0)
        return -1;
    return number(r, "offset", 0, r->cfg->max_offset, 0, offset);
}

int params_filters(request *r, parley_query *q, filter_scratch *sc)
{
    static const struct { const char *name; size_t off; } codes[] = {
        {"actor", offsetof(filter_scratch, actor)},
        {"source", offsetof(filter_scratch, source)},
        {"target", offsetof(filter_scratch, target)},
    };
    const char **slots[] = {&q->actor, &q->source, &q->target};
    for (size_t i = 0; i < 3; i++) {
        const char *v = http_arg(r, codes[i].name);
        if (!v || !*v)
            continue;
        char *dst = (char *)sc + codes[i].off;
        if (actor_code(r, codes[i].name, v, dst, sizeof sc->actor) < 0)
            return -1;
        *slots[i] = dst;
    }
    const char *dyad = http_arg(r, "dyad");
    if (dyad && *dyad) {
        const char *comma = strchr(dyad, ',');
        if (!comma || strchr(comma + 1, ','))
            return http_error(r, 400, "bad dyad \"%.60s\": SOURCE,TARGET (USA,RUS)", dyad);
        if (q->source || q->target)
            return http_error(r, 400, "give either dyad or source and target, not both");
        char left[64];
        snprintf(left, sizeof left, "%.*s", (int)(comma - dyad < 63 ? comma - dyad : 63), dyad);
        if (actor_code(r, "dyad source", left, sc->source, sizeof sc->source) < 0 ||
            actor_code(r, "dyad target", comma + 1, sc->target, sizeof sc->target) < 0)
            return -1;
        q->source = sc->source;
        q->target = sc->target;
    }
    const char *code = http_arg(r, "code");
    if (code && *code) {
        size_t n = strlen(code);
        size_t digits = n && code[n - 1] == '*' ? n - 1 : n;
        bool ok = digits >= 1 && digits <= 4;
        for (size_t i = 0; ok && i < digits; i++)
            ok = isdigit((unsigned char)code[i]);
        if (!ok)
            return http_error(r, 400, "bad code \"%.40s\": a CAMEO event code (043), or a "
                              "prefix with '*' (19*)", code);
        snprintf(sc->code, sizeof sc->code, "%s", code);
        q->code = sc->code;
    }
    const char *root = http_arg(r, "root");
    if (root && *root) {
        long v = all_digits(root, 1, 2) ? strtol(root, NULL, 10) : 0;
        if (v < 1 || v > 20)
            return http_error(r, 400, "bad root \"%.40s\": a CAMEO root code, 01 to 20", root);
        snprintf(sc->root, sizeof sc->root, "%02ld", v);
        q->root = sc->root;
    }
    long quad;
    if (number(r, "quad", 1, 4, 0, &quad) < 0)
        return -1;
    q->quad = (int)quad;
    if ((q->date_from = params_date(r, "from", 0)) < 0 || (q->date_to = params_date(r, "to", 1)) < 0)
        return -1;
    if (q->date_from && q->date_to && q->date_from > q->date_to)
        return http_error(r, 400, "from is after to");
    const char *outlet = http_arg(r, "outlet");
    if (outlet && *outlet) {
        if (strlen(outlet) > 200)
            return http_error(r, 400, "outlet is longer than 200 bytes");
        q->outlet = outlet;
    }
    const char *country = http_arg(r, "country");
    if (country && *country) {
        bool ok = strlen(country) == 3;
        for (size_t i = 0; ok && i < 3; i++) {
            ok = isalpha((unsigned char)country[i]);
            sc->country[i] = (char)toupper((unsigned char)country[i]);
        }
        if (!ok)
            return http_error(r, 400, "bad country \"%.40s\": an ISO 3166-1 alpha-3 code (UKR, USA)",
                              country);
        sc->country[3] = '\0';
        q->country = sc->country;
    }
    const char *place = http_arg(r, "place");
    if (place && *place) {
        if (strlen(place) > 200)
            return http_error(r, 400, "place is longer than 200 bytes");
        q->place = place;
    }
    const char *modality = http_arg(r, "modality");
    if (modality && *modality) {
        static const char *const names[] = {"asserted", "reported", "claimed", "denied",
                                            "hypothetical", "future"};
        size_t i = 0;
        while (i < 6 && strcmp(names[i], modality) != 0)
            i++;
        if (i == 6)
            return http_error(r, 400, "bad modality \"%.40s\": asserted, reported, claimed, "
                              "denied, hypothetical or future", modality);
        q->modality = names[i];
    }
    return 0;
}
