/* cameo.c - CAMEO code names, QuadClass and Goldstein values (table built from
 * data/cameo.tsv by scripts/gen-cameo-table.sh). */
#include <stdlib.h>
#include <string.h>

#include "parley.h"

extern const parley_cameo parley_cameo_table[];
extern const unsigned long parley_cameo_count;

static int cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const parley_cameo *)elem)->code);
}

const parley_cameo *parley_cameo_lookup(const char *code)
{
    /* the table is sorted by code (data/cameo.tsv is) */
    return bsearch(code, parley_cameo_table, parley_cameo_count, sizeof parley_cameo_table[0], cmp);
}
