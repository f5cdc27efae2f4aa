/* fuzz_reader.c - libFuzzer target for one input reader (FUZZ_FORMAT picks which: JSON
 * Lines, HTML, feeds, PETRARCH XML, TABARI, or detection itself with AUTO).
 *
 * The input is read from memory as the given format; every record must come back as a
 * document or an error, and a document's fields must be what the API promises (valid
 * UTF-8 text of the stated length, a valid date), so a reader that lets garbage through is
 * caught here, not three stages later. The input is then read a second time with the
 * parsing apart from the reading (parley_reader_next_record, parley_record_parse, what
 * `parley code -j N` does), and every record must come out the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT PARLEY_INPUT_AUTO
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static parley_langid *lid;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    parley_error err;
    parley_langid_new(&lid, NULL, "en", &err); /* loaded once: ~20 ms per input otherwise */
    return 0;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (!k || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xc0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

/* What a record came out as, for the comparison of the two passes. */
typedef struct outcome {
    int rc;
    long line;
    char msg[64];
    char id[32];
    size_t len;
    unsigned hash;
} outcome;

#define MAX_OUTCOMES 256

static void note(outcome *o, int rc, const parley_error *err, const parley_doc *doc)
{
    memset(o, 0, sizeof *o);
    o->rc = rc;
    if (rc < 0) {
        o->line = err->line;
        strncpy(o->msg, err->msg, sizeof o->msg - 1);
        strncpy(o->id, err->doc_id, sizeof o->id - 1);
        return;
    }
    const char *t = parley_doc_text(doc, &o->len);
    for (size_t i = 0; i < o->len; i++)
        o->hash = o->hash * 31u + (unsigned char)t[i];
    strncpy(o->id, parley_doc_id(doc), sizeof o->id - 1);
}

static outcome first[MAX_OUTCOMES];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.format = FUZZ_FORMAT;
    ro.date = "2024-01-01"; /* so text and undated pages get as far as they can */
    ro.max_doc_bytes = 1 << 20;
    ro.max_input_bytes = 4 << 20;
    ro.langid = lid;
    parley_reader *r;
    parley_error err;
    if (parley_reader_open_memory(&r, "fuzz", data, size, &ro, &err) < 0)
        return 0;
    parley_doc *doc = parley_doc_new();
    int rc, n = 0;
    while ((rc = parley_reader_next(r, doc, &err)) != 0 && n++ < 100000) {
        if (n <= MAX_OUTCOMES)
            note(&first[n - 1], rc, &err, doc);
        if (rc < 0) {
            if (rc == PARLEY_ENOMEM)
                break;
            if (err.msg[0] == '\0')
                abort(); /* every report says what is wrong */
            continue;
        }
        size_t len;
        const char *t = parley_doc_text(doc, &len);
        if (strlen(t) != len || !valid_utf8((const unsigned char *)t, len))
            abort();
        if (parley_doc_date(doc) <= 0 || !parley_doc_id(doc)[0])
            abort();
    }
    parley_reader_close(r);
    /* the second pass, records parsed apart from their reading */
    int total = n;
    if (parley_reader_open_memory(&r, "fuzz", data, size, &ro, &err) == 0) {
        n = 0;
        parley_record rec;
        while ((rc = parley_reader_next_record(r, doc, &rec, &err)) != 0 && n++ < 100000) {
            if (rc == 2) {
                char *copy = malloc(rec.len ? rec.len : 1); /* as the coding threads do */
                if (!copy)
                    break;
                memcpy(copy, rec.data, rec.len);
                rec.data = copy;
                rc = parley_record_parse(&rec, doc, &err);
                free(copy);
            }
            if (n <= MAX_OUTCOMES) {
                outcome o;
                note(&o, rc, &err, doc);
                if (memcmp(&o, &first[n - 1], sizeof o) != 0)
                    abort(); /* parsed apart, it came out otherwise */
            }
            if (rc == PARLEY_ENOMEM)
                break;
        }
        if (n != total && total < 100000)
            abort();
        parley_reader_close(r);
    }
    parley_doc_free(doc);
    return 0;
}
