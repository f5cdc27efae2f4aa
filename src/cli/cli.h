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
    int no_cache;           /* --no-dict-cache: always read the text */
    char cache_dir[4096];   /* parley_dict_cache_dir() */
} dict_opts;

/* If argv[*i] is a dictionary option, consumes it (and its value) and returns 1; returns
 * -1 on a missing value, 0 when it is not a dictionary option. */
int dict_opt_parse(dict_opts *o, int argc, char **argv, int *i);
/* Loads the dictionaries (through the cache directory unless --no-dict-cache), printing
 * problems to stderr. NULL on failure. */
parley_dict *dict_opt_load(dict_opts *o);
void print_error(const parley_error *e);
/* Where loaded dictionaries came from, for --stats: "text", "text, cached", "cache",
 * "compiled file". */
const char *dict_origin(const parley_dict_stats *st);
/* The help text of the dictionary options. */
extern const char *dict_opt_help;

/* Options of the subcommands that code documents, and their counters. */
typedef struct run_opts {
    dict_opts dict;
    parley_options coding;
    const char *user_options[64];  /* the --option NAME=VALUE arguments, applied after the
                                      options the dictionaries set (a TABARI .options file) */
    int nuser_options;
    parley_reader_opts reader;
    int stats;
    int jobs;               /* -j N: documents coded in parallel, output in input order */
    int read_only;          /* --documents: documents are written as read, not coded */
    int trace;              /* every verb read for parley_explain (parley_options.trace) */
    const char *errors_path;/* --errors FILE: the reports go there, not to stderr */
    char max_tokens_opt[48];/* --max-sentence-tokens N as "max_sentence_tokens=N" */
    FILE *errors;           /* where reports go (stderr or the --errors file) */
    long ndocs, nbad, nevents, nsent;
    long nrecords;          /* every record the inputs held: coded + failed + skipped */
    long nskipped;          /* not English / not text: reported, not a failure */
    long nwarnings;         /* coded, but a limit kept sentences from the coder */
    unsigned long long nbytes;
} run_opts;

/* Reports a record that was not coded as one JSON line ({"input","line","doc_id","error",
 * "code","severity"}) and counts it as failed or, for PARLEY_ESKIP, skipped. */
void run_report(run_opts *r, const parley_error *e);

/* Writes what a coded document gives to `out`; returns 0 or a negative code. Called from
 * worker threads with -j, each with its own document and stream. */
typedef int (*run_fn)(FILE *out, const parley_dict *d, parley_doc *doc, void *ud);

void run_opts_init(run_opts *r);
/* Consumes a dictionary, input or --option argument: 1 consumed, 0 not ours, -1 error. */
int run_opts_parse(run_opts *r, int argc, char **argv, int *i);
/* Reads every document of the files (stdin when none), codes it and calls fn; bad records
 * are reported and counted. Returns the exit status. */
int run_docs(run_opts *r, const char *const *files, int nfiles, run_fn fn, void *ud);
/* The value of -j: a number of threads from 1 to max, or 0 for one per core this process
 * may run on (its CPU affinity: a container's or a batch job's share), at most max.
 * Returns -1 for anything else. */
int cli_jobs(const char *v, int max);

int cmd_code(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_dict(int argc, char **argv);

/* ---- the store subcommands (storeopts.c) ---- */

/* --db and the event filters, shared by ingest, query and export. */
typedef struct store_opts {
    const char *db;          /* --db; $PARLEY_DB when not given */
    parley_query q;          /* the filters */
    char dyad_source[64];
    char country[4];         /* --country, upper-cased */
} store_opts;

/* If argv[*i] is --db or a filter option, consumes it (and its value) and returns 1;
 * -1 on a bad or missing value (reported), 0 when it is not one of them. */
int store_opt_parse(store_opts *o, int argc, char **argv, int *i);
/* The store to use: --db, else $PARLEY_DB, else NULL. */
const char *store_opt_db(const store_opts *o);
/* Opens the store the options name, read-only, for command `cmd` ("query", "export");
 * returns 0, or the exit status after printing why not (no --db, cannot open). */
int store_open_read(const store_opts *o, const char *cmd, parley_store **s);
/* A date option: YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY (first or, with end, last day). */
int cli_parse_date(const char *s, int end);
extern const char *store_filter_help;

int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
