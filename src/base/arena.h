/* arena.h - bump allocator owning everything derived from one document.
 *
 * Every token, mention, clause and event of a document lives in its arena and is
 * released at once by arena_reset()/arena_free(). Allocation never fails silently:
 * on out-of-memory the arena sets a sticky flag and returns NULL; callers check
 * arena_failed() at stage boundaries rather than after every call. */
#ifndef PARLEY_ARENA_H
#define PARLEY_ARENA_H

#include <stddef.h>
#include <stdbool.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;   /* current chunk, newest first */
    char *ptr;           /* next free byte in head */
    char *end;           /* end of head's usable space */
    size_t chunk_size;   /* default size of new chunks */
    size_t used;         /* bytes handed out since the last reset (statistics) */
    bool failed;         /* sticky out-of-memory flag */
} arena;

void arena_init(arena *a, size_t chunk_size);
void arena_free(arena *a);
/* Keep the first chunk, drop the rest: the next document reuses the memory. */
void arena_reset(arena *a);
/* arena_alloc when the current chunk has no room (or on the first allocation). */
void *arena_alloc_slow(arena *a, size_t size);
/* 16-byte aligned, uninitialised. Inline: a document makes hundreds of thousands of small
 * allocations (a normalised form per token), nearly all from the current chunk. */
static inline void *arena_alloc(arena *a, size_t size)
{
    size_t rounded = (size + 15) & ~(size_t)15;
    if (size && rounded >= size && a->ptr && (size_t)(a->end - a->ptr) >= rounded) {
        void *p = a->ptr;
        a->ptr += rounded;
        a->used += rounded;
        return p;
    }
    return arena_alloc_slow(a, size);
}
void *arena_calloc(arena *a, size_t n, size_t size); /* zeroed */
char *arena_strndup(arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *arena_strdup(arena *a, const char *s);
/* Grow an array held in the arena: returns a new block of new_cap elements with the
 * old contents copied (the old block is simply abandoned). */
void *arena_grow(arena *a, void *old, size_t old_n, size_t new_cap, size_t elem);
static inline bool arena_failed(const arena *a) { return a->failed; }

#endif
