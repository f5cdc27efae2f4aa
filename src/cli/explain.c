/* explain.c - `parley explain`: how parley read a text, and why each event came out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley explain [OPTIONS] [--json] [--text \"TEXT\" --date YYYY-MM-DD | FILE...]\n"
          "\n"
          "Codes documents like `parley code` (same dictionary, input and --option options)\n"
          "and prints for each how it was read: word classes, actor and agent mentions with\n"
          "the dictionary line and date window that coded them, references and antecedents,\n"
          "dates, attribution, and for each verb the dictionary form, the pattern that won and\n"
          "the actors chosen. --json prints one JSON object per document.\n",
          f);
}

typedef struct explain_state {
    int json;
} explain_state;

static int show(FILE *out, const parley_dict *d, parley_doc *doc, void *ud)
{
    explain_state *st = ud;
    return parley_explain(out, d, doc, st->json);
}

int cmd_explain(int argc, char **argv)
{
    run_opts r;
    run_opts_init(&r);
    r.trace = 1; /* every verb's reading is shown */
    explain_state st = {0};
    const char *files[1024];
    int nfiles = 0;
    const char *text = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int k = run_opts_parse(&r, argc, argv, &i);
        if (k < 0)
            return EXIT_USAGE;
        if (k > 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_CLEAN;
        } else if (strcmp(a, "--json") == 0) {
            st.json = 1;
        } else if (strcmp(a, "--text") == 0 && i + 1 < argc) {
            text = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "parley: unknown option \"%s\" (parley explain --help)\n", a);
            return EXIT_USAGE;
        } else if (nfiles < 1024) {
            files[nfiles++] = a;
        }
    }
    if (!text)
        return run_docs(&r, files, nfiles, show, &st);
    /* a text on the command line: a plain-text document from a temporary file */
    if (!r.reader.date) {
        fprintf(stderr, "parley: --text needs --date YYYY-MM-DD\n");
        return EXIT_USAGE;
    }
    char path[] = "/tmp/parley-explain-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("parley: temporary file");
        return EXIT_FATAL;
    }
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    if (!r.reader.id)
        r.reader.id = "text";
    r.reader.format = PARLEY_INPUT_TEXT;
    const char *one[1] = {path};
    int rc = run_docs(&r, one, 1, show, &st);
    unlink(path);
    return rc;
}
