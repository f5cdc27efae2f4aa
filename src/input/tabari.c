/* tabari.c - TABARI text records.
 *
 *     950101  DEMO-01
 *     Arnor is about to restore full diplomatic ties with Gondor ...
 *     said on Saturday. (slash-star) a comment, possibly
 *     over several lines (star-slash)
 *     (blank line)
 *
 * A record is a header line (date YYMMDD or YYYYMMDD, spaces or '*', an id) followed by
 * its text up to a blank line or the next header. Comments between slash-star and
 * star-slash are dropped wherever they start; lines starting with '#' outside a record are
 * comments too (TABARI's own files use them for banners). Text outside any record is
 * ignored, as TABARI does. */
#include <ctype.h>
#include <string.h>

#include "../base/date.h"
#include "input.h"

typedef struct cursor {
    const char *p, *end;
    long line;
    int in_comment;
} cursor;

/* Next line as [s, e); advances. 0 at the end. */
static int next_line(cursor *c, const char **s, const char **e)
{
    if (c->p >= c->end)
        return 0;
    *s = c->p;
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    *e = nl ? nl : c->end;
    c->p = nl ? nl + 1 : c->end;
    c->line++;
    if (*e > *s && (*e)[-1] == '\r')
        (*e)--;
    return 1;
}

/* Parses a header; fills the date and id spans. */
static int header(const char *s, const char *e, const char **date, size_t *dlen,
                  const char **id, size_t *idlen)
{
    const char *p = s;
    while (p < e && isdigit((unsigned char)*p))
        p++;
    if ((p - s != 6 && p - s != 8) || p >= e || (*p != ' ' && *p != '\t' && *p != '*'))
        return 0;
    *date = s;
    *dlen = (size_t)(p - s);
    while (p < e && (*p == ' ' || *p == '\t' || *p == '*'))
        p++;
    const char *q = p;
    while (q < e && !isspace((unsigned char)*q))
        q++;
    if (q == p)
        return 0;
    *id = p;
    *idlen = (size_t)(q - p);
    return 1;
}

static int blank(const char *s, const char *e)
{
    while (s < e && isspace((unsigned char)*s))
        s++;
    return s == e;
}

/* Appends s..e to the text with comments removed, tracking comment state across lines. */
static void add_text(in_buf *t, cursor *c, const char *s, const char *e)
{
    while (s < e) {
        if (c->in_comment) {
            const char *close = NULL;
            for (const char *q = s; q + 1 < e; q++)
                if (q[0] == '*' && q[1] == '/') {
                    close = q;
                    break;
                }
            if (!close)
                return;
            c->in_comment = 0;
            s = close + 2;
            continue;
        }
        const char *open = NULL;
        for (const char *q = s; q + 1 < e; q++)
            if (q[0] == '/' && q[1] == '*') {
                open = q;
                break;
            }
        input_buf_put(t, s, (size_t)((open ? open : e) - s));
        if (!open)
            break;
        c->in_comment = 1;
        s = open + 2;
    }
    input_buf_putc(t, '\n');
}

int input_tabari_read(in_batch *b, const char *data, size_t len)
{
    cursor c = {data, data + len, 0, 0};
    const char *s, *e;
    in_buf text = {0};
    in_rec *rec = NULL;
    int rc = 0;
    for (;;) {
        int more = next_line(&c, &s, &e);
        const char *ds = NULL, *is = NULL;
        size_t dl = 0, il = 0;
        int is_header = more && !c.in_comment && header(s, e, &ds, &dl, &is, &il);
        /* a record ends at a blank line (outside a comment), a new header or the end */
        if (rec && (!more || is_header || (!c.in_comment && blank(s, e)))) {
            while (text.n && isspace((unsigned char)text.p[text.n - 1]))
                text.n--;
            if (text.failed) {
                rc = PARLEY_ENOMEM;
                break;
            }
            if (text.n > b->max_doc)
                input_batch_fail(b, rec, PARLEY_ELIMIT, "record longer than %zu bytes: skipped",
                           b->max_doc);
            else if (!text.n && !rec->code)
                input_batch_fail(b, rec, PARLEY_EFIELD, "record has no text after its header line");
            else if (!rec->code) {
                rec->text = input_batch_strndup(b, text.p ? text.p : "", text.n);
                rec->text_len = text.n;
            }
            rec = NULL;
        }
        if (!more)
            break;
        if (is_header) {
            rec = input_batch_add(b, c.line);
            if (!rec) {
                rc = PARLEY_ENOMEM;
                break;
            }
            text.n = 0;
            rec->id = input_batch_strndup(b, is, il);
            int ymd = input_date(ds, dl);
            if (!ymd) {
                input_batch_fail(b, rec, PARLEY_EDATE, "bad date \"%.*s\" in the record header: "
                           "expected YYMMDD or YYYYMMDD", (int)dl, ds);
            } else {
                char d[11];
                date_format(ymd, d);
                rec->date = input_batch_strdup(b, d);
            }
            /* anything after the id on the header line is not text */
            continue;
        }
        if (rec) {
            if (text.n <= b->max_doc)
                add_text(&text, &c, s, e);
        } else if (c.in_comment) {
            in_buf sink = {0}; /* only tracks where the comment ends */
            add_text(&sink, &c, s, e);
            input_buf_free(&sink);
        } else {
            /* between records: '#' banners, or a comment opening */
            const char *q = s;
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            if (q < e && *q != '#') {
                in_buf sink = {0};
                add_text(&sink, &c, s, e);
                input_buf_free(&sink);
            }
        }
    }
    input_buf_free(&text);
    return rc;
}
