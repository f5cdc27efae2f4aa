/* strmap.h - open-addressing map from byte strings to 32-bit values.
 *
 * The map copies its keys into its own pool, so callers may pass transient buffers.
 * Value 0 is reserved for "absent". Used to intern dictionary words into dense ids
 * at load time; lookups at coding time are read-only and therefore thread-safe. */
#ifndef PARLEY_STRMAP_H
#define PARLEY_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct strmap_slot {
    uint64_t hash;
    uint32_t key_off;   /* offset into pool */
    uint32_t key_len;
    uint32_t value;     /* 0 = empty slot */
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    size_t cap;          /* power of two */
    size_t count;
    char *pool;
    size_t pool_len, pool_cap;
} strmap;

uint64_t strmap_hash(const char *s, size_t n);
/* strmap_hash in steps, for a caller that reads the bytes anyway (the tokenizer lowers a
 * token eight bytes at a time and hashes each word as it stores it). The hash takes the
 * bytes as little-endian 64-bit words, the last one padded with zero bytes, with the
 * length in the start value (so "ab" and "ab\0" differ); a final avalanche makes the low
 * bits used for the index good. Eight bytes per multiply, not one: most tokens are one
 * word. */
#define STRMAP_HASH_INIT 1469598103934665603ull
static inline uint64_t strmap_hash_start(size_t n)
{
    return STRMAP_HASH_INIT ^ (uint64_t)n;
}
static inline uint64_t strmap_hash_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 32);
}
static inline uint64_t strmap_hash_final(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}
/* Eight bytes of s as a little-endian word, whatever the machine's byte order. */
static inline uint64_t strmap_load8(const void *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}
/* The n < 8 bytes at s the same way, padded with zero bytes (a buffer's tail). */
static inline uint64_t strmap_load_tail(const void *s, size_t n)
{
    unsigned char b[8] = {0};
    memcpy(b, s, n);
    return strmap_load8(b);
}
void strmap_init(strmap *m);
void strmap_free(strmap *m);
uint32_t strmap_get(const strmap *m, const char *s, size_t n);
/* The slot of key s (hash = strmap_hash(s, n)), or the empty slot where it would go; the
 * map must have slots. In line: every token of every document is looked up. */
static inline strmap_slot *strmap_slot_of(const strmap *m, const char *s, size_t n, uint64_t hash)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        strmap_slot *sl = &m->slots[i];
        if (!sl->value || (sl->hash == hash && sl->key_len == n && memcmp(m->pool + sl->key_off, s, n) == 0))
            return sl;
    }
}
/* strmap_get when the caller has strmap_hash(s, n) already (a token carries its own). */
static inline uint32_t strmap_get_hashed(const strmap *m, const char *s, size_t n, uint64_t hash)
{
    return m->cap ? strmap_slot_of(m, s, n, hash)->value : 0;
}
/* Asks for the cache line of the slot where a look-up of hash starts, ahead of the
 * look-up (a loop over tokens asks a few tokens ahead, so the misses overlap). */
static inline void strmap_prefetch(const strmap *m, uint64_t hash)
{
    if (m->cap)
        __builtin_prefetch(&m->slots[hash & (m->cap - 1)]);
}
/* Insert or overwrite; value must be non-zero. Returns 0 or -1 on out-of-memory. */
int strmap_put(strmap *m, const char *s, size_t n, uint32_t value);
/* The key of a slot, for iteration: slots with value 0 are empty. */
static inline const char *strmap_key(const strmap *m, const strmap_slot *s) { return m->pool + s->key_off; }

#endif
