/* arena.c - chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct arena_chunk {
    arena_chunk *next;
    size_t size;             /* usable bytes after the header */
    max_align_t data[];      /* aligned start of the usable bytes */
};

#define ALIGN 16u

void arena_init(arena *a, size_t chunk_size)
{
    memset(a, 0, sizeof *a);
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->ptr = a->end = NULL;
    a->used = 0;
}

void arena_reset(arena *a)
{
    if (!a->head) {
        a->failed = false;
        return;
    }
    /* Keep only the oldest (last in the list) chunk if it is the default size; chunks
     * made for one huge allocation are returned to the system. */
    arena_chunk *c = a->head, *keep = NULL;
    while (c) {
        arena_chunk *n = c->next;
        if (!n && c->size == a->chunk_size)
            keep = c;
        else
            free(c);
        c = n;
    }
    a->head = keep;
    if (keep) {
        keep->next = NULL;
        a->ptr = (char *)keep->data;
        a->end = a->ptr + keep->size;
    } else {
        a->ptr = a->end = NULL;
    }
    a->used = 0;
    a->failed = false;
}

static void *arena_new_chunk(arena *a, size_t size)
{
    size_t want = size > a->chunk_size ? size : a->chunk_size;
    arena_chunk *c = malloc(sizeof *c + want);
    if (!c) {
        a->failed = true;
        return NULL;
    }
    c->size = want;
    c->next = a->head;
    a->head = c;
    a->ptr = (char *)c->data;
    a->end = a->ptr + want;
    return c;
}

void *arena_alloc_slow(arena *a, size_t size)
{
    if (size == 0)
        size = 1;
    size_t rounded = (size + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
    if (rounded < size) { /* overflow */
        a->failed = true;
        return NULL;
    }
    if (!a->ptr || (size_t)(a->end - a->ptr) < rounded) {
        if (!arena_new_chunk(a, rounded))
            return NULL;
    }
    void *p = a->ptr;
    a->ptr += rounded;
    a->used += rounded;
    return p;
}

void *arena_calloc(arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        a->failed = true;
        return NULL;
    }
    void *p = arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void *arena_grow(arena *a, void *old, size_t old_n, size_t new_cap, size_t elem)
{
    if (elem && new_cap > SIZE_MAX / elem) {
        a->failed = true;
        return NULL;
    }
    void *p = arena_alloc(a, new_cap * elem);
    if (p && old && old_n)
        memcpy(p, old, old_n * elem);
    return p;
}
