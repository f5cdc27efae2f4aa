/* bytes.h - growing a malloc'd byte buffer: the one rule the readers' text buffer and the
 * server's response buffer share. */
#ifndef PARLEY_BYTES_H
#define PARLEY_BYTES_H

#include <stdlib.h>

/* Makes room for `more` bytes after the first `len` of *p, plus a terminating NUL, doubling
 * the capacity from 4 KiB. Returns 0, or -1 when memory runs out (*p is left as it was). */
static inline int bytes_reserve(char **p, size_t *cap, size_t len, size_t more)
{
    if (len + more + 1 <= *cap)
        return 0;
    size_t c = *cap ? *cap : 4096;
    while (c < len + more + 1)
        c *= 2;
    char *q = realloc(*p, c);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

#endif
