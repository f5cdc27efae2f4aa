/* actors.h - actor and agent mentions, and discard phrases, in a sentence. */
#ifndef PARLEY_ACTORS_H
#define PARLEY_ACTORS_H

#include "../base/document.h"
#include "../dict/dict.h"

/* Looks up every token's dictionary word id (tok->wid). */
void actors_word_ids(const parley_dict *d, parley_doc *doc);
/* Marks sentences containing a discard phrase; returns 1 when a story-level discard
 * matched (the whole document yields no events). */
int actors_discards(const parley_dict *d, parley_doc *doc);
/* Finds actor and agent mentions of sentence s (longest match first), with codes chosen
 * for `date`. Fills s->an->mentions. Returns 0 or PARLEY_ENOMEM. */
int actors_find(const parley_dict *d, parley_doc *doc, sentence *s, int date);

#endif
