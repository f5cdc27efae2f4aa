/* api_code.c - POST /v1/code and /v1/explain: documents in, events (or the explanation of
 * how they were read) out, coded with the server's dictionaries.
 *
 * A body is one JSON object, a JSON array of them, JSON Lines, or plain text (with the
 * `date` parameter). Every record is coded or reported on its own: a bad record gets an
 * entry in "errors" and the others are still coded. Each request codes into its own
 * parley_doc; the dictionaries are shared by every thread and never change. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

typedef struct coding {
    request *r;
    parley_doc *doc;
    FILE *events;            /* the events' JSON lines, as `parley code` writes them */
    char *events_buf;
    size_t events_len;
    buf errors;              /* the "errors" array's elements */
    long records, coded, failed, discarded;
} coding;

static void record_error(coding *c, long index, long line, const char *id, const char *msg)
{
    c->failed++;
    buf *e = &c->errors;
    if (e->len)
        buf_putc(e, ',');
    buf_printf(e, "{\"record\":%ld", index);
    if (line > 0)
        buf_printf(e, ",\"line\":%ld", line);
    buf_puts(e, ",\"id\":");
    buf_json_str(e, id && *id ? id : NULL);
    buf_puts(e, ",\"message\":");
    buf_json_str(e, msg);
    buf_putc(e, '}');
}

/* Codes the document set by the caller; errors are the record's. */
static void code_doc(coding *c, long index, long line)
{
    parley_error err;
    int rc = parley_code(c->r->cfg->dict, c->r->cfg->coding, c->doc, &err);
    if (rc < 0) {
        record_error(c, index, line, parley_doc_id(c->doc), err.msg[0] ? err.msg : parley_strerror(rc));
        return;
    }
    c->coded++;
    if (parley_doc_discarded(c->doc))
        c->discarded++;
    parley_write_events(c->events, c->doc, PARLEY_FORMAT_JSONL);
}

static const char *str_field(const cJSON *o, const char *key, char *num, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsString(v))
        return v->valuestring;
    if (num && cJSON_IsNumber(v)) {   /* ids and yyyymmdd dates written as numbers */
        snprintf(num, cap, "%.0f", v->valuedouble);
        return num;
    }
    return NULL;
}

/* Sets c->doc from one JSON record; 0, or -1 with the record's error reported. */
static int doc_from_json(coding *c, const cJSON *o, long index, long line)
{
    char idbuf[64], datebuf[32];
    if (!cJSON_IsObject(o)) {
        record_error(c, index, line, NULL, "the record is not a JSON object");
        return -1;
    }
    const char *id = str_field(o, "id", idbuf, sizeof idbuf);
    const char *date = str_field(o, "date", datebuf, sizeof datebuf);
    const char *text = str_field(o, "text", NULL, 0);
    parley_error err;
    if (parley_doc_set(c->doc, id, date, text, text ? strlen(text) : 0, str_field(o, "title", NULL, 0),
                       str_field(o, "source", NULL, 0), str_field(o, "url", NULL, 0), &err) < 0) {
        record_error(c, index, line, id, err.msg);
        return -1;
    }
    return 0;
}

static int code_json(coding *c, const cJSON *o, long index, long line)
{
    c->records++;
    if (c->records > c->r->cfg->max_docs)
        return http_error(c->r, 413, "more than %ld documents in one request", c->r->cfg->max_docs);
    if (doc_from_json(c, o, index, line) == 0)
        code_doc(c, index, line);
    return 0;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* JSON Lines: one record a line, each coded or reported by its line number. */
static int code_lines(coding *c)
{
    const char *p = c->r->body, *end = p + c->r->body_len;
    long line = 0, index = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        line++;
        if (skip_ws(p, stop) < stop) {
            const char *after = NULL;
            cJSON *o = cJSON_ParseWithLengthOpts(p, (size_t)(stop - p), &after, 0);
            if (!o || skip_ws(after, stop) < stop) {
                c->records++;
                char msg[96];
                snprintf(msg, sizeof msg, "malformed JSON near column %ld",
                         after ? (long)(after - p) + 1 : 1L);
                record_error(c, index, line, NULL, msg);
            } else if (code_json(c, o, index, line) < 0) {
                cJSON_Delete(o);
                return -1;
            }
            cJSON_Delete(o);
            index++;
        }
        p = stop + 1;
    }
    return 0;
}

/* A JSON object, an array of objects, or JSON Lines (an object followed by more). */
static int code_json_body(coding *c)
{
    const char *body = c->r->body, *end = body + c->r->body_len;
    const char *after = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, c->r->body_len, &after, 0);
    if (root && skip_ws(after, end) == end) {
        int rc = 0;
        if (cJSON_IsArray(root)) {
            long i = 0;
            for (const cJSON *o = root->child; o && rc == 0; o = o->next, i++)
                rc = code_json(c, o, i, 0);
        } else {
            rc = code_json(c, root, 0, 0);
        }
        cJSON_Delete(root);
        return rc;
    }
    int object_first = cJSON_IsObject(root);
    cJSON_Delete(root);
    if (object_first || (!root && *skip_ws(body, end) == '{'))
        return code_lines(c);   /* several objects: JSON Lines, each line on its own */
    long at = after ? (long)(after - body) : 0;
    return http_error(c->r, 400, "malformed JSON near byte %ld of the body", at);
}

/* Plain text: one document, its date (and id, outlet, title) from the parameters. */
static int doc_from_text(request *r, parley_doc *doc)
{
    const char *date = http_arg(r, "date");
    if (!date)
        return http_error(r, 400, "plain text needs the date parameter (YYYY-MM-DD): "
                          "the publication date anchors the events' dates");
    const char *id = http_arg(r, "id");
    parley_error err;
    if (parley_doc_set(doc, id && *id ? id : "text", date, r->body, r->body_len, http_arg(r, "title"),
                       http_arg(r, "outlet"), NULL, &err) < 0)
        return http_error(r, err.code == PARLEY_EUTF8 ? 422 : 400, "%s", err.msg);
    return 0;
}

static bool is_text(request *r)
{
    const char *type = http_header(r, "Content-Type");
    if (type && strncmp(type, "text/plain", 10) == 0)
        return true;
    if (type && (strstr(type, "json") || strstr(type, "ndjson")))
        return false;
    const char *p = skip_ws(r->body, r->body + r->body_len);
    return p < r->body + r->body_len && *p != '{' && *p != '[';
}

int api_code(request *r)
{
    static const char *const args[] = {"date", "id", "outlet", "title", NULL};
    if (http_only_args(r, args) < 0)
        return -1;
    if (skip_ws(r->body, r->body + r->body_len) == r->body + r->body_len)
        return http_error(r, 400, "the body is empty: send a JSON document, an array of them, "
                          "JSON Lines, or plain text with ?date=YYYY-MM-DD");
    coding c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.doc = parley_doc_new();
    c.events = open_memstream(&c.events_buf, &c.events_len);
    if (!c.doc || !c.events) {
        parley_doc_free(c.doc);
        if (c.events)
            fclose(c.events);
        free(c.events_buf);
        return http_error(r, 503, "out of memory");
    }
    int rc;
    if (is_text(r)) {
        c.records = 1;
        rc = doc_from_text(r, c.doc);
        if (rc == 0)
            code_doc(&c, 0, 0);
    } else {
        rc = code_json_body(&c);
    }
    fclose(c.events);
    if (rc == 0) {
        buf *o = &r->out;
        if (c.records > 0 && c.coded == 0) {
            /* nothing coded: an error, with the records' errors beside it */
            r->status = 422;
            buf_puts(o, "{\"error\":{\"status\":422,\"message\":"
                        "\"no document could be coded: see errors\"},");
        } else {
            buf_putc(o, '{');
        }
        buf_printf(o, "\"documents\":%ld,\"coded\":%ld,\"discarded\":%ld,\"failed\":%ld,"
                   "\"events\":[", c.records, c.coded, c.discarded, c.failed);
        /* one JSON object per line -> array elements */
        for (size_t i = 0, start = 0; i < c.events_len; i++) {
            if (c.events_buf[i] != '\n')
                continue;
            if (start)
                buf_putc(o, ',');
            buf_putn(o, c.events_buf + start, i - start);
            start = i + 1;
        }
        buf_puts(o, "],\"errors\":[");
        buf_putn(o, c.errors.p ? c.errors.p : "", c.errors.len);
        buf_puts(o, "]}\n");
    }
    free(c.events_buf);
    buf_free(&c.errors);
    parley_doc_free(c.doc);
    return rc;
}

/* ---- explain ---- */

int api_explain(request *r)
{
    static const char *const get_args[] = {"text", "date", "id", "outlet", "title", NULL};
    static const char *const post_args[] = {"date", "id", "outlet", "title", NULL};
    bool post = strcmp(r->method, "POST") == 0;
    if (http_only_args(r, post ? post_args : get_args) < 0)
        return -1;
    parley_doc *doc = parley_doc_new();
    if (!doc)
        return http_error(r, 503, "out of memory");
    int rc = 0;
    if (!post) {
        const char *text = http_arg(r, "text");
        if (!text || !*text) {
            rc = http_error(r, 400, "explain needs the text parameter (and date)");
        } else {
            r->body = (char *)text;
            r->body_len = strlen(text);
            rc = doc_from_text(r, doc);
        }
    } else if (skip_ws(r->body, r->body + r->body_len) == r->body + r->body_len) {
        rc = http_error(r, 400, "the body is empty: send the text (or one JSON document)");
    } else if (is_text(r)) {
        rc = doc_from_text(r, doc);
    } else {
        const char *after = NULL;
        cJSON *o = cJSON_ParseWithLengthOpts(r->body, r->body_len, &after, 0);
        coding c;
        memset(&c, 0, sizeof c);
        c.r = r;
        c.doc = doc;
        if (!o || skip_ws(after, r->body + r->body_len) < r->body + r->body_len)
            rc = http_error(r, 400, "malformed JSON near byte %ld of the body (explain takes one "
                            "document)", after ? (long)(after - r->body) : 0L);
        else if (doc_from_json(&c, o, 0, 0) < 0)
            rc = http_error(r, 422, "%s", "the document cannot be coded: see errors");
        if (rc < 0 && c.errors.len) {
            /* the record's own message is the useful one */
            buf_free(&r->out);
            buf_puts(&r->out, "{\"error\":{\"status\":422,\"message\":\"the document cannot be "
                              "coded\"},\"errors\":[");
            buf_putn(&r->out, c.errors.p, c.errors.len);
            buf_puts(&r->out, "]}\n");
        }
        buf_free(&c.errors);
        cJSON_Delete(o);
    }
    if (rc == 0) {
        parley_error err;
        parley_options o = *r->cfg->coding;
        o.trace = true; /* every verb's reading is shown */
        int crc = parley_code(r->cfg->dict, &o, doc, &err);
        char *text = NULL;
        size_t len = 0;
        FILE *m = crc < 0 ? NULL : open_memstream(&text, &len);
        if (crc < 0) {
            rc = http_error(r, 422, "%s", err.msg[0] ? err.msg : parley_strerror(crc));
        } else if (!m) {
            rc = http_error(r, 503, "out of memory");
        } else {
            parley_explain(m, r->cfg->dict, doc, 1);
            fclose(m);
            while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
                len--;
            buf_putn(&r->out, text, len);
            buf_putc(&r->out, '\n');
        }
        free(text);
    }
    parley_doc_free(doc);
    return rc;
}
