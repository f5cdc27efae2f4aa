/* json.h - a small JSON writer for output lines (escapes, never emits invalid UTF-8). */
#ifndef PARLEY_JSON_H
#define PARLEY_JSON_H

#include <stdio.h>

/* Writes s as a JSON string literal (quotes included); invalid UTF-8 becomes U+FFFD. */
void json_string(FILE *out, const char *s);
void json_string_n(FILE *out, const char *s, size_t n);

#endif
