/* storeopts.c - the options the store subcommands share: --db and the event filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* "2024-03-05", "20240305", "2024-03" or "2024": a day, or the first (end = 0) or last
 * (end = 1) day of a month or year. Returns yyyymmdd or 0. */
int cli_parse_date(const char *s, int end)
{
    int y = 0, m = 0, d = 0;
    char tail;
    size_t n = strlen(s);
    if (n == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
    } else if (n == 8 && strspn(s, "0123456789") == 8) {
        long v = strtol(s, NULL, 10);
        y = (int)(v / 10000);
        m = (int)(v / 100 % 100);
        d = (int)(v % 100);
    } else if (n == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2) {
        d = 0;
    } else if (n == 4 && strspn(s, "0123456789") == 4) {
        y = atoi(s);
        m = end ? 12 : 1;
        d = end ? 31 : 1;
    } else {
        return 0;
    }
    if (y < 1 || m < 1 || m > 12)
        return 0;
    if (d == 0)
        d = end ? days_in_month(y, m) : 1;
    if (d < 1 || d > days_in_month(y, m))
        return 0;
    return y * 10000 + m * 100 + d;
}

static int need(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "parley: %s needs a value\n", argv[*i]);
        return -1;
    }
    return 0;
}

int store_opt_parse(store_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    static const char *const valued[] = {
        "--db", "--actor", "--source", "--target", "--dyad", "--code", "--root", "--quad",
        "--from", "--to", "--outlet", "--modality", "--limit", "--country", "--place",
    };
    size_t k, nv = sizeof valued / sizeof valued[0];
    for (k = 0; k < nv && strcmp(a, valued[k]) != 0; k++)
        ;
    if (k == nv)
        return 0;
    if (need(argc, argv, i) < 0)
        return -1;
    const char *v = argv[++*i];
    parley_query *q = &o->q;
    if (strcmp(a, "--db") == 0) {
        o->db = v;
    } else if (strcmp(a, "--actor") == 0) {
        q->actor = v;
    } else if (strcmp(a, "--source") == 0) {
        q->source = v;
    } else if (strcmp(a, "--target") == 0) {
        q->target = v;
    } else if (strcmp(a, "--dyad") == 0) {
        /* SOURCE,TARGET: CAMEO codes never hold a comma */
        const char *comma = strchr(v, ',');
        if (!comma || comma == v || !comma[1] || (size_t)(comma - v) >= sizeof o->dyad_source) {
            fprintf(stderr, "parley: --dyad needs SOURCE,TARGET (for example USA,RUS)\n");
            return -1;
        }
        memcpy(o->dyad_source, v, (size_t)(comma - v));
        o->dyad_source[comma - v] = '\0';
        q->source = o->dyad_source;
        q->target = comma + 1;
    } else if (strcmp(a, "--code") == 0) {
        q->code = v;
    } else if (strcmp(a, "--root") == 0) {
        q->root = v;
    } else if (strcmp(a, "--quad") == 0) {
        q->quad = atoi(v);
        if (q->quad < 1 || q->quad > 4 || strlen(v) != 1) {
            fprintf(stderr, "parley: --quad takes 1 (verbal cooperation), 2 (material "
                            "cooperation), 3 (verbal conflict) or 4 (material conflict)\n");
            return -1;
        }
    } else if (strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) {
        int end = strcmp(a, "--to") == 0;
        int d = cli_parse_date(v, end);
        if (!d) {
            fprintf(stderr, "parley: %s: bad date \"%s\" (YYYY-MM-DD, YYYY-MM or YYYY)\n", a, v);
            return -1;
        }
        if (end)
            q->date_to = d;
        else
            q->date_from = d;
    } else if (strcmp(a, "--outlet") == 0) {
        q->outlet = v;
    } else if (strcmp(a, "--modality") == 0) {
        q->modality = v;
    } else if (strcmp(a, "--country") == 0) {
        /* ISO 3166-1 alpha-3, as the locations and the actor codes give countries */
        bool ok = strlen(v) == 3;
        for (size_t k2 = 0; ok && k2 < 3; k2++) {
            char c = v[k2];
            ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            o->country[k2] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        if (!ok) {
            fprintf(stderr, "parley: --country takes an ISO 3166-1 alpha-3 code (UKR, USA)\n");
            return -1;
        }
        o->country[3] = '\0';
        q->country = o->country;
    } else if (strcmp(a, "--place") == 0) {
        q->place = v;
    } else if (strcmp(a, "--limit") == 0) {
        char *end;
        q->limit = strtol(v, &end, 10);
        if (*end || q->limit < 0) {
            fprintf(stderr, "parley: --limit takes a number\n");
            return -1;
        }
    }
    return 1;
}

const char *store_opt_db(const store_opts *o)
{
    if (o->db)
        return o->db;
    const char *env = getenv("PARLEY_DB");
    return env && *env ? env : NULL;
}

const char *store_filter_help =
    "filters (all optional; a code ending in * matches as a prefix: USA* = USA, USAGOV, ...):\n"
    "  --actor CODE         the source or the target\n"
    "  --source CODE  --target CODE  --dyad SOURCE,TARGET\n"
    "  --code CODE          CAMEO event code (--code 19* = every root-19 code)\n"
    "  --root RR            CAMEO root code, 01..20\n"
    "  --quad N             QuadClass: 1 verbal coop., 2 material coop., 3 verbal conflict,\n"
    "                       4 material conflict\n"
    "  --from DATE --to DATE  event dates, inclusive (YYYY-MM-DD, YYYY-MM or YYYY)\n"
    "  --outlet NAME        reported by this outlet (the documents' \"source\")\n"
    "  --modality M         the events' modality\n"
    "  --country CCC        the event happened in this country (its location's, ISO 3166-1\n"
    "                       alpha-3: UKR)\n"
    "  --place NAME         the event's location is this place (the gazetteer's name:\n"
    "                       Kharkiv; ASCII letters in either case)\n"
    "  --limit N            at most N rows\n";

int store_open_read(const store_opts *o, const char *cmd, parley_store **s)
{
    const char *uri = store_opt_db(o);
    if (!uri) {
        fprintf(stderr, "parley: %s needs --db STORE (or $PARLEY_DB)\n", cmd);
        return EXIT_USAGE;
    }
    parley_error err;
    parley_store_opts sopts;
    memset(&sopts, 0, sizeof sopts);
    sopts.read_only = true;
    if (parley_store_open(s, uri, &sopts, &err) < 0) {
        print_error(&err);
        return EXIT_FATAL;
    }
    return 0;
}
