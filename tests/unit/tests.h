/* tests.h - unit test groups (cmocka); each file exports one runner. */
#ifndef PARLEY_TESTS_H
#define PARLEY_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parley.h"

int run_text_tests(void);
int run_lex_tests(void);
int run_dict_tests(void);
int run_input_tests(void);
int run_base_tests(void);
int run_coder_tests(void);
int run_tabari_tests(void);
int run_syntax_tests(void);
int run_geo_tests(void);
int run_compiled_tests(void);

/* Writes `content` to a fresh temporary file and returns its path (static buffer). */
const char *write_temp(const char *name, const char *content);

/* The warnings of a dictionary load: how many, the lines of the first 32, the last one as
 * "file:line: message". */
typedef struct warnings {
    int n;
    long lines[32];
    char last[512];
} warnings;

/* A warning callback for parley_dict_load that counts into a `warnings`. */
void count_warning(void *ud, const parley_error *e);
/* Loads the given files alone (no built-in dictionaries; NULL for a kind not given),
 * counting warnings in w; fails the test when the load fails. */
parley_dict *load_dict_files(const char *verbs, const char *actors, const char *agents, warnings *w);

#endif
