/* strmap.c - open-addressing string map (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

uint64_t strmap_hash(const char *s, size_t n)
{
    uint64_t h = strmap_hash_start(n);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        h = strmap_hash_word(h, strmap_load8(s + i));
    if (i < n)
        h = strmap_hash_word(h, strmap_load_tail(s + i, n - i));
    return strmap_hash_final(h);
}

void strmap_init(strmap *m)
{
    memset(m, 0, sizeof *m);
}

void strmap_free(strmap *m)
{
    free(m->slots);
    free(m->pool);
    memset(m, 0, sizeof *m);
}

uint32_t strmap_get(const strmap *m, const char *s, size_t n)
{
    return strmap_get_hashed(m, s, n, strmap_hash(s, n));
}

static int rehash(strmap *m, size_t cap)
{
    strmap_slot *old = m->slots;
    size_t old_cap = m->cap;
    m->slots = calloc(cap, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return -1;
    }
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].value)
            continue;
        size_t mask = cap - 1;
        size_t j = old[i].hash & mask;
        while (m->slots[j].value)
            j = (j + 1) & mask;
        m->slots[j] = old[i];
    }
    free(old);
    return 0;
}

int strmap_put(strmap *m, const char *s, size_t n, uint32_t value)
{
    if ((m->count + 1) * 4 >= m->cap * 3) {
        if (rehash(m, m->cap ? m->cap * 2 : 256) < 0)
            return -1;
    }
    uint64_t h = strmap_hash(s, n);
    strmap_slot *sl = strmap_slot_of(m, s, n, h);
    if (sl->value) {
        sl->value = value;
        return 0;
    }
    if (m->pool_len + n + 1 > m->pool_cap) {
        size_t cap = m->pool_cap ? m->pool_cap * 2 : 4096;
        while (cap < m->pool_len + n + 1)
            cap *= 2;
        char *p = realloc(m->pool, cap);
        if (!p)
            return -1;
        m->pool = p;
        m->pool_cap = cap;
    }
    memcpy(m->pool + m->pool_len, s, n);
    m->pool[m->pool_len + n] = '\0';
    sl->hash = h;
    sl->key_off = (uint32_t)m->pool_len;
    sl->key_len = (uint32_t)n;
    sl->value = value;
    m->pool_len += n + 1;
    m->count++;
    return 0;
}
