/* source.c - byte sources (files, stdin, memory; gzip decompressed on the way), the
 * record batches of whole-file formats, and a small growable text buffer.
 *
 * Every read is bounded: a line longer than the document limit is consumed without being
 * stored, and a whole-file input stops at the input limit, so no input makes parley hold
 * more than those limits in memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/bytes.h"
#include "input.h"

#define READ_CHUNK (256u * 1024)

int input_src_open_fd(in_src *s, int fd)
{
    memset(s, 0, sizeof *s);
    s->gz = gzdopen(fd, "rb");
    if (!s->gz)
        return -1;
    gzbuffer(s->gz, READ_CHUNK);
    return 0;
}

int input_src_open_file(in_src *s, const char *path, char *why, size_t why_cap)
{
    memset(s, 0, sizeof *s);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_cap, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (input_src_open_fd(s, fd) < 0) {
        close(fd);
        snprintf(why, why_cap, "out of memory");
        return -1;
    }
    return 0;
}

void input_src_open_mem(in_src *s, const char *data, size_t len)
{
    memset(s, 0, sizeof *s);
    s->mem = data ? data : "";
    s->mem_len = data ? len : 0;
}

void input_src_close(in_src *s)
{
    if (s->gz)
        gzclose(s->gz); /* also closes the descriptor; for stdin that is fine at the end */
    free(s->buf);
    memset(s, 0, sizeof *s);
}

/* zlib prefixes its messages with the file name it was given ("<fd:3>: "); the reports
 * name the input themselves. */
static const char *zmsg(const char *m)
{
    if (m && m[0] == '<') {
        const char *c = strstr(m, ">: ");
        if (c)
            return c + 3;
    }
    return m && *m ? m : "read error";
}

/* Reads more input into the buffer, compacting consumed bytes first. Returns bytes read. */
static size_t fill(in_src *s, size_t want_room)
{
    if (s->eof || s->error)
        return 0;
    if (s->pos > 0 && (s->pos == s->len || s->len + want_room > s->cap)) {
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->len -= s->pos;
        s->pos = 0;
    }
    if (s->len + want_room > s->cap) {
        size_t cap = s->cap ? s->cap : READ_CHUNK;
        while (cap < s->len + want_room)
            cap *= 2;
        char *b = realloc(s->buf, cap + 1);
        if (!b) {
            s->error = 1;
            snprintf(s->errmsg, sizeof s->errmsg, "out of memory");
            return 0;
        }
        s->buf = b;
        s->cap = cap;
    }
    size_t room = s->cap - s->len;
    size_t got = 0;
    if (s->gz) {
        unsigned ask = room > (1u << 30) ? 1u << 30 : (unsigned)room;
        int r = gzread(s->gz, s->buf + s->len, ask);
        if (r < 0) {
            int zerr;
            const char *m = gzerror(s->gz, &zerr);
            s->error = 1;
            snprintf(s->errmsg, sizeof s->errmsg, "%s",
                     zerr == Z_ERRNO ? strerror(errno) : zmsg(m));
            return 0;
        }
        if (r == 0) {
            /* A truncated gzip stream ends without an error from gzread; gzerror tells. */
            int zerr;
            const char *m = gzerror(s->gz, &zerr);
            if (zerr != Z_OK && zerr != Z_STREAM_END) {
                s->error = 1;
                snprintf(s->errmsg, sizeof s->errmsg, "%s", zmsg(m));
            }
            s->eof = 1;
        }
        got = (size_t)r;
    } else {
        got = s->mem_len - s->mem_pos;
        if (got > room)
            got = room;
        memcpy(s->buf + s->len, s->mem + s->mem_pos, got);
        s->mem_pos += got;
        if (!got)
            s->eof = 1;
    }
    s->len += got;
    s->total += got;
    return got;
}

size_t input_src_peek(in_src *s, size_t want)
{
    while (s->len - s->pos < want && fill(s, want - (s->len - s->pos)))
        ;
    return s->len - s->pos;
}

int input_src_slurp(in_src *s, size_t limit, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    for (;;) {
        if (s->len - s->pos > limit)
            return -1;
        if (!fill(s, READ_CHUNK))
            break;
    }
    if (s->error)
        return strcmp(s->errmsg, "out of memory") == 0 ? -3 : -2;
    size_t n = s->len - s->pos;
    if (n > limit)
        return -1;
    char *p = malloc(n + 1);
    if (!p)
        return -3;
    memcpy(p, s->buf + s->pos, n);
    p[n] = '\0';
    s->pos = s->len;
    *out = p;
    *out_len = n;
    return 0;
}

int input_src_line(in_src *s, size_t limit, char **line, size_t *len)
{
    size_t scanned = 0;
    int too_long = 0;
    for (;;) {
        char *start = s->buf ? s->buf + s->pos : NULL;
        size_t avail = s->len - s->pos;
        char *nl = avail > scanned ? memchr(start + scanned, '\n', avail - scanned) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - start);
            s->pos += n + 1;
            if (too_long || n > limit)
                return -1;
            if (n && start[n - 1] == '\r')
                n--;
            start[n] = '\0';
            *line = start;
            *len = n;
            return 1;
        }
        scanned = avail;
        if (scanned > limit) {
            /* Over the limit: drop what we hold and keep consuming up to the newline, so
             * the line's tail is never taken for a record of its own. */
            too_long = 1;
            s->pos = s->len;
            scanned = 0;
        }
        if (!fill(s, READ_CHUNK)) {
            if (s->error && strcmp(s->errmsg, "out of memory") == 0)
                return -3;
            avail = s->len - s->pos;
            if (!avail)
                return too_long ? -1 : 0;
            /* last line without a newline */
            start = s->buf + s->pos;
            s->pos = s->len;
            if (too_long || avail > limit)
                return -1;
            size_t n = avail;
            if (n && start[n - 1] == '\r')
                n--;
            start[n] = '\0'; /* fill() keeps one spare byte past cap */
            *line = start;
            *len = n;
            return 1;
        }
    }
}

/* ---- batches ---------------------------------------------------------------------- */

void input_batch_init(in_batch *b)
{
    memset(b, 0, sizeof *b);
    arena_init(&b->a, 64 * 1024);
}

void input_batch_reset(in_batch *b)
{
    arena_reset(&b->a);
    b->recs = NULL;
    b->n = b->cap = b->next = 0;
}

void input_batch_free(in_batch *b)
{
    arena_free(&b->a);
    input_html_free(b->html);
    memset(b, 0, sizeof *b);
}

in_rec *input_batch_add(in_batch *b, long line)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        in_rec *r = arena_grow(&b->a, b->recs, b->n, cap, sizeof *r);
        if (!r)
            return NULL;
        b->recs = r;
        b->cap = cap;
    }
    in_rec *r = &b->recs[b->n++];
    memset(r, 0, sizeof *r);
    r->line = line;
    return r;
}

char *input_batch_strndup(in_batch *b, const char *s, size_t n)
{
    return arena_strndup(&b->a, s, n);
}

char *input_batch_strdup(in_batch *b, const char *s)
{
    return s ? arena_strdup(&b->a, s) : NULL;
}

void input_batch_fail(in_batch *b, in_rec *r, int code, const char *fmt, ...)
{
    char m[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    r->code = code;
    r->msg = arena_strdup(&b->a, m);
}

/* ---- text buffer ------------------------------------------------------------------- */

static int buf_room(in_buf *b, size_t n)
{
    if (!b->failed && bytes_reserve(&b->p, &b->cap, b->n, n) < 0)
        b->failed = 1;
    return !b->failed;
}

void input_buf_put(in_buf *b, const char *s, size_t n)
{
    if (!buf_room(b, n))
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void input_buf_putc(in_buf *b, char c)
{
    input_buf_put(b, &c, 1);
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void input_buf_put_collapsed(in_buf *b, const char *s, size_t n)
{
    if (!buf_room(b, n + 1))
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* U+00A0 no-break space, common in pages, is a space here */
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
            c = ' ';
            i++;
        }
        if (is_space(c)) {
            if (b->n && !is_space((unsigned char)b->p[b->n - 1]))
                b->p[b->n++] = ' ';
        } else {
            b->p[b->n++] = (char)c;
        }
    }
    b->p[b->n] = '\0';
}

void input_buf_para(in_buf *b)
{
    while (b->n && b->p[b->n - 1] == ' ')
        b->n--;
    if (b->p)
        b->p[b->n] = '\0';
    if (!b->n || (b->n >= 2 && b->p[b->n - 1] == '\n' && b->p[b->n - 2] == '\n'))
        return;
    input_buf_put(b, "\n\n", 2);
}

void input_buf_free(in_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}
