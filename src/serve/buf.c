/* buf.c - the server's output: a growing byte buffer and the JSON written into it.
 *
 * Responses are built whole in memory, then handed to libmicrohttpd, which frees them.
 * An allocation failure is sticky (oom): later writes are dropped and the server answers
 * 500 instead of a truncated document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/bytes.h"
#include "http.h"

static int grow(buf *b, size_t more)
{
    if (!b->oom && bytes_reserve(&b->p, &b->cap, b->len, more) < 0)
        b->oom = 1;
    return b->oom ? -1 : 0;
}

void buf_free(buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void buf_putn(buf *b, const char *s, size_t n)
{
    if (grow(b, n) < 0)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_putn(b, s, strlen(s));
}

void buf_putc(buf *b, char c)
{
    buf_putn(b, &c, 1);
}

void buf_printf(buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        buf_putn(b, small, (size_t)n);
        return;
    }
    if (grow(b, (size_t)n) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    unsigned cp = c & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

void buf_json_strn(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    buf_putc(b, '"');
    size_t run = 0;   /* bytes copied as they are, written in one go */
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t len = 1;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f) {
            run++;
            i++;
            continue;
        }
        if (c >= 0x80 && (len = utf8_len(u + i, n - i)) > 0) {
            run += len;
            i += len;
            continue;
        }
        buf_putn(b, s + i - run, run);
        run = 0;
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            if (c >= 0x80) {
                buf_puts(b, "\xef\xbf\xbd");   /* U+FFFD for a byte that is not UTF-8 */
            } else {
                /* control characters, and DEL (harmless, but some viewers choke) */
                char e[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
                buf_puts(b, e);
            }
        }
        i++;
    }
    buf_putn(b, s + n - run, run);
    buf_putc(b, '"');
}

void buf_json_str(buf *b, const char *s)
{
    if (!s)
        buf_puts(b, "null");
    else
        buf_json_strn(b, s, strlen(s));
}

void buf_json_key(buf *b, const char *key, bool first)
{
    if (!first)
        buf_putc(b, ',');
    buf_json_str(b, key);
    buf_putc(b, ':');
}

void buf_json_num(buf *b, const char *s)
{
    /* the store formats its numbers; check anyway, a bad one must not break the JSON */
    if (!s || !*s) {
        buf_puts(b, "null");
        return;
    }
    const char *p = s;
    if (*p == '-')
        p++;
    int digits = 0, ok = 1;
    for (; *p && ok; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p != '.' && *p != 'e' && *p != 'E' && *p != '+' && *p != '-')
            ok = 0;
    }
    if (ok && digits)
        buf_puts(b, s);
    else
        buf_puts(b, "null");
}

/* ---- a validating scan of one JSON value (no tree is built) ---- */

typedef struct scan {
    const char *p, *end;
    int depth;
} scan;

static void ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static bool value(scan *s);

static bool string(scan *s)
{
    if (s->p >= s->end || *s->p != '"')
        return false;
    for (s->p++; s->p < s->end; s->p++) {
        unsigned char c = (unsigned char)*s->p;
        if (c == '"') {
            s->p++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (++s->p >= s->end)
                return false;
            if (*s->p == 'u') {
                for (int i = 0; i < 4; i++)
                    if (++s->p >= s->end || !strchr("0123456789abcdefABCDEF", *s->p))
                        return false;
            } else if (!strchr("\"\\/bfnrt", *s->p)) {
                return false;
            }
        } else if (c >= 0x80) {
            size_t len = utf8_len((const unsigned char *)s->p, (size_t)(s->end - s->p));
            if (!len)
                return false;
            s->p += len - 1;
        }
    }
    return false;
}

static bool number(scan *s)
{
    const char *start = s->p;
    if (s->p < s->end && *s->p == '-')
        s->p++;
    const char *digits = s->p;
    while (s->p < s->end && strchr("0123456789.eE+-", *s->p))
        s->p++;
    return s->p > digits && s->p > start;
}

static bool literal(scan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return false;
    s->p += n;
    return true;
}

static bool container(scan *s, char close)
{
    if (++s->depth > 64)
        return false;
    s->p++;
    ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        s->depth--;
        return true;
    }
    for (;;) {
        ws(s);
        if (close == '}') {
            if (!string(s))
                return false;
            ws(s);
            if (s->p >= s->end || *s->p != ':')
                return false;
            s->p++;
        }
        if (!value(s))
            return false;
        ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            continue;
        }
        if (s->p < s->end && *s->p == close) {
            s->p++;
            s->depth--;
            return true;
        }
        return false;
    }
}

static bool value(scan *s)
{
    ws(s);
    if (s->p >= s->end)
        return false;
    switch (*s->p) {
    case '{': return container(s, '}');
    case '[': return container(s, ']');
    case '"': return string(s);
    case 't': return literal(s, "true");
    case 'f': return literal(s, "false");
    case 'n': return literal(s, "null");
    default: return number(s);
    }
}

bool json_valid(const char *str, size_t n)
{
    scan s = {str, str + n, 0};
    if (!value(&s))
        return false;
    ws(&s);
    return s.p == s.end;
}
