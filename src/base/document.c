/* document.c - document life cycle, errors and fields (public parley_doc_* functions). */
#include "document.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "date.h"

const char *parley_strerror(int code)
{
    switch (code) {
    case PARLEY_OK: return "success";
    case PARLEY_ENOMEM: return "out of memory";
    case PARLEY_EIO: return "input/output error";
    case PARLEY_ESYNTAX: return "syntax error";
    case PARLEY_EFIELD: return "missing or invalid field";
    case PARLEY_EDATE: return "invalid date";
    case PARLEY_EUTF8: return "invalid UTF-8";
    case PARLEY_EARG: return "invalid argument";
    case PARLEY_ELIMIT: return "size limit exceeded";
    case PARLEY_ESTORE: return "database error";
    case PARLEY_ESKIP: return "skipped: not English news text";
    default: return "unknown error";
    }
}

void parley_error_clear(parley_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

void error_set(parley_error *err, int code, const char *file, long line, long column,
               const char *doc_id, const char *fmt, ...)
{
    if (!err)
        return;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    snprintf(err->doc_id, sizeof err->doc_id, "%s", doc_id ? doc_id : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

parley_doc *parley_doc_new(void)
{
    parley_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    arena_init(&doc->arena, 256 * 1024);
    return doc;
}

void parley_doc_free(parley_doc *doc)
{
    if (!doc)
        return;
    arena_free(&doc->arena);
    free(doc);
}

void doc_reset(parley_doc *doc)
{
    arena a = doc->arena;
    arena_reset(&a);
    memset(doc, 0, sizeof *doc);
    doc->arena = a;
}

parley_event *doc_add_event(parley_doc *doc, const parley_event *ev)
{
    if (doc->nevents == doc->cap_events) {
        uint32_t cap = doc->cap_events ? doc->cap_events * 2 : 16;
        parley_event *p = arena_grow(&doc->arena, doc->events, doc->nevents, cap, sizeof *p);
        if (!p)
            return NULL;
        doc->events = p;
        doc->cap_events = cap;
    }
    doc->events[doc->nevents] = *ev;
    return &doc->events[doc->nevents++];
}

void doc_event_code(parley_event *ev, const char *code)
{
    snprintf(ev->code, sizeof ev->code, "%s", code);
    snprintf(ev->root, sizeof ev->root, "%.2s", code);
    const parley_cameo *cm = parley_cameo_lookup(code);
    ev->quad = cm ? cm->quad : 0;
    ev->goldstein = cm ? cm->goldstein : 0;
    ev->goldstein_known = cm != NULL;
}

char *doc_span_text(parley_doc *doc, uint32_t start, uint32_t end)
{
    if (end < start || end > doc->text_len)
        return arena_strdup(&doc->arena, "");
    return arena_strndup(&doc->arena, doc->text + start, end - start);
}

static char *dup_opt(parley_doc *doc, const char *s)
{
    return s ? arena_strdup(&doc->arena, s) : NULL;
}

int parley_doc_set(parley_doc *doc, const char *id, const char *date, const char *text,
                   size_t text_len, const char *title, const char *source, const char *url,
                   parley_error *err)
{
    doc_reset(doc);
    if (!id || !*id) {
        error_set(err, PARLEY_EFIELD, NULL, 0, 0, NULL, "missing \"id\"");
        return PARLEY_EFIELD;
    }
    doc->id = dup_opt(doc, id);
    if (!date) {
        error_set(err, PARLEY_EFIELD, NULL, 0, 0, id, "missing \"date\"");
        return PARLEY_EFIELD;
    }
    doc->date = date_parse(date, strlen(date));
    if (!doc->date) {
        error_set(err, PARLEY_EDATE, NULL, 0, 0, id,
                  "bad date \"%.40s\": expected YYYY-MM-DD or YYYYMMDD", date);
        return PARLEY_EDATE;
    }
    if (!text) {
        error_set(err, PARLEY_EFIELD, NULL, 0, 0, id, "missing \"text\"");
        return PARLEY_EFIELD;
    }
    if (text_len > UINT32_MAX - 1) {
        error_set(err, PARLEY_ELIMIT, NULL, 0, 0, id, "text longer than 4 GiB");
        return PARLEY_ELIMIT;
    }
    size_t bad = utf8_validate(text, text_len);
    if (bad != text_len) {
        error_set(err, PARLEY_EUTF8, NULL, 0, 0, id,
                  "\"text\" is not valid UTF-8 (byte %zu)", bad);
        return PARLEY_EUTF8;
    }
    doc->text = arena_strndup(&doc->arena, text, text_len);
    doc->text_len = (uint32_t)text_len;
    doc->title = dup_opt(doc, title);
    doc->source = dup_opt(doc, source);
    doc->url = dup_opt(doc, url);
    if (arena_failed(&doc->arena)) {
        error_set(err, PARLEY_ENOMEM, NULL, 0, 0, id, "out of memory");
        return PARLEY_ENOMEM;
    }
    return 0;
}

const char *parley_doc_id(const parley_doc *doc)
{
    return doc->id ? doc->id : "";
}

const char *parley_doc_title(const parley_doc *doc)
{
    return doc->title;
}

const char *parley_doc_source(const parley_doc *doc)
{
    return doc->source;
}

const char *parley_doc_url(const parley_doc *doc)
{
    return doc->url;
}

long parley_doc_input_line(const parley_doc *doc)
{
    return doc->input_line;
}

const char *parley_doc_text(const parley_doc *doc, size_t *len)
{
    if (len)
        *len = doc->text_len;
    return doc->text ? doc->text : "";
}

int parley_doc_date(const parley_doc *doc)
{
    return doc->date;
}

size_t parley_doc_sentence_count(const parley_doc *doc)
{
    return doc->nsents;
}

size_t parley_doc_event_count(const parley_doc *doc)
{
    return doc->nevents;
}

const parley_event *parley_doc_event(const parley_doc *doc, size_t i)
{
    return i < doc->nevents ? &doc->events[i] : NULL;
}

bool parley_doc_discarded(const parley_doc *doc)
{
    return doc->story_discarded;
}
