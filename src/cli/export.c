/* export.c - `parley export`: the store's deduplicated events in a data set's format. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley export --db STORE [--format FORMAT] [FILTERS] [--output FILE]\n"
          "\n"
          "Writes the store's events, each once with its mention counts and first report, in\n"
          "date order:\n"
          "  --format jsonl       one JSON object per event (default)\n"
          "  --format csv         comma-separated, with a header line\n"
          "  --format gdelt       the GDELT 2.0 event table: 61 tab-separated columns\n"
          "  --format plover      PLOVER JSON (actor, recipient, event, mode, context, ...)\n"
          "  --format phoenix     the Phoenix data set's 26 tab-separated columns\n"
          "  --output FILE        write to FILE instead of standard output\n",
          f);
    fputs(store_filter_help, f);
    fputs("  --db STORE           the store (default: $PARLEY_DB)\n", f);
}

int cmd_export(int argc, char **argv)
{
    store_opts so;
    memset(&so, 0, sizeof so);
    int format = PARLEY_FORMAT_JSONL;
    const char *output = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = store_opt_parse(&so, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--format") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "-o") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "parley: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--format") == 0) {
                format = parley_format_parse(v);
                if (format < 0) {
                    fprintf(stderr, "parley: unknown format \"%s\" (jsonl, csv, gdelt, plover, "
                                    "phoenix)\n", v);
                    return EXIT_USAGE;
                }
            } else {
                output = v;
            }
            continue;
        }
        fprintf(stderr, "parley: unknown option \"%s\" (parley export --help)\n", a);
        return EXIT_USAGE;
    }
    parley_store *s;
    int orc = store_open_read(&so, "export", &s);
    if (orc)
        return orc;
    parley_error err;
    FILE *out = stdout;
    if (output && !(out = fopen(output, "w"))) {
        perror(output);
        parley_store_close(s);
        return EXIT_FATAL;
    }
    long n = parley_store_export(s, &so.q, out, format, &err);
    if (n < 0)
        print_error(&err);
    int bad = (out != stdout ? fclose(out) : fflush(out)) != 0;
    if (bad && n >= 0)
        fprintf(stderr, "parley: cannot write output\n");
    parley_store_close(s);
    return n < 0 || bad ? EXIT_FATAL : EXIT_CLEAN;
}
