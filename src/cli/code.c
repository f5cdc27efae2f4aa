/* code.c - `parley code`: documents in, events out (one JSON object per line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley code [OPTIONS] [FILE...]\n"
          "\n"
          "Reads news documents (JSON Lines: {\"id\", \"date\", \"text\", ...}; or plain text with\n"
          "--date) from the files or standard input and writes one CAMEO event per line.\n"
          "\n"
          "dictionaries (default: parley's own, built in):\n"
          "  --dict PATH          directory (files named *verb*, *actor*, *agent*, *discard*),\n"
          "                       PETRARCH config (.ini) or TABARI project (.project)\n"
          "  --verbs FILE  --actors FILE (repeatable)  --agents FILE  --discards FILE\n"
          "  --no-default-dicts   do not fill missing kinds from the built-in dictionaries\n"
          "  --dict-warnings      list every dictionary warning\n"
          "input:\n"
          "  --input-format jsonl|text   (default: detected)\n"
          "  --date YYYY-MM-DD    publication date of plain-text input\n"
          "  --id ID              document id of plain-text input (default: file name)\n"
          "coding:\n"
          "  --option NAME=VALUE  PETRARCH options: require_dyad, comma_min, comma_max,\n"
          "                       comma_bmin, comma_bmax, comma_emin, comma_emax; and\n"
          "                       subordinate_clauses (false: as PETRARCH, verbs of clauses\n"
          "                       nested in a coded phrase are not coded), max_sentence_tokens\n"
          "  --stats              print counts and timing to stderr at the end\n"
          "  --trace              print how each document was analysed to stderr\n"
          "\n"
          "Exit status: 0 all records coded, 3 some records failed (each reported on stderr,\n"
          "the rest coded), 1 could not run, 2 bad usage.\n",
          f);
}

int cmd_code(int argc, char **argv)
{
    dict_opts dopt;
    memset(&dopt, 0, sizeof dopt);
    parley_options opts;
    parley_options_init(&opts);
    parley_reader_opts ropts;
    memset(&ropts, 0, sizeof ropts);
    const char *files[1024];
    int nfiles = 0, stats = 0, trace = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = dict_opt_parse(&dopt, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--stats") == 0) {
            stats = 1;
            continue;
        }
        if (strcmp(a, "--trace") == 0) {
            trace = 1;
            continue;
        }
        if ((strcmp(a, "--date") == 0 || strcmp(a, "--id") == 0 || strcmp(a, "--option") == 0 ||
             strcmp(a, "--input-format") == 0 || strcmp(a, "--format") == 0)) {
            if (i + 1 >= argc) {
                fprintf(stderr, "parley: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--date") == 0) {
                ropts.date = v;
            } else if (strcmp(a, "--id") == 0) {
                ropts.id = v;
            } else if (strcmp(a, "--format") == 0) {
                if (strcmp(v, "jsonl") != 0) {
                    fprintf(stderr, "parley: unknown output format \"%s\" (jsonl)\n", v);
                    return EXIT_USAGE;
                }
            } else if (strcmp(a, "--input-format") == 0) {
                if (strcmp(v, "jsonl") == 0)
                    ropts.format = PARLEY_INPUT_JSONL;
                else if (strcmp(v, "text") == 0)
                    ropts.format = PARLEY_INPUT_TEXT;
                else {
                    fprintf(stderr, "parley: unknown input format \"%s\" (jsonl, text)\n", v);
                    return EXIT_USAGE;
                }
            } else {
                char name[64];
                const char *eq = strchr(v, '=');
                if (!eq || (size_t)(eq - v) >= sizeof name) {
                    fprintf(stderr, "parley: --option needs NAME=VALUE\n");
                    return EXIT_USAGE;
                }
                memcpy(name, v, (size_t)(eq - v));
                name[eq - v] = '\0';
                if (parley_options_set(&opts, name, eq + 1) < 0) {
                    fprintf(stderr, "parley: bad option \"%s\"\n", v);
                    return EXIT_USAGE;
                }
            }
            continue;
        }
        if (a[0] == '-' && a[1]) {
            fprintf(stderr, "parley: unknown option \"%s\" (parley code --help)\n", a);
            return EXIT_USAGE;
        }
        if (nfiles >= 1024) {
            fprintf(stderr, "parley: too many input files\n");
            return EXIT_USAGE;
        }
        files[nfiles++] = a;
    }
    if (!nfiles)
        files[nfiles++] = "-";

    parley_dict *d = dict_opt_load(&dopt);
    if (!d)
        return EXIT_FATAL;
    parley_doc *doc = parley_doc_new();
    if (!doc) {
        parley_dict_free(d);
        fprintf(stderr, "parley: out of memory\n");
        return EXIT_FATAL;
    }
    long ndocs = 0, nbad = 0, nevents = 0, nsent = 0;
    unsigned long long nbytes = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int fatal = 0;
    for (int f = 0; f < nfiles && !fatal; f++) {
        parley_reader *r;
        parley_error err;
        if (parley_reader_open(&r, files[f], &ropts, &err) < 0) {
            print_error(&err);
            nbad++;
            continue;
        }
        int rc;
        while ((rc = parley_reader_next(r, doc, &err)) != 0) {
            if (rc < 0) {
                print_error(&err);
                nbad++;
                if (rc == PARLEY_ENOMEM) {
                    fatal = 1;
                    break;
                }
                continue;
            }
            ndocs++;
            int n = parley_code(d, &opts, doc, &err);
            if (n < 0) {
                print_error(&err);
                nbad++;
                continue;
            }
            nevents += n;
            size_t tl;
            parley_doc_text(doc, &tl);
            nbytes += tl;
            if (trace)
                parley_write_analysis(stderr, doc);
            nsent += (long)parley_doc_sentence_count(doc);
            if (parley_write_events(stdout, doc, PARLEY_FORMAT_JSONL) < 0) {
                fprintf(stderr, "parley: cannot write output\n");
                fatal = 1;
                break;
            }
        }
        parley_reader_close(r);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "parley: cannot write output\n");
        fatal = 1;
    }
    if (stats) {
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
                ndocs, nsent, nevents, nbad, nbytes, secs, (double)nsent / secs, (double)ndocs / secs,
                (double)nbytes / secs / 1e6, st.load_ms, ru.ru_maxrss / 1024);
    }
    parley_doc_free(doc);
    parley_dict_free(d);
    if (fatal)
        return EXIT_FATAL;
    return nbad ? EXIT_RECORDS : EXIT_CLEAN;
}
