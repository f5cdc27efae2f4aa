/* wordset.c - building a word list's hash table on first use (see wordset.h). */
#include "wordset.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

void wordset_build(wordset *ws)
{
    pthread_mutex_lock(&build_lock);
    if (!atomic_load_explicit(&ws->ready, memory_order_relaxed)) {
        uint32_t n = 0;
        for (const char *const *w = ws->words; *w; w++, n++) {
            /* a list longer than the table allows is a programming error */
            if (2 * (n + 1) > WORDSET_SLOTS)
                abort();
            uint64_t h = strmap_hash(*w, strlen(*w));
            uint32_t i = (uint32_t)h & (WORDSET_SLOTS - 1);
            while (ws->slot[i].word && strcmp(ws->slot[i].word, *w) != 0)
                i = (i + 1) & (WORDSET_SLOTS - 1);
            if (ws->slot[i].word)
                continue; /* listed twice: the first position stands, as in a scan */
            ws->slot[i].hash = h;
            ws->slot[i].word = *w;
            ws->slot[i].index = n;
        }
        atomic_store_explicit(&ws->ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&build_lock);
}
