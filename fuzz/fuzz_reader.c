/* fuzz_reader.c - libFuzzer target for one input reader (FUZZ_FORMAT picks which: JSON
 * Lines, HTML, feeds, PETRARCH XML, TABARI, or detection itself with AUTO).
 *
 * The input is read from memory as the given format; every record must come back as a
 * document or an error, and a document's fields must be what the API promises (valid
 * UTF-8 text of the stated length, a valid date), so a reader that lets garbage through is
 * caught here, not three stages later. */
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
    parley_doc_free(doc);
    parley_reader_close(r);
    return 0;
}
