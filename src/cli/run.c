/* run.c - what `parley code` and `parley explain` share: their options and the loop that
 * reads every input document, reports bad records and hands good ones to a callback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"

int run_opts_parse(run_opts *r, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int r2 = dict_opt_parse(&r->dict, argc, argv, i);
    if (r2 != 0)
        return r2;
    if (strcmp(a, "--date") != 0 && strcmp(a, "--id") != 0 && strcmp(a, "--option") != 0 &&
        strcmp(a, "--input-format") != 0)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "parley: %s needs a value\n", a);
        return -1;
    }
    const char *v = argv[++*i];
    if (strcmp(a, "--date") == 0) {
        r->reader.date = v;
    } else if (strcmp(a, "--id") == 0) {
        r->reader.id = v;
    } else if (strcmp(a, "--input-format") == 0) {
        if (strcmp(v, "jsonl") == 0)
            r->reader.format = PARLEY_INPUT_JSONL;
        else if (strcmp(v, "text") == 0)
            r->reader.format = PARLEY_INPUT_TEXT;
        else {
            fprintf(stderr, "parley: unknown input format \"%s\" (jsonl, text)\n", v);
            return -1;
        }
    } else {
        char name[64];
        const char *eq = strchr(v, '=');
        if (!eq || (size_t)(eq - v) >= sizeof name) {
            fprintf(stderr, "parley: --option needs NAME=VALUE\n");
            return -1;
        }
        memcpy(name, v, (size_t)(eq - v));
        name[eq - v] = '\0';
        if (parley_options_set(&r->coding, name, eq + 1) < 0) {
            fprintf(stderr, "parley: bad option \"%s\"\n", v);
            return -1;
        }
    }
    return 1;
}

void run_opts_init(run_opts *r)
{
    memset(r, 0, sizeof *r);
    parley_options_init(&r->coding);
}

int run_docs(run_opts *r, const char *const *files, int nfiles, run_fn fn, void *ud)
{
    static const char *const stdin_only[] = {"-"};
    if (!nfiles) {
        files = stdin_only;
        nfiles = 1;
    }
    parley_dict *d = dict_opt_load(&r->dict);
    if (!d)
        return EXIT_FATAL;
    parley_doc *doc = parley_doc_new();
    if (!doc) {
        parley_dict_free(d);
        fprintf(stderr, "parley: out of memory\n");
        return EXIT_FATAL;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int fatal = 0;
    for (int f = 0; f < nfiles && !fatal; f++) {
        parley_reader *rd;
        parley_error err;
        if (parley_reader_open(&rd, files[f], &r->reader, &err) < 0) {
            print_error(&err);
            r->nbad++;
            continue;
        }
        int rc;
        while ((rc = parley_reader_next(rd, doc, &err)) != 0) {
            if (rc < 0) {
                print_error(&err);
                r->nbad++;
                if (rc == PARLEY_ENOMEM) {
                    fatal = 1;
                    break;
                }
                continue;
            }
            r->ndocs++;
            int n = parley_code(d, &r->coding, doc, &err);
            if (n < 0) {
                print_error(&err);
                r->nbad++;
                continue;
            }
            r->nevents += n;
            r->nsent += (long)parley_doc_sentence_count(doc);
            size_t tl;
            parley_doc_text(doc, &tl);
            r->nbytes += tl;
            if (fn(r, d, doc, ud) < 0) {
                fprintf(stderr, "parley: cannot write output\n");
                fatal = 1;
                break;
            }
        }
        parley_reader_close(rd);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "parley: cannot write output\n");
        fatal = 1;
    }
    if (r->stats) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (secs <= 0)
            secs = 1e-9;
        parley_dict_stats st;
        parley_dict_get_stats(d, &st);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr,
                "parley: %ld documents, %ld sentences, %ld events, %ld failed records, %llu bytes "
                "in %.3f s (%.0f sentences/s, %.0f documents/s, %.1f MB/s); dictionaries loaded in "
                "%.1f ms; peak RSS %ld MB\n",
                r->ndocs, r->nsent, r->nevents, r->nbad, r->nbytes, secs, (double)r->nsent / secs,
                (double)r->ndocs / secs, (double)r->nbytes / secs / 1e6, st.load_ms, ru.ru_maxrss / 1024);
    }
    parley_doc_free(doc);
    parley_dict_free(d);
    if (fatal)
        return EXIT_FATAL;
    return r->nbad ? EXIT_RECORDS : EXIT_CLEAN;
}
