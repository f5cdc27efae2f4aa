/* tests.h - unit test groups (cmocka); each file exports one runner. */
#ifndef PARLEY_TESTS_H
#define PARLEY_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

#endif
