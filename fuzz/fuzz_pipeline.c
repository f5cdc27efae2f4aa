/* fuzz_pipeline.c - libFuzzer target for the whole pipeline: any bytes, format detected,
 * every document read is coded with the golden-test dictionaries (which have verbs and
 * patterns, so the coder's matching runs) plus parley's defaults, and its events written.
 *
 * Run from the repository root (make fuzz does), or set PARLEY_FUZZ_DICT. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static parley_dict *dict;
static parley_langid *lid;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    parley_dict_spec spec;
    memset(&spec, 0, sizeof spec);
    const char *dir = getenv("PARLEY_FUZZ_DICT");
    spec.dir = dir ? dir : "tests/golden/dicts";
    parley_error err;
    if (parley_dict_load(&spec, NULL, NULL, &dict, &err) < 0) {
        fprintf(stderr, "fuzz_pipeline: cannot load %s: %s\n", spec.dir, err.msg);
        exit(1);
    }
    parley_langid_new(&lid, NULL, "en", &err);
    sink = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.date = "2024-01-01";
    ro.max_doc_bytes = 1 << 20;
    ro.langid = lid;
    parley_options opts;
    parley_options_init(&opts);
    parley_reader *r;
    parley_error err;
    if (parley_reader_open_memory(&r, "fuzz", data, size, &ro, &err) < 0)
        return 0;
    parley_doc *doc = parley_doc_new();
    int rc;
    while ((rc = parley_reader_next(r, doc, &err)) != 0) {
        if (rc < 0) {
            if (rc == PARLEY_ENOMEM)
                break;
            continue;
        }
        if (parley_code(dict, &opts, doc, &err) >= 0) {
            parley_write_events(sink, doc, PARLEY_FORMAT_JSONL);
            parley_doc_sentences_over_limit(doc, &opts, NULL);
        }
    }
    parley_doc_free(doc);
    parley_reader_close(r);
    return 0;
}
