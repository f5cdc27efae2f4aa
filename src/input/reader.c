/* reader.c - input documents: JSON Lines (cJSON) and plain text files.
 *
 * Every record ends either as a document or as an error naming the input line, the
 * document id when it could be read, and what is wrong; the reader then goes on with
 * the next record. Lines longer than the document limit are skipped whole (their tail
 * is never mistaken for a new record). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/document.h"
#include "../text/text.h"

#define DEFAULT_MAX_DOC (8u << 20)

struct parley_reader {
    FILE *f;
    int own;               /* close f at the end */
    char *path;            /* for messages */
    int format;
    char *date;            /* --date for plain text */
    char *id;
    size_t max_doc;
    long line;             /* lines read so far */
    char *buf;
    size_t cap;
    int done;
};

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int parley_reader_open(parley_reader **out, const char *path, const parley_reader_opts *opts,
                       parley_error *err)
{
    *out = NULL;
    parley_reader *r = calloc(1, sizeof *r);
    if (!r) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        return PARLEY_ENOMEM;
    }
    int stdin_input = !path || strcmp(path, "-") == 0;
    r->path = strdup(stdin_input ? "<stdin>" : path);
    r->format = opts ? opts->format : PARLEY_INPUT_AUTO;
    r->max_doc = opts && opts->max_doc_bytes ? opts->max_doc_bytes : DEFAULT_MAX_DOC;
    if (opts && opts->date)
        r->date = strdup(opts->date);
    if (opts && opts->id)
        r->id = strdup(opts->id);
    if (stdin_input) {
        r->f = stdin;
    } else {
        r->f = fopen(path, "rb");
        r->own = 1;
        if (!r->f) {
            error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
            parley_reader_close(r);
            return PARLEY_EIO;
        }
    }
    if (r->format == PARLEY_INPUT_AUTO) {
        /* a .txt name, or a first non-blank byte other than '{', means plain text */
        size_t n = strlen(r->path);
        if (n > 4 && strcmp(r->path + n - 4, ".txt") == 0) {
            r->format = PARLEY_INPUT_TEXT;
        } else {
            int c;
            while ((c = getc(r->f)) != EOF && (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
                ;
            if (c != EOF)
                ungetc(c, r->f);
            /* blank lines already consumed are not counted: they carry no record */
            r->format = (c == '{' || c == EOF) ? PARLEY_INPUT_JSONL : PARLEY_INPUT_TEXT;
        }
    }
    *out = r;
    return 0;
}

void parley_reader_close(parley_reader *r)
{
    if (!r)
        return;
    if (r->own && r->f)
        fclose(r->f);
    free(r->path);
    free(r->date);
    free(r->id);
    free(r->buf);
    free(r);
}

/* Reads one line into r->buf (without the newline). Returns its length, -1 at EOF,
 * or -2 when it was longer than the limit (the rest of the line is consumed). */
static long read_line(parley_reader *r)
{
    size_t n = 0;
    int c;
    int too_long = 0;
    while ((c = getc(r->f)) != EOF && c != '\n') {
        if (too_long)
            continue;
        if (n + 2 > r->cap) {
            size_t cap = r->cap ? r->cap * 2 : 64 * 1024;
            char *b = realloc(r->buf, cap);
            if (!b)
                return -3;
            r->buf = b;
            r->cap = cap;
        }
        r->buf[n++] = (char)c;
        if (n > r->max_doc)
            too_long = 1;
    }
    if (c == EOF && n == 0 && !too_long)
        return -1;
    r->line++;
    if (too_long)
        return -2;
    if (n && r->buf[n - 1] == '\r')
        n--;
    r->buf[n] = '\0';
    return (long)n;
}

static const char *json_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int next_jsonl(parley_reader *r, parley_doc *doc, parley_error *err)
{
    for (;;) {
        long n = read_line(r);
        if (n == -1)
            return 0;
        if (n == -3) {
            error_set(err, PARLEY_ENOMEM, r->path, r->line + 1, 0, NULL, "out of memory");
            return PARLEY_ENOMEM;
        }
        if (n == -2) {
            doc_reset(doc);
            error_set(err, PARLEY_ELIMIT, r->path, r->line, 0, NULL,
                      "record longer than %zu bytes: skipped", r->max_doc);
            return PARLEY_ELIMIT;
        }
        const char *p = r->buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            continue; /* blank line */
        doc_reset(doc);
        const char *end = NULL;
        cJSON *o = cJSON_ParseWithLengthOpts(r->buf, (size_t)n, &end, 0);
        if (!o) {
            long col = end ? (long)(end - r->buf) + 1 : 0;
            error_set(err, PARLEY_ESYNTAX, r->path, r->line, col, NULL, "malformed JSON near column %ld",
                      col);
            return PARLEY_ESYNTAX;
        }
        if (end) {
            const char *q = end;
            while (q < r->buf + n && (*q == ' ' || *q == '\t'))
                q++;
            if (q < r->buf + n) {
                cJSON_Delete(o);
                long col = (long)(q - r->buf) + 1;
                error_set(err, PARLEY_ESYNTAX, r->path, r->line, col, NULL,
                          "unexpected text after the JSON object at column %ld", col);
                return PARLEY_ESYNTAX;
            }
        }
        if (!cJSON_IsObject(o)) {
            cJSON_Delete(o);
            error_set(err, PARLEY_ESYNTAX, r->path, r->line, 1, NULL, "record is not a JSON object");
            return PARLEY_ESYNTAX;
        }
        char idbuf[64];
        const char *id = json_string(o, "id");
        const cJSON *idv = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (!id && cJSON_IsNumber(idv)) {
            snprintf(idbuf, sizeof idbuf, "%.0f", idv->valuedouble);
            id = idbuf;
        }
        char datebuf[32];
        const char *date = json_string(o, "date");
        const cJSON *dv = cJSON_GetObjectItemCaseSensitive(o, "date");
        if (!date && cJSON_IsNumber(dv)) {
            snprintf(datebuf, sizeof datebuf, "%.0f", dv->valuedouble);
            date = datebuf;
        }
        const cJSON *tv = cJSON_GetObjectItemCaseSensitive(o, "text");
        const char *text = cJSON_IsString(tv) ? tv->valuestring : NULL;
        int rc;
        if (id && utf8_validate(id, strlen(id)) != strlen(id)) {
            error_set(err, PARLEY_EUTF8, NULL, 0, 0, NULL, "\"id\" is not valid UTF-8");
            rc = PARLEY_EUTF8;
        } else if (tv && !text) {
            error_set(err, PARLEY_EFIELD, NULL, 0, 0, id, "\"text\" is not a string");
            rc = PARLEY_EFIELD;
        } else if (dv && !date) {
            error_set(err, PARLEY_EFIELD, NULL, 0, 0, id, "\"date\" is not a string");
            rc = PARLEY_EFIELD;
        } else {
            const char *title = json_string(o, "title");
            const char *source = json_string(o, "source");
            const char *url = json_string(o, "url");
            /* optional fields must be printable back out as JSON */
            if (title && utf8_validate(title, strlen(title)) != strlen(title))
                title = NULL;
            if (source && utf8_validate(source, strlen(source)) != strlen(source))
                source = NULL;
            if (url && utf8_validate(url, strlen(url)) != strlen(url))
                url = NULL;
            rc = parley_doc_set(doc, id, date, text, text ? strlen(text) : 0, title, source, url, err);
        }
        cJSON_Delete(o);
        if (rc < 0) {
            snprintf(err->file, sizeof err->file, "%s", r->path);
            err->line = r->line;
            return rc;
        }
        doc->input_line = r->line;
        return 1;
    }
}

static int next_text(parley_reader *r, parley_doc *doc, parley_error *err)
{
    if (r->done)
        return 0;
    r->done = 1;
    size_t n = 0;
    size_t chunk;
    for (;;) {
        if (n + 65536 + 1 > r->cap) {
            size_t cap = r->cap ? r->cap * 2 : 1u << 20;
            char *b = realloc(r->buf, cap);
            if (!b) {
                error_set(err, PARLEY_ENOMEM, r->path, 0, 0, NULL, "out of memory");
                return PARLEY_ENOMEM;
            }
            r->buf = b;
            r->cap = cap;
        }
        chunk = fread(r->buf + n, 1, 65536, r->f);
        n += chunk;
        if (n > r->max_doc) {
            error_set(err, PARLEY_ELIMIT, r->path, 1, 0, NULL,
                      "document longer than %zu bytes: skipped", r->max_doc);
            return PARLEY_ELIMIT;
        }
        if (chunk < 65536)
            break;
    }
    if (ferror(r->f)) {
        error_set(err, PARLEY_EIO, r->path, 0, 0, NULL, "read error: %s", strerror(errno));
        return PARLEY_EIO;
    }
    r->buf[n] = '\0';
    const char *id = r->id ? r->id : base_name(r->path);
    if (!r->date) {
        error_set(err, PARLEY_EFIELD, r->path, 1, 0, id,
                  "plain text input needs a publication date (--date YYYY-MM-DD)");
        return PARLEY_EFIELD;
    }
    int rc = parley_doc_set(doc, id, r->date, r->buf, n, NULL, NULL, NULL, err);
    if (rc < 0) {
        snprintf(err->file, sizeof err->file, "%s", r->path);
        err->line = 1;
        return rc;
    }
    doc->input_line = 1;
    return 1;
}

int parley_reader_next(parley_reader *r, parley_doc *doc, parley_error *err)
{
    parley_error_clear(err);
    if (r->format == PARLEY_INPUT_TEXT)
        return next_text(r, doc, err);
    return next_jsonl(r, doc, err);
}
