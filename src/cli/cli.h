/* cli.h - shared pieces of the command-line tool (a thin client of libparley). */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include "parley.h"

/* Exit statuses, documented in README.md. */
enum {
    EXIT_CLEAN = 0,        /* every record was coded */
    EXIT_FATAL = 1,        /* could not run: unreadable dictionary or input file, no memory */
    EXIT_USAGE = 2,        /* bad command line */
    EXIT_RECORDS = 3,      /* ran to the end, but some records failed (reported on stderr) */
};

/* Dictionary options common to every subcommand that codes. */
typedef struct dict_opts {
    parley_dict_spec spec;
    const char *actors[64];
    int show_warnings;      /* print every dictionary warning, not only a count */
} dict_opts;

/* If argv[*i] is a dictionary option, consumes it (and its value) and returns 1; returns
 * -1 on a missing value, 0 when it is not a dictionary option. */
int dict_opt_parse(dict_opts *o, int argc, char **argv, int *i);
/* Loads the dictionaries, printing problems to stderr. NULL on failure. */
parley_dict *dict_opt_load(dict_opts *o);
void print_error(const parley_error *e);

int cmd_code(int argc, char **argv);
int cmd_dict(int argc, char **argv);

#endif
