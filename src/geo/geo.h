/* geo.h - the location stage: where each event happened.
 *
 * Runs once per document after coding (src/coder/pipeline.c), in three steps, one file
 * each:
 *   places.c   finds place names and place adjectives in the dateline and the sentences,
 *              with the role each plays ("in Riyadh": locative; "Beijing said": none) and
 *              the qualifiers that narrow it ("Tripoli, Lebanon", "the Lebanese city of");
 *   resolve.c  picks one gazetteer entry per name: qualifier, then the countries and
 *              divisions the rest of the document names, then the prior (population);
 *   locate.c   gives each event the place its clause states, else the dateline's, else an
 *              earlier sentence's, else a place adjective's country.
 * Everything lives in the document's arena; the gazetteer is read-only. */
#ifndef PARLEY_GEO_H
#define PARLEY_GEO_H

#include "../base/document.h"
#include "gazetteer.h"

/* What a place name is doing in its sentence. */
enum {
    GR_OTHER = 0,     /* named but not as a place where something happens: an actor
                         ("Beijing said"), an owner ("Russia's war"), a modifier */
    GR_LOCATIVE,      /* object of in/at/near/outside/off/over/into ... (or "north of") */
    GR_WEAK,          /* object of on/to: a place only for some events ("a visit to Kyiv") */
    GR_DATELINE,      /* the story's dateline */
    GR_QUALIFIER,     /* narrows the name before it ("Tripoli, Lebanon", "Syria's Idlib") */
};

/* Why resolve.c chose the entry it chose. */
enum {
    GW_ONLY = 1,      /* the name has one entry */
    GW_QUALIFIER,     /* a qualifier in the text ("Paris, Texas", "the Lebanese city of") */
    GW_CONTEXT,       /* the document names its country or division */
    GW_PRIOR,         /* the most likely meaning of the bare name (population, capital) */
    GW_CAPITAL,       /* "the Syrian capital" */
    GW_ADJECTIVE,     /* a place adjective: its country */
    GW_QUALIFIES,     /* the entry of a qualifier that holds the name it qualifies */
};

typedef struct geo_mention {
    uint32_t first, last;     /* tokens of the name (with a trailing "region", "province") */
    uint32_t from;            /* first token of the place phrase ("southern" in "in southern
                                 Lebanon"): the location's text starts here */
    int32_t sentence;         /* -1 for the dateline */
    const geo_key *key;       /* NULL for a capital ("the Syrian capital") */
    uint32_t place;           /* chosen gazetteer entry, GEO_NONE when unresolved */
    uint32_t runner_up;       /* the best entry not chosen (for explanations), GEO_NONE */
    uint32_t qual;            /* a qualifying place (country or division), GEO_NONE */
    uint8_t role;             /* GR_* */
    uint8_t reason;           /* GW_* */
    uint8_t adjective;        /* a place adjective ("Syrian") standing for its country */
    uint8_t division;         /* "Donetsk region": the division around the city */
    uint8_t confident;        /* 1: settled by its only entry or a qualifier; 2: by a clear
                                 prior (a clue for the others, but weighed again) */
    uint8_t modifier;         /* modifies a following noun ("a US base", "Gaza talks") */
    uint8_t police;           /* modifies "police" ("Hong Kong police", "Kenyan police"):
                                 police act at home */
} geo_mention;

/* Finds the place mentions of the document (doc->places). Returns 0 or PARLEY_ENOMEM. */
int geo_find_places(parley_doc *doc);
/* A city the actor dictionaries name, qualified right after it by the division or country
 * it lies in ("Paris, Texas", "Tripoli, Lebanon", "Moscow, Idaho"), names the city in that
 * country, whatever the dictionary's code for the bare name: the country's alpha-3 (kept
 * for the process's life), with *qual_last the qualifier's last token; NULL when the
 * tokens [first, last] of the sentence ending before `end` are not such a city. Used by
 * the actor stage, before geo_document; opens the shared gazetteer when needed. */
const char *geo_qualified_city(parley_doc *doc, uint32_t first, uint32_t last, uint32_t end,
                               uint32_t *qual_last);
/* The country of the dateline's place ("TOKYO, March 3 -": JPN; "KYIV, Ukraine": UKR), its
 * best-known meaning, before any coding; NULL when the story has no dateline or it names
 * no known place. */
const char *geo_dateline_country(parley_doc *doc);
/* Resolves every mention to one gazetteer entry. */
void geo_resolve(parley_doc *doc);
/* Sets each event's location. Returns 0 or PARLEY_ENOMEM. */
int geo_locate_events(parley_doc *doc);
/* The whole stage. Returns 0 or PARLEY_ENOMEM. */
int geo_document(parley_doc *doc);

/* The mentions of sentence si (-1: the dateline) are doc->places[*first, *end): mentions
 * are in text order, so a binary search finds them. */
void geo_sentence_places(const parley_doc *doc, int32_t si, uint32_t *first, uint32_t *end);

/* Short English for a reason and a role (explanations). */
const char *geo_reason_name(int reason);
const char *geo_role_name(int role);

#endif
