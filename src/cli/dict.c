/* dict.c - `parley dict`: lint, stats and lookup over any dictionaries. */
#include <stdio.h>
#include <string.h>

#include "../base/date.h"
#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley dict lint    [DICTIONARY OPTIONS]\n"
          "       parley dict stats   [DICTIONARY OPTIONS] [--date YYYY-MM-DD]\n"
          "       parley dict lookup  [DICTIONARY OPTIONS] [--date YYYY-MM-DD] \"PHRASE\"\n"
          "       parley dict compile [DICTIONARY OPTIONS] -o FILE\n"
          "\n"
          "lint    syntax errors (file:line), duplicate phrases, overlapping date windows,\n"
          "        unknown event codes, patterns no verb can reach; exit 1 when any. Always\n"
          "        reads the text (never a compiled form)\n"
          "stats   counts; patterns per CAMEO root, actors per country, office holders;\n"
          "        the load time and whether the compiled cache was used\n"
          "lookup  the code a phrase gets on a date, and the dictionary line and window\n"
          "compile reads the dictionaries and writes their compiled form to FILE, for\n"
          "        --dict-compiled FILE: loads in milliseconds, read by this build of\n"
          "        parley only (docs/dictionaries.md)\n"
          "\n",
          f);
    fputs(dict_opt_help, f);
}

typedef struct lint_state {
    long n;
} lint_state;

static void on_lint(void *ud, const parley_error *e)
{
    ((lint_state *)ud)->n++;
    print_error(e);
}

typedef struct warn_count {
    long n;
    int show;
} warn_count;

static void on_compile_warning(void *ud, const parley_error *e)
{
    warn_count *w = ud;
    w->n++;
    if (w->show || w->n <= 5)
        print_error(e);
}

int cmd_dict(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    if (strcmp(sub, "lint") != 0 && strcmp(sub, "stats") != 0 && strcmp(sub, "lookup") != 0 &&
        strcmp(sub, "compile") != 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    dict_opts dopt;
    memset(&dopt, 0, sizeof dopt);
    int date = 0;
    const char *phrase = NULL, *output = NULL;
    for (int i = 2; i < argc; i++) {
        int r = dict_opt_parse(&dopt, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
            date = date_parse(argv[i + 1], strlen(argv[i + 1]));
            if (!date) {
                fprintf(stderr, "parley: bad date \"%s\"\n", argv[i + 1]);
                return EXIT_USAGE;
            }
            i++;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && strcmp(sub, "compile") == 0) {
            output = argv[++i];
        } else if (argv[i][0] != '-' && strcmp(sub, "lookup") == 0 && !phrase) {
            phrase = argv[i];
        } else {
            fprintf(stderr, "parley: unknown option \"%s\"\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (strcmp(sub, "compile") == 0) {
        if (!output) {
            fprintf(stderr, "parley: dict compile needs -o FILE\n");
            return EXIT_USAGE;
        }
        if (dopt.spec.compiled) {
            fprintf(stderr, "parley: dict compile reads dictionary text, not --dict-compiled\n");
            return EXIT_USAGE;
        }
        warn_count wc = {0, dopt.show_warnings};
        parley_error err;
        if (parley_dict_compile(&dopt.spec, output, on_compile_warning, &wc, &err) < 0) {
            print_error(&err);
            return EXIT_FATAL;
        }
        if (wc.n > 5 && !wc.show)
            fprintf(stderr, "parley: %ld dictionary warnings in all (--dict-warnings lists them)\n", wc.n);
        return EXIT_CLEAN;
    }
    if (strcmp(sub, "lint") == 0) {
        if (dopt.spec.compiled) {
            fprintf(stderr, "parley: dict lint reads dictionary text: it cannot check --dict-compiled\n");
            return EXIT_USAGE;
        }
        dopt.spec.lint = true;
        lint_state st = {0};
        parley_dict *d = NULL;
        parley_error err;
        if (parley_dict_load(&dopt.spec, on_lint, &st, &d, &err) < 0) {
            print_error(&err);
            return EXIT_FATAL;
        }
        parley_dict_free(d);
        printf("parley dict lint: %ld problem%s\n", st.n, st.n == 1 ? "" : "s");
        return st.n ? EXIT_FATAL : EXIT_CLEAN;
    }
    parley_dict *d = dict_opt_load(&dopt);
    if (!d)
        return EXIT_FATAL;
    int rc = EXIT_CLEAN;
    if (strcmp(sub, "lookup") == 0) {
        if (!phrase) {
            fprintf(stderr, "parley: dict lookup needs a phrase\n");
            rc = EXIT_USAGE;
        } else if (!parley_dict_lookup(stdout, d, phrase, date ? date : 20261129)) {
            printf("\"%s\": not in the actor or agent dictionaries\n", phrase);
            rc = EXIT_FATAL;
        }
    } else {
        parley_dict_stats st;
        parley_dict_get_stats(d, &st);
        printf("files            %zu\n", st.files);
        printf("verb forms       %zu\n", st.verbs);
        printf("patterns         %zu\n", st.patterns);
        printf("synonym sets     %zu\n", st.synsets);
        printf("actor entries    %zu\n", st.actor_entries);
        printf("actor phrases    %zu\n", st.actor_phrases);
        printf("dated windows    %zu\n", st.dated_windows);
        printf("agent phrases    %zu\n", st.agent_phrases);
        printf("discards         %zu\n", st.discards);
        printf("event nouns      %zu\n", st.nouns);
        printf("load time        %.1f ms\n", st.load_ms);
        printf("loaded           %s", dict_origin(&st));
        if (st.hash_ms > 0)
            printf("; sources hashed in %.1f ms", st.hash_ms);
        printf("\n");
        if (st.compiled_file)
            printf("compiled file    %s\n", st.compiled_file);
        if (st.cache_problem)
            printf("cache problem    %s\n", st.cache_problem);
        parley_dict_report(stdout, d, date);
    }
    parley_dict_free(d);
    return rc;
}
