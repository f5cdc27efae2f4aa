/* coder.h - verb patterns over the sentence structure -> events. */
#ifndef PARLEY_CODER_H
#define PARLEY_CODER_H

#include "../base/document.h"
#include "../dict/dict.h"

/* Codes the verb groups of sentence `si` (already analysed by actors/ and syntax/),
 * appending events to the document. Returns 0 or PARLEY_ENOMEM. */
int coder_sentence(const parley_dict *d, const parley_options *o, parley_doc *doc, uint32_t si);

#endif
