/* syntax.h - shallow analysis of a sentence: word classes in context, the comma rules,
 * noun-phrase units with their composed actor codes, verb groups and their phrases.
 *
 * No full parser: the structure PETRARCH read from a CoreNLP tree is rebuilt from word
 * classes and a few clause rules, at a cost of microseconds per sentence. */
#ifndef PARLEY_SYNTAX_H
#define PARLEY_SYNTAX_H

#include <string.h>

#include "../base/document.h"

/* Chooses one word class per token of sentence s (tok->tag). Needs s->an->mentions. */
void syntax_tag(parley_doc *doc, sentence *s);
/* Tags, comma rules, phrases, verb groups: fills s->an. Returns 0 or PARLEY_ENOMEM. */
int syntax_analyze(const parley_options *o, parley_doc *doc, sentence *s);

#define tok_is_word tok_is

#endif
