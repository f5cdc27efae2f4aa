/* query.c - `parley query`: events, time series, top actors and dyads from a store.
 *
 * Output is an aligned table on a terminal (for reading) and JSON Lines when piped (for
 * programs); --format picks table, jsonl or csv explicitly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley query --db STORE [WHAT] [FILTERS] [--format table|jsonl|csv]\n"
          "\n"
          "what (default: the events that match, newest first):\n"
          "  --series day|week|month   events, mentions and Goldstein sum and mean per period\n"
          "                       (weeks start on Monday), e.g. with --dyad USA,RUS\n"
          "  --top actors|dyads   the most frequent actors (either position) or dyads\n"
          "                       (default 10, --limit N)\n"
          "  --documents          the documents and their status (--status coded|failed|\n"
          "                       discarded), failed ones with their error\n"
          "  --summary            what the store holds\n",
          f);
    fputs(store_filter_help, f);
    fputs("  --db STORE           the store (default: $PARLEY_DB)\n"
          "\n"
          "Output: an aligned table on a terminal, JSON Lines otherwise; --format to choose.\n",
          f);
}

enum { OUT_TABLE, OUT_JSONL, OUT_CSV };

/* ---- JSON Lines and CSV: row by row ---- */

static void json_str(FILE *out, const char *s)
{
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            putc(*p, out);
    }
    putc('"', out);
}

static void csv_str(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    putc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

typedef struct printer {
    int format;
    long rows;
    /* the table: every cell kept until the widths are known */
    char **cells;
    size_t ncells, cap;
    size_t ncols;
    const char *names[32];
    int types[32];
} printer;

static int on_row(void *ud, const parley_row *row)
{
    printer *p = ud;
    FILE *out = stdout;
    if (p->rows == 0) {
        p->ncols = row->ncols < 32 ? row->ncols : 32;
        for (size_t i = 0; i < p->ncols; i++) {
            p->names[i] = row->names[i];
            p->types[i] = row->types[i];
        }
        if (p->format == OUT_CSV) {
            for (size_t i = 0; i < p->ncols; i++) {
                if (i)
                    putc(',', out);
                fputs(row->names[i], out);
            }
            putc('\n', out);
        }
    }
    p->rows++;
    if (p->format == OUT_JSONL) {
        putc('{', out);
        for (size_t i = 0; i < p->ncols; i++) {
            if (i)
                putc(',', out);
            json_str(out, row->names[i]);
            putc(':', out);
            const char *v = row->values[i];
            if (!v)
                fputs("null", out);
            else if (row->types[i] != PARLEY_COL_TEXT)
                fputs(v, out);
            else
                json_str(out, v);
        }
        fputs("}\n", out);
    } else if (p->format == OUT_CSV) {
        for (size_t i = 0; i < p->ncols; i++) {
            if (i)
                putc(',', out);
            if (row->values[i])
                csv_str(out, row->values[i]);
        }
        putc('\n', out);
    } else {
        for (size_t i = 0; i < p->ncols; i++) {
            if (p->ncells == p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 1024;
                char **c = realloc(p->cells, cap * sizeof *c);
                if (!c)
                    return PARLEY_ENOMEM;
                p->cells = c;
                p->cap = cap;
            }
            const char *v = row->values[i] ? row->values[i] : "";
            if (!(p->cells[p->ncells++] = strdup(v)))
                return PARLEY_ENOMEM;
        }
    }
    return ferror(out) ? PARLEY_EIO : 0;
}

/* Display width of UTF-8 text: one column per character (good enough for names). */
static size_t width(const char *s, size_t max_bytes)
{
    size_t w = 0;
    for (size_t i = 0; s[i] && i < max_bytes; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            w++;
    return w;
}

/* At most max columns of s: cut at a character boundary, "~" marking the cut. */
static void cell(FILE *out, const char *s, size_t max, size_t pad, int right)
{
    size_t w = width(s, (size_t)-1);
    size_t shown = w > max ? max : w;
    if (right)
        for (size_t k = shown; k < pad; k++)
            putc(' ', out);
    if (w <= max) {
        fputs(s, out);
    } else {
        size_t chars = 0, i = 0;
        for (; s[i]; i++) {
            if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > max - 1)
                break;
            putc(s[i], out);
        }
        putc('~', out);
    }
    if (!right)
        for (size_t k = shown; k < pad; k++)
            putc(' ', out);
}

static void print_table(printer *p)
{
    enum { MAX_W = 40 };
    size_t w[32];
    if (!p->ncols) {
        printf("(no rows)\n");
        return;
    }
    for (size_t c = 0; c < p->ncols; c++)
        w[c] = width(p->names[c], (size_t)-1);
    for (size_t k = 0; k < p->ncells; k++) {
        size_t c = k % p->ncols, cw = width(p->cells[k], (size_t)-1);
        if (cw > MAX_W)
            cw = MAX_W;
        if (cw > w[c])
            w[c] = cw;
    }
    for (size_t c = 0; c < p->ncols; c++) {
        int right = p->types[c] != PARLEY_COL_TEXT;
        cell(stdout, p->names[c], MAX_W, c + 1 < p->ncols || right ? w[c] : 0, right);
        fputs(c + 1 < p->ncols ? "  " : "\n", stdout);
    }
    for (size_t k = 0; k < p->ncells; k++) {
        size_t c = k % p->ncols;
        int right = p->types[c] != PARLEY_COL_TEXT;
        cell(stdout, p->cells[k], MAX_W, c + 1 < p->ncols || right ? w[c] : 0, right);
        fputs(c + 1 < p->ncols ? "  " : "\n", stdout);
    }
    printf("(%ld row%s)\n", p->rows, p->rows == 1 ? "" : "s");
}

int cmd_query(int argc, char **argv)
{
    store_opts so;
    memset(&so, 0, sizeof so);
    so.q.kind = PARLEY_QUERY_EVENTS;
    int format = isatty(1) ? OUT_TABLE : OUT_JSONL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = store_opt_parse(&so, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--documents") == 0) {
            so.q.kind = PARLEY_QUERY_DOCUMENTS;
            continue;
        }
        if (strcmp(a, "--summary") == 0) {
            so.q.kind = PARLEY_QUERY_SUMMARY;
            continue;
        }
        if (strcmp(a, "--series") == 0 || strcmp(a, "--top") == 0 || strcmp(a, "--format") == 0 ||
            strcmp(a, "--status") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "parley: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--series") == 0) {
                so.q.kind = PARLEY_QUERY_SERIES;
                if (strcmp(v, "day") == 0)
                    so.q.period = PARLEY_PERIOD_DAY;
                else if (strcmp(v, "week") == 0)
                    so.q.period = PARLEY_PERIOD_WEEK;
                else if (strcmp(v, "month") == 0)
                    so.q.period = PARLEY_PERIOD_MONTH;
                else {
                    fprintf(stderr, "parley: --series takes day, week or month\n");
                    return EXIT_USAGE;
                }
            } else if (strcmp(a, "--top") == 0) {
                if (strcmp(v, "actors") == 0)
                    so.q.kind = PARLEY_QUERY_TOP_ACTORS;
                else if (strcmp(v, "dyads") == 0)
                    so.q.kind = PARLEY_QUERY_TOP_DYADS;
                else {
                    fprintf(stderr, "parley: --top takes actors or dyads\n");
                    return EXIT_USAGE;
                }
            } else if (strcmp(a, "--status") == 0) {
                so.q.status = v;
            } else if (strcmp(v, "table") == 0) {
                format = OUT_TABLE;
            } else if (strcmp(v, "jsonl") == 0 || strcmp(v, "json") == 0) {
                format = OUT_JSONL;
            } else if (strcmp(v, "csv") == 0) {
                format = OUT_CSV;
            } else {
                fprintf(stderr, "parley: --format takes table, jsonl or csv\n");
                return EXIT_USAGE;
            }
            continue;
        }
        fprintf(stderr, "parley: unknown option \"%s\" (parley query --help)\n", a);
        return EXIT_USAGE;
    }
    parley_store *s;
    int orc = store_open_read(&so, "query", &s);
    if (orc)
        return orc;
    parley_error err;
    printer p;
    memset(&p, 0, sizeof p);
    p.format = format;
    int rc = parley_store_query(s, &so.q, on_row, &p, &err);
    if (rc < 0 && rc != PARLEY_EIO && rc != PARLEY_ENOMEM)
        print_error(&err);
    else if (rc < 0)
        fprintf(stderr, "parley: %s\n", rc == PARLEY_EIO ? "cannot write output" : "out of memory");
    if (rc == 0 && format == OUT_TABLE)
        print_table(&p);
    for (size_t k = 0; k < p.ncells; k++)
        free(p.cells[k]);
    free(p.cells);
    parley_store_close(s);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "parley: cannot write output\n");
        return EXIT_FATAL;
    }
    return rc < 0 ? EXIT_FATAL : EXIT_CLEAN;
}
