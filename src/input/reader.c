/* reader.c - parley_reader: every input (files, directories, stdin, memory; gzip or not)
 * in every format becomes a sequence of documents and reported errors.
 *
 * Every record ends either as a document or as an error naming the input, the line, the
 * document id when it could be read, and what is wrong; the reader then goes on with the
 * next record (and, in a directory, the next file). Lines longer than the document limit
 * are skipped whole (their tail is never mistaken for a new record). After a record is
 * read it is checked for what parley cannot code: binary content and, with libexttextcat,
 * a language other than the ones asked for; those are reported as PARLEY_ESKIP. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/document.h"
#include "../text/text.h"
#include "input.h"

#define DEFAULT_MAX_DOC (8u << 20)
#define DEFAULT_MAX_INPUT (256u << 20)
#define DETECT_BYTES 65536
#define MAX_DIR_DEPTH 32

typedef struct input_path {
    char *path;                 /* to open; NULL = standard input */
    char *name;                 /* for messages */
    char *id;                   /* default document id for single-document formats */
} input_path;

struct parley_reader {
    int format_opt;             /* PARLEY_INPUT_* asked for */
    char *date, *id, *languages, *langid_dir;
    size_t max_doc, max_input;
    const char *mem;            /* memory input */
    size_t mem_len;

    input_path *inputs;
    size_t ninputs, cap_inputs, next_input;

    /* the input being read */
    int open;
    input_path *cur;
    in_src src;
    int format;
    long line;
    in_batch batch;
    int batch_mode;

    langid *lid;
    int lid_own;                /* lid was loaded by this reader (else shared, not freed) */
    int lid_off;                /* "any", or the fingerprints could not be loaded */
    char lid_problem[256];
};

/* ---- format names ----------------------------------------------------------------- */

static const char *const format_names[] = {"auto", "jsonl", "text", "html", "feed", "petrarch",
                                           "tabari"};

const char *parley_input_format_name(int format)
{
    if (format < 0 || format >= (int)(sizeof format_names / sizeof format_names[0]))
        return "unknown";
    return format_names[format];
}

int parley_input_format_parse(const char *name)
{
    for (int i = 0; i < (int)(sizeof format_names / sizeof format_names[0]); i++)
        if (strcmp(name, format_names[i]) == 0)
            return i;
    if (!strcmp(name, "rss") || !strcmp(name, "atom"))
        return PARLEY_INPUT_FEED;
    if (!strcmp(name, "xml"))
        return PARLEY_INPUT_PETRARCH;
    return -1;
}

int parley_reader_format(const parley_reader *r)
{
    return r ? r->format : PARLEY_INPUT_AUTO;
}

/* ---- opening ----------------------------------------------------------------------- */

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s && s[1] ? s + 1 : p;
}

static int add_input(parley_reader *r, const char *path, const char *name, const char *id)
{
    if (r->ninputs == r->cap_inputs) {
        size_t cap = r->cap_inputs ? r->cap_inputs * 2 : 8;
        input_path *p = realloc(r->inputs, cap * sizeof *p);
        if (!p)
            return PARLEY_ENOMEM;
        r->inputs = p;
        r->cap_inputs = cap;
    }
    input_path *in = &r->inputs[r->ninputs];
    in->path = path ? strdup(path) : NULL;
    in->name = strdup(name);
    in->id = strdup(id);
    if ((path && !in->path) || !in->name || !in->id) {
        free(in->path);
        free(in->name);
        free(in->id);
        return PARLEY_ENOMEM;
    }
    r->ninputs++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the files under dir (recursively, in name order, hidden entries skipped). rel is the
 * path below the directory given, used as the documents' default id. */
static int scan_dir(parley_reader *r, const char *dir, const char *rel, int depth,
                    parley_error *err)
{
    if (depth > MAX_DIR_DEPTH)
        return 0; /* a symlink loop, or a tree no archive has */
    DIR *d = opendir(dir);
    if (!d) {
        if (depth == 0) {
            error_set(err, PARLEY_EIO, dir, 0, 0, NULL, "cannot open: %s", strerror(errno));
            return PARLEY_EIO;
        }
        return add_input(r, dir, dir, rel); /* reported when it is read */
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = PARLEY_ENOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = PARLEY_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0 && n) /* an empty directory has no array at all */
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t pl = strlen(dir) + strlen(names[i]) + 2;
        size_t rl = strlen(rel) + strlen(names[i]) + 2;
        char *path = malloc(pl), *sub = malloc(rl);
        if (!path || !sub) {
            free(path);
            free(sub);
            rc = PARLEY_ENOMEM;
            break;
        }
        snprintf(path, pl, "%s/%s", dir, names[i]);
        snprintf(sub, rl, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            rc = scan_dir(r, path, sub, depth + 1, err);
        else if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
            rc = add_input(r, path, path, sub); /* a dangling link is reported when read */
        free(path);
        free(sub);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc == PARLEY_ENOMEM)
        error_set(err, PARLEY_ENOMEM, dir, 0, 0, NULL, "out of memory");
    return rc;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static parley_reader *reader_new(const parley_reader_opts *opts)
{
    parley_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->format_opt = opts ? opts->format : PARLEY_INPUT_AUTO;
    r->max_doc = opts && opts->max_doc_bytes ? opts->max_doc_bytes : DEFAULT_MAX_DOC;
    r->max_input = opts && opts->max_input_bytes ? opts->max_input_bytes : DEFAULT_MAX_INPUT;
    r->date = dup_or_null(opts ? opts->date : NULL);
    r->id = dup_or_null(opts ? opts->id : NULL);
    r->languages = dup_or_null(opts && opts->languages ? opts->languages : "en");
    r->langid_dir = dup_or_null(opts ? opts->langid_dir : NULL);
    r->lid_off = r->languages && strcmp(r->languages, "any") == 0;
    if (opts && opts->langid && !r->lid_off)
        r->lid = opts->langid;
    input_batch_init(&r->batch);
    return r;
}

int parley_reader_open(parley_reader **out, const char *path, const parley_reader_opts *opts,
                       parley_error *err)
{
    *out = NULL;
    parley_error_clear(err);
    parley_reader *r = reader_new(opts);
    if (!r) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        return PARLEY_ENOMEM;
    }
    int rc;
    if (!path || strcmp(path, "-") == 0) {
        rc = add_input(r, NULL, "<stdin>", "stdin");
    } else {
        struct stat st;
        if (stat(path, &st) != 0) {
            error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
            parley_reader_close(r);
            return PARLEY_EIO;
        }
        if (S_ISDIR(st.st_mode)) {
            rc = scan_dir(r, path, "", 0, err);
            if (rc < 0) {
                parley_reader_close(r);
                return rc;
            }
        } else {
            if (access(path, R_OK) != 0) {
                error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
                parley_reader_close(r);
                return PARLEY_EIO;
            }
            rc = add_input(r, path, path, base_name(path));
        }
    }
    if (rc < 0) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        parley_reader_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

int parley_reader_open_memory(parley_reader **out, const char *name, const void *data,
                              size_t len, const parley_reader_opts *opts, parley_error *err)
{
    *out = NULL;
    parley_error_clear(err);
    parley_reader *r = reader_new(opts);
    if (!name)
        name = "<memory>";
    if (!r || add_input(r, NULL, name, base_name(name)) < 0) {
        parley_reader_close(r);
        error_set(err, PARLEY_ENOMEM, name, 0, 0, NULL, "out of memory");
        return PARLEY_ENOMEM;
    }
    r->mem = data ? data : "";
    r->mem_len = data ? len : 0;
    *out = r;
    return 0;
}

static void close_input(parley_reader *r)
{
    if (r->open)
        input_src_close(&r->src);
    input_batch_reset(&r->batch);
    r->open = 0;
    r->batch_mode = 0;
}

void parley_reader_close(parley_reader *r)
{
    if (!r)
        return;
    close_input(r);
    input_batch_free(&r->batch);
    for (size_t i = 0; i < r->ninputs; i++) {
        free(r->inputs[i].path);
        free(r->inputs[i].name);
        free(r->inputs[i].id);
    }
    free(r->inputs);
    free(r->date);
    free(r->id);
    free(r->languages);
    free(r->langid_dir);
    if (r->lid_own)
        input_langid_free(r->lid);
    free(r);
}

/* ---- whole-file formats -------------------------------------------------------------- */

static int is_batch_format(int f)
{
    return f != PARLEY_INPUT_JSONL;
}

/* Reads the whole input and parses it into the batch. Returns 0 or PARLEY_ENOMEM; input
 * problems become error records. */
static int load_batch(parley_reader *r)
{
    in_batch *b = &r->batch;
    b->name = r->cur->name;
    b->default_id = r->cur->id;
    b->fallback_date = r->date;
    b->fallback_id = r->id;
    b->max_doc = r->max_doc;
    char *data = NULL;
    size_t len = 0;
    int s = input_src_slurp(&r->src, r->max_input, &data, &len);
    if (s == -3)
        return PARLEY_ENOMEM;
    if (s < 0) {
        in_rec *rec = input_batch_add(b, 0);
        if (!rec)
            return PARLEY_ENOMEM;
        if (s == -1)
            input_batch_fail(b, rec, PARLEY_ELIMIT, "input longer than %zu bytes: skipped "
                       "(--max-input-bytes)", r->max_input);
        else
            input_batch_fail(b, rec, PARLEY_EIO, "read error: %s", r->src.errmsg);
        return 0;
    }
    int rc = 0;
    char why[160];
    if (r->format_opt == PARLEY_INPUT_AUTO && r->format == PARLEY_INPUT_TEXT &&
        input_nontext(data, len, why, sizeof why)) {
        in_rec *rec = input_batch_add(b, 1);
        if (!rec)
            rc = PARLEY_ENOMEM;
        else
            input_batch_fail(b, rec, PARLEY_ESKIP, "%s", why);
    } else {
        switch (r->format) {
        case PARLEY_INPUT_HTML: rc = input_html_read(b, data, len); break;
        case PARLEY_INPUT_FEED: rc = input_feed_read(b, data, len); break;
        case PARLEY_INPUT_PETRARCH: rc = input_petrarch_read(b, data, len); break;
        case PARLEY_INPUT_TABARI: rc = input_tabari_read(b, data, len); break;
        default: {
            in_rec *rec = input_batch_add(b, 1);
            if (!rec) {
                rc = PARLEY_ENOMEM;
                break;
            }
            rec->id = input_batch_strdup(b, r->id ? r->id : r->cur->id);
            if (!r->date)
                input_batch_fail(b, rec, PARLEY_EFIELD,
                           "plain text input needs a publication date (--date YYYY-MM-DD)");
            else if (len > r->max_doc)
                input_batch_fail(b, rec, PARLEY_ELIMIT, "document longer than %zu bytes: skipped",
                           r->max_doc);
            else {
                rec->date = input_batch_strdup(b, r->date);
                rec->text = input_batch_strndup(b, data, len);
                rec->text_len = len;
            }
        }
        }
    }
    /* A read error after part of the data (a truncated gzip file) is reported too. */
    if (rc == 0 && r->src.error) {
        in_rec *rec = input_batch_add(b, 0);
        if (!rec)
            rc = PARLEY_ENOMEM;
        else
            input_batch_fail(b, rec, PARLEY_EIO, "read error: %s", r->src.errmsg);
    }
    free(data);
    if (rc == 0 && arena_failed(&b->a))
        rc = PARLEY_ENOMEM;
    return rc;
}

/* ---- checks every document passes --------------------------------------------------- */

/* The reader's language identifier, loaded on first use when none was shared. */
static langid *reader_lid(parley_reader *r)
{
    if (!r->lid_off && !r->lid) {
        r->lid = input_langid_new(r->langid_dir, r->languages, r->lid_problem,
                                  sizeof r->lid_problem);
        r->lid_own = 1;
        /* Without the fingerprints (libexttextcat-data missing) every document is coded:
         * losing the filter is better than losing the news. */
        if (!r->lid)
            r->lid_off = 1;
    }
    return r->lid;
}

/* Fills doc and runs the content checks. Returns 1 or a negative code with err filled.
 * Needs nothing of the reader but the input's name and the language identifier, so a
 * record deferred by parley_reader_next_record() is checked in whichever thread parses it. */
static int make_doc(const char *input, langid *lid, parley_doc *doc, long line, const char *id,
                    const char *date, const char *text, size_t text_len, const char *title,
                    const char *source, const char *url, parley_error *err)
{
    int rc = parley_doc_set(doc, id, date, text, text_len, title, source, url, err);
    if (rc < 0) {
        snprintf(err->file, sizeof err->file, "%s", input);
        err->line = line;
        return rc;
    }
    doc->input_line = line;
    char why[256];
    if (input_nontext(text, text_len, why, sizeof why) ||
        (lid && input_langid_reject(lid, text, text_len, why, sizeof why))) {
        error_set(err, PARLEY_ESKIP, input, line, 0, id, "%s", why);
        return PARLEY_ESKIP;
    }
    return 1;
}

static int next_batch(parley_reader *r, parley_doc *doc, parley_error *err)
{
    in_batch *b = &r->batch;
    while (b->next < b->n) {
        in_rec *rec = &b->recs[b->next++];
        if (rec->code) {
            doc_reset(doc);
            error_set(err, rec->code, r->cur->name, rec->line, 0, rec->id, "%s",
                      rec->msg ? rec->msg : parley_strerror(rec->code));
            return rec->code;
        }
        return make_doc(r->cur->name, reader_lid(r), doc, rec->line, rec->id, rec->date,
                        rec->text, rec->text_len, rec->title, rec->source, rec->url, err);
    }
    return 0;
}

/* ---- JSON Lines ---------------------------------------------------------------------- */

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A field that may be a string or a number (ids and yyyymmdd dates are written both ways),
 * as text in buf for a number; NULL for anything else. *item is the field, NULL when
 * absent. */
static const char *json_str_or_number(const cJSON *o, const char *key, char *buf, size_t cap,
                                      const cJSON **item)
{
    const cJSON *v = *item = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsString(v))
        return v->valuestring;
    if (!cJSON_IsNumber(v))
        return NULL;
    snprintf(buf, cap, "%.0f", v->valuedouble);
    return buf;
}

/* Parses one JSON Lines record (not blank) into doc. */
static int parse_jsonl(const char *input, langid *lid, const char *buf, size_t n, long line,
                       parley_doc *doc, parley_error *err)
{
    doc_reset(doc);
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(buf, n, &end, 0);
    if (!o) {
        long col = end ? (long)(end - buf) + 1 : 0;
        error_set(err, PARLEY_ESYNTAX, input, line, col, NULL, "malformed JSON near column %ld",
                  col);
        return PARLEY_ESYNTAX;
    }
    if (end) {
        const char *q = end;
        while (q < buf + n && (*q == ' ' || *q == '\t'))
            q++;
        if (q < buf + n) {
            cJSON_Delete(o);
            long col = (long)(q - buf) + 1;
            error_set(err, PARLEY_ESYNTAX, input, line, col, NULL,
                      "unexpected text after the JSON object at column %ld", col);
            return PARLEY_ESYNTAX;
        }
    }
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        error_set(err, PARLEY_ESYNTAX, input, line, 1, NULL, "record is not a JSON object");
        return PARLEY_ESYNTAX;
    }
    char idbuf[64], datebuf[32];
    const cJSON *idv, *dv;
    const char *id = json_str_or_number(o, "id", idbuf, sizeof idbuf, &idv);
    const char *date = json_str_or_number(o, "date", datebuf, sizeof datebuf, &dv);
    const cJSON *tv = cJSON_GetObjectItemCaseSensitive(o, "text");
    const char *text = cJSON_IsString(tv) ? tv->valuestring : NULL;
    int rc;
    if (id && utf8_validate(id, strlen(id)) != strlen(id)) {
        error_set(err, PARLEY_EUTF8, input, line, 0, NULL, "\"id\" is not valid UTF-8");
        rc = PARLEY_EUTF8;
    } else if (tv && !text) {
        error_set(err, PARLEY_EFIELD, input, line, 0, id, "\"text\" is not a string");
        rc = PARLEY_EFIELD;
    } else if (dv && !date) {
        error_set(err, PARLEY_EFIELD, input, line, 0, id, "\"date\" is not a string");
        rc = PARLEY_EFIELD;
    } else {
        const char *title = json_str(o, "title");
        const char *source = json_str(o, "source");
        const char *url = json_str(o, "url");
        /* optional fields must be printable back out as JSON */
        if (title && utf8_validate(title, strlen(title)) != strlen(title))
            title = NULL;
        if (source && utf8_validate(source, strlen(source)) != strlen(source))
            source = NULL;
        if (url && utf8_validate(url, strlen(url)) != strlen(url))
            url = NULL;
        rc = make_doc(input, lid, doc, line, id, date, text, text ? strlen(text) : 0, title,
                      source, url, err);
    }
    cJSON_Delete(o);
    return rc;
}

/* The next record that is not blank: 1 with *buf and *n set, 0 at the end, or a negative
 * code (a read error, a record over the size limit) with doc reset and err filled. */
static int jsonl_line(parley_reader *r, parley_doc *doc, char **buf, size_t *n,
                      parley_error *err)
{
    for (;;) {
        int s = input_src_line(&r->src, r->max_doc, buf, n);
        if (s == 0) {
            if (r->src.error) { /* a truncated gzip stream, a failing disk */
                r->src.error = 0;
                doc_reset(doc);
                error_set(err, PARLEY_EIO, r->cur->name, r->line + 1, 0, NULL, "read error: %s",
                          r->src.errmsg);
                return PARLEY_EIO;
            }
            return 0;
        }
        if (s == -3) {
            error_set(err, PARLEY_ENOMEM, r->cur->name, r->line + 1, 0, NULL, "out of memory");
            return PARLEY_ENOMEM;
        }
        r->line++;
        if (s == -1) {
            doc_reset(doc);
            error_set(err, PARLEY_ELIMIT, r->cur->name, r->line, 0, NULL,
                      "record longer than %zu bytes: skipped", r->max_doc);
            return PARLEY_ELIMIT;
        }
        const char *p = *buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (p != *buf + *n)
            return 1;
        /* a blank line */
    }
}

static int next_jsonl(parley_reader *r, parley_doc *doc, parley_error *err)
{
    char *buf;
    size_t n;
    int rc = jsonl_line(r, doc, &buf, &n, err);
    if (rc <= 0)
        return rc;
    return parse_jsonl(r->cur->name, reader_lid(r), buf, n, r->line, doc, err);
}

/* ---- the loop over inputs -------------------------------------------------------------- */

/* Opens the next input and detects its format. Returns 1, 0 when there is none left, or a
 * negative code for an input that cannot be read (reported, the next one follows). */
static int open_next(parley_reader *r, parley_error *err)
{
    if (r->next_input >= r->ninputs)
        return 0;
    r->cur = &r->inputs[r->next_input++];
    r->line = 0;
    if (r->mem) {
        input_src_open_mem(&r->src, r->mem, r->mem_len);
    } else if (!r->cur->path) {
        int fd = dup(0);
        if (fd < 0 || input_src_open_fd(&r->src, fd) < 0) {
            if (fd >= 0)
                close(fd);
            error_set(err, PARLEY_EIO, r->cur->name, 0, 0, NULL, "cannot read standard input");
            return PARLEY_EIO;
        }
    } else {
        char why[160];
        if (input_src_open_file(&r->src, r->cur->path, why, sizeof why) < 0) {
            error_set(err, PARLEY_EIO, r->cur->name, 0, 0, NULL, "%s", why);
            return PARLEY_EIO;
        }
    }
    r->open = 1;
    size_t n = input_src_peek(&r->src, DETECT_BYTES);
    if (r->src.error && !n) {
        error_set(err, PARLEY_EIO, r->cur->name, 0, 0, NULL, "read error: %s", r->src.errmsg);
        close_input(r);
        return PARLEY_EIO;
    }
    r->format = r->format_opt != PARLEY_INPUT_AUTO
                    ? r->format_opt
                    : input_detect_format(r->cur->name,
                                          r->src.buf ? r->src.buf + r->src.pos : "", n);
    r->batch_mode = is_batch_format(r->format);
    if (r->batch_mode) {
        int rc = load_batch(r);
        if (rc < 0) {
            error_set(err, rc, r->cur->name, 0, 0, NULL, "out of memory");
            close_input(r);
            return rc;
        }
    }
    return 1;
}

/* rec NULL: every record is parsed here. */
static int reader_next(parley_reader *r, parley_doc *doc, parley_record *rec, parley_error *err)
{
    parley_error_clear(err);
    for (;;) {
        if (!r->open) {
            int rc = open_next(r, err);
            if (rc <= 0) {
                if (rc < 0)
                    doc_reset(doc);
                return rc;
            }
        }
        int rc;
        if (r->batch_mode) {
            rc = next_batch(r, doc, err);
        } else if (rec && (r->lid_off || (r->lid && !r->lid_own))) {
            /* deferred, when the identifier is shared (or off): one this reader loads
             * itself would go with it at parley_reader_close(), so such a reader parses
             * in place */
            char *buf;
            size_t n;
            rc = jsonl_line(r, doc, &buf, &n, err);
            if (rc > 0) {
                rec->data = buf;
                rec->len = n;
                rec->line = r->line;
                rec->input = r->cur->name;
                rec->langid = r->lid_off ? NULL : r->lid;
                return 2;
            }
        } else {
            rc = next_jsonl(r, doc, err);
        }
        if (rc != 0)
            return rc;
        close_input(r);
    }
}

int parley_reader_next(parley_reader *r, parley_doc *doc, parley_error *err)
{
    return reader_next(r, doc, NULL, err);
}

int parley_reader_next_record(parley_reader *r, parley_doc *doc, parley_record *rec,
                              parley_error *err)
{
    return reader_next(r, doc, rec, err);
}

int parley_record_parse(const parley_record *rec, parley_doc *doc, parley_error *err)
{
    parley_error_clear(err);
    return parse_jsonl(rec->input, rec->langid, rec->data, rec->len, rec->line, doc, err);
}
