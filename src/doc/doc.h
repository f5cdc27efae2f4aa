/* doc.h - document-level understanding: event dates and references across sentences. */
#ifndef PARLEY_DOC_H
#define PARLEY_DOC_H

#include "../base/document.h"

/* The date relative expressions are resolved against: the dateline's date if it has one,
 * else the publication date. */
int dates_anchor(const parley_doc *doc);
/* Finds the temporal expressions of sentence s (s->an->timex). Returns 0 or PARLEY_ENOMEM. */
int dates_find(parley_doc *doc, sentence *s, int anchor);
/* The date and precision (PARLEY_DATE_*) of an event; see dates.c. */
void dates_for_clause(const parley_doc *doc, const sentence *s, uint32_t upper, uint32_t cs,
                      uint32_t verb, uint32_t own_end, int future, int anchor, int *date,
                      int *precision);

/* Gives pronouns and references of sentence si ("he", "the two leaders", "the ministry")
 * the codes of their antecedents; coref_remember() adds the sentence's entities to the
 * document's memory once it is coded. Both return 0 or PARLEY_ENOMEM. */
int coref_resolve(parley_doc *doc, uint32_t si);
int coref_remember(parley_doc *doc, uint32_t si);
/* The codes "their"/"they" at token `before` of sentence si refers to (a compound, a pair
 * or a plural group): returns 1 and sets codes/ncodes (arena memory), 0 when nothing fits,
 * or PARLEY_ENOMEM. */
int coref_plural_codes(parley_doc *doc, uint32_t si, uint32_t before, const char *const **codes,
                       uint32_t *ncodes);
/* Events told by nouns ("Iran's barrage against Israel", "their first meeting since
 * March 3, 2023"), from the dictionary's event nouns. */
struct parley_dict;
int nominal_events(const struct parley_dict *d, parley_doc *doc, uint32_t si);
/* Marks the dates that belong to event nouns ("barrage ... on October 1") so that verbs
 * do not take them; runs before the coder. */
int nominal_claim_dates(const struct parley_dict *d, parley_doc *doc, uint32_t si);

/* The attribution clauses of sentence si ("..., Kyodo reported, citing a spokesman"):
 * fills s->an->links. Returns 0 or PARLEY_ENOMEM. */
int attrib_sentence(parley_doc *doc, uint32_t si);
/* The direct quotations of sentence si with their speakers (s->an->quotes). */
int quotes_sentence(parley_doc *doc, uint32_t si);
/* The relation a reporting verb stands for ("said", "reported"), NULL for other words. */
const char *attrib_relation(const token *t);
/* A link naming phrase np. */
int attrib_link_of(parley_doc *doc, const sentence *s, const nphrase *np, const char *relation,
                   parley_link *out);

#endif
