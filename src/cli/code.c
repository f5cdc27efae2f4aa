/* code.c - `parley code`: documents in, events out (one JSON object per line). Inputs,
 * limits and the error reports are described in docs/input.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley code [OPTIONS] [FILE...]\n"
          "\n"
          "Reads news documents (JSON Lines {\"id\", \"date\", \"text\", ...}, web pages, RSS/Atom\n"
          "feeds, PETRARCH XML, TABARI records, or plain text with --date) from the files or\n"
          "standard input and writes one CAMEO event per line. Records that cannot be coded\n"
          "are reported on stderr as JSON lines (docs/input.md).\n"
          "\n",
          f);
    fputs(dict_opt_help, f);
    fputs("input (FILE may be a directory, read recursively, or gzip-compressed):\n"
          "  --input-format FMT   jsonl, html, feed (RSS/Atom), petrarch (XML), tabari, text\n"
          "                       (default: detected from the content)\n"
          "  --date YYYY-MM-DD    publication date when the input gives none (plain text,\n"
          "                       pages and feeds without dates)\n"
          "  --id ID              document id of a single-document input (default: file name)\n"
          "  --languages LIST     languages to code (ISO 639-1, comma-separated; default en);\n"
          "                       others are skipped with a report; \"any\" codes everything\n"
          "  --documents          write the documents as read (JSON Lines: id, date, title,\n"
          "                       source, url, text) instead of coding them\n"
          "limits:\n"
          "  --max-doc-bytes N    a longer document is reported and skipped (default 8 MiB)\n"
          "  --max-input-bytes N  a longer page, feed or XML/TABARI/text file (counted after\n"
          "                       decompression) is reported and skipped (default 256 MiB)\n"
          "  --max-sentence-tokens N  longer sentences are not coded (default 400; a warning\n"
          "                       names the document)\n"
          "errors:\n"
          "  --errors FILE        write the reports (JSON lines) to FILE instead of stderr\n"
          "coding:\n"
          "  --keep-negated       write negated events (\"did not meet\"), marked \"negated\": true\n"
          "  --option NAME=VALUE  require_dyad, keep_negated, subordinate_clauses (false: as\n"
          "                       PETRARCH, verbs of clauses nested in a coded phrase are not\n"
          "                       coded), PETRARCH's comma rules comma_min, comma_max,\n"
          "                       comma_bmin, comma_bmax, comma_emin, comma_emax, and\n"
          "                       max_sentence_tokens; TABARI's (a TABARI project sets them):\n"
          "                       min_sentence_words, lone_agents, adjacent_agents,\n"
          "                       default_source, default_target, default_prior,\n"
          "                       default_after\n"
          "output:\n"
          "  --format FORMAT      jsonl (default), csv (with a header line), gdelt (the GDELT 2.0\n"
          "                       event table's 61 columns), plover (PLOVER JSON), phoenix (the\n"
          "                       Phoenix data set's 26 columns); docs/store.md describes them\n"
          "  --stats              print counts and timing to stderr at the end\n"
          "  --trace              print how each document was read to stderr (parley explain)\n"
          "  -j N                 code with N threads (0: one a core); the output is identical\n"
          "                       to -j 1\n"
          "\n"
          "Exit status: 0 every record coded (or skipped as not English/not text, each\n"
          "reported), 3 some records failed (each reported, the rest coded), 1 could not run\n"
          "(unreadable dictionary, no memory, output not writable), 2 bad usage.\n",
          f);
}

typedef struct code_state {
    int trace;
    int format;             /* PARLEY_FORMAT_* */
} code_state;

static int write_doc(FILE *out, const parley_dict *d, parley_doc *doc, void *ud)
{
    code_state *cs = ud;
    if (cs->trace)
        parley_explain(stderr, d, doc, 0);
    return parley_write_events(out, doc, cs->format);
}

int cmd_code(int argc, char **argv)
{
    run_opts r;
    run_opts_init(&r);
    code_state cs = {0, PARLEY_FORMAT_JSONL};
    const char *files[1024];
    int nfiles = 0;
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
        } else if (strcmp(a, "--stats") == 0) {
            r.stats = 1;
        } else if (strcmp(a, "--trace") == 0) {
            cs.trace = 1;
            r.trace = 1;
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
            if (i + 1 >= argc || (r.jobs = cli_jobs(argv[i + 1], 256)) < 1) {
                fprintf(stderr, "parley: -j needs a number of threads (1-256, or 0 for one a core)\n");
                return EXIT_USAGE;
            }
            i++;
        } else if (strcmp(a, "--format") == 0) {
            if (i + 1 >= argc || (cs.format = parley_format_parse(argv[i + 1])) < 0) {
                fprintf(stderr, "parley: --format takes jsonl, csv, gdelt, plover or phoenix\n");
                return EXIT_USAGE;
            }
            i++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "parley: unknown option \"%s\" (parley code --help)\n", a);
            return EXIT_USAGE;
        } else if (nfiles >= 1024) {
            fprintf(stderr, "parley: too many input files\n");
            return EXIT_USAGE;
        } else {
            files[nfiles++] = a;
        }
    }
    if (cs.trace && r.jobs > 1)
        r.jobs = 1; /* the trace goes to stderr in document order */
    /* the CSV header line, once, before the events of every document */
    if (parley_write_header(stdout, cs.format) < 0) {
        fprintf(stderr, "parley: cannot write output\n");
        return EXIT_FATAL;
    }
    return run_docs(&r, files, nfiles, write_doc, &cs);
}
