/* report.c - how input problems are told: one JSON object per line for each record that
 * could not be coded, and the count of sentences a limit kept from the coder. */
#include <stdio.h>

#include "../base/date.h"
#include "../base/document.h"
#include "../output/json.h"

static const char *code_name(int code)
{
    switch (code) {
    case PARLEY_ENOMEM: return "ENOMEM";
    case PARLEY_EIO: return "EIO";
    case PARLEY_ESYNTAX: return "ESYNTAX";
    case PARLEY_EFIELD: return "EFIELD";
    case PARLEY_EDATE: return "EDATE";
    case PARLEY_EUTF8: return "EUTF8";
    case PARLEY_EARG: return "EARG";
    case PARLEY_ELIMIT: return "ELIMIT";
    case PARLEY_ESKIP: return "ESKIP";
    default: return "EUNKNOWN";
    }
}

int parley_error_write_json(FILE *out, const parley_error *e, const char *severity)
{
    fputs("{\"input\":", out);
    if (e->file[0])
        json_string(out, e->file);
    else
        fputs("null", out);
    fprintf(out, ",\"line\":%ld", e->line);
    if (e->column)
        fprintf(out, ",\"column\":%ld", e->column);
    fputs(",\"doc_id\":", out);
    if (e->doc_id[0])
        json_string(out, e->doc_id);
    else
        fputs("null", out);
    fputs(",\"error\":", out);
    json_string(out, e->msg[0] ? e->msg : parley_strerror(e->code));
    fprintf(out, ",\"code\":\"%s\"", code_name(e->code));
    if (severity) {
        fputs(",\"severity\":", out);
        json_string(out, severity);
    }
    fputs("}\n", out);
    return ferror(out) ? PARLEY_EIO : 0;
}

size_t parley_doc_sentences_over_limit(const parley_doc *doc, const parley_options *opts,
                                       size_t *first)
{
    parley_options defaults;
    if (!opts) {
        parley_options_init(&defaults);
        opts = &defaults;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < doc->nsents; i++) {
        const sentence *s = &doc->sents[i];
        if (s->ntok > (uint32_t)opts->max_sentence_tokens && !s->discarded) {
            if (!n && first)
                *first = i;
            n++;
        }
    }
    return n;
}

int parley_write_document(FILE *out, const parley_doc *doc)
{
    char date[11];
    date_format(doc->date, date);
    fputs("{\"id\":", out);
    json_string(out, doc->id);
    fprintf(out, ",\"date\":\"%s\"", date);
    const char *keys[] = {"title", "source", "url"};
    const char *vals[] = {doc->title, doc->source, doc->url};
    for (int i = 0; i < 3; i++) {
        if (!vals[i])
            continue;
        fprintf(out, ",\"%s\":", keys[i]);
        json_string(out, vals[i]);
    }
    fputs(",\"text\":", out);
    json_string_n(out, doc->text ? doc->text : "", doc->text_len);
    fputs("}\n", out);
    return ferror(out) ? PARLEY_EIO : 0;
}
