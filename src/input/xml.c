/* xml.c - XML inputs on libxml2's streaming xmlTextReader: RSS 2.0, RSS 1.0 (RDF) and
 * Atom feeds, and PETRARCH's <Sentences> files.
 *
 * Feeds: each <item>/<entry> becomes a document with its own id (guid / atom:id, else the
 * link), date (pubDate, dc:date, published, updated), link, title and outlet (the item's
 * <source>, else the channel's title); its text is content:encoded / <content>, else the
 * description / summary, with the HTML inside turned into text (html.c). Channel-level
 * dates and titles fill what an item lacks, whichever order they come in.
 *
 * PETRARCH: each <Sentence date id source> becomes a document from its <Text>; the
 * CoreNLP <Parse> is never read (parley does its own analysis).
 *
 * Safety: no network (XML_PARSE_NONET), no external DTDs, no entity substitution (so no
 * "billion laughs" and no file inclusion); libxml2's messages are caught per reader, never
 * printed. Recovery mode keeps going past the undefined entities (&nbsp;) real feeds are
 * full of; a document the parser gives up on ends with one error record naming the line. */
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

#include "../base/date.h"
#include "../text/text.h"
#include "input.h"

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_RECOVER | \
                  XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

typedef struct xml_state {
    xmlTextReaderPtr r;
    char first_error[256];
    int first_error_line;
} xml_state;

static void on_error(void *arg, xmlErrorPtr e)
{
    xml_state *st = arg;
    if (!e || st->first_error[0] || e->level < XML_ERR_ERROR)
        return;
    snprintf(st->first_error, sizeof st->first_error, "%s", e->message ? e->message : "error");
    size_t n = strlen(st->first_error);
    while (n && (st->first_error[n - 1] == '\n' || st->first_error[n - 1] == ' '))
        st->first_error[--n] = '\0';
    st->first_error_line = e->line;
}

/* Opens the reader on the input; returns 1, or 0 when it cannot (the input is then
 * reported as one failed record), or PARLEY_ENOMEM. */
static int xml_open_or_report(xml_state *st, in_batch *b, const char *data, size_t len)
{
    memset(st, 0, sizeof *st);
    if (len <= (size_t)0x7fffffff)
        st->r = xmlReaderForMemory(data, (int)len, NULL, NULL, XML_OPTS);
    if (st->r) {
        xmlTextReaderSetStructuredErrorHandler(st->r, on_error, st);
        return 1;
    }
    in_rec *r = input_batch_add(b, 1);
    if (!r)
        return PARLEY_ENOMEM;
    input_batch_fail(b, r, PARLEY_ESYNTAX, "cannot start the XML parser on this input");
    return 0;
}

/* The line of the current node (the parser itself has usually read further ahead). */
static int line_of(xml_state *st)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(st->r);
    long l = n ? xmlGetLineNo(n) : -1;
    if (l <= 0)
        l = xmlTextReaderGetParserLineNumber(st->r);
    return l > 0 ? (int)l : 0;
}

/* The text content of the current element (all descendant text); the reader is then
 * moved past the element with xmlTextReaderNext. Returns a malloc'd string or NULL. */
static xmlChar *element_text(xml_state *st)
{
    xmlNodePtr n = xmlTextReaderExpand(st->r);
    return n ? xmlNodeGetContent(n) : NULL;
}

/* The element's children as markup (Atom type="xhtml" content). */
static xmlChar *element_inner(xml_state *st)
{
    return xmlTextReaderReadInnerXml(st->r);
}

static const char *lname(xml_state *st)
{
    const xmlChar *n = xmlTextReaderConstLocalName(st->r);
    return n ? (const char *)n : "";
}

/* Sets *slot to a tidy copy (white space collapsed) of s, valid UTF-8 only. */
static void keep(in_batch *b, char **slot, const xmlChar *s)
{
    if (*slot || !s)
        return;
    size_t n = strlen((const char *)s);
    if (utf8_validate((const char *)s, n) != n)
        return;
    in_buf t = {0};
    input_buf_put_collapsed(&t, (const char *)s, n);
    size_t st = 0;
    while (st < t.n && t.p[st] == ' ')
        st++;
    while (t.n > st && t.p[t.n - 1] == ' ')
        t.n--;
    if (!t.failed && t.n > st)
        *slot = input_batch_strndup(b, t.p + st, t.n - st);
    input_buf_free(&t);
}

/* ---- feeds --------------------------------------------------------------------------- */

typedef struct item {
    in_rec *rec;
    char *guid, *link, *title, *date_s, *updated_s, *source;
    char *body;                 /* content:encoded / content */
    char *summary;              /* description / summary */
    int body_is_html, summary_is_html;
    int depth;
} item;

static int content_kind(xml_state *st)
{
    /* Atom: type="text" (default), "html" or "xhtml"; RSS bodies are always HTML */
    xmlChar *type = xmlTextReaderGetAttribute(st->r, BAD_CAST "type");
    int k = 1;
    if (type) {
        if (!strcmp((const char *)type, "xhtml"))
            k = 2;
        else if (!strcmp((const char *)type, "text") || !strcmp((const char *)type, "text/plain"))
            k = 0;
        xmlFree(type);
    }
    return k;
}

/* Reads a body element: text for kind 0, markup to convert for kinds 1 and 2. */
static char *read_body(in_batch *b, xml_state *st, int kind, int *is_html)
{
    xmlChar *v = kind == 2 ? element_inner(st) : element_text(st);
    char *out = NULL;
    if (v) {
        size_t n = strlen((const char *)v);
        if (utf8_validate((const char *)v, n) == n)
            out = input_batch_strndup(b, (const char *)v, n);
        xmlFree(v);
    }
    *is_html = kind != 0;
    return out;
}

static void finish_item(in_batch *b, item *it, const char *feed_name)
{
    in_rec *r = it->rec;
    const char *id = it->guid ? it->guid : it->link;
    r->id = input_batch_strdup(b, id);
    if (!r->id) { /* neither guid nor link: the feed's name and the item's place */
        char tmp[600];
        snprintf(tmp, sizeof tmp, "%.500s#%zu", feed_name, (size_t)(r - b->recs) + 1);
        r->id = input_batch_strdup(b, tmp);
    }
    r->title = it->title;
    r->url = it->link;
    r->source = it->source;
    int d = it->date_s ? input_date(it->date_s, strlen(it->date_s)) : 0;
    if (!d && it->updated_s)
        d = input_date(it->updated_s, strlen(it->updated_s));
    if (d) {
        char ds[11];
        date_format(d, ds);
        r->date = input_batch_strdup(b, ds);
    } else if (it->date_s || it->updated_s) {
        input_batch_fail(b, r, PARLEY_EDATE, "item date \"%.60s\" not understood",
                   it->date_s ? it->date_s : it->updated_s);
    }
    const char *body = it->body ? it->body : it->summary;
    int html = it->body ? it->body_is_html : it->summary_is_html;
    size_t tl = 0;
    char *text = NULL;
    if (body && html)
        text = input_html_text(b, body, strlen(body), &tl);
    else if (body) {
        text = (char *)body;
        tl = strlen(body);
    }
    if (!tl && it->title) { /* a headline-only feed: the headline is the text */
        text = it->title;
        tl = strlen(it->title);
    }
    if (r->code)
        return;
    if (!tl)
        input_batch_fail(b, r, PARLEY_EFIELD,
                         "item has no text (no content, description or title)");
    else if (tl > b->max_doc)
        input_batch_fail(b, r, PARLEY_ELIMIT, "item text longer than %zu bytes: skipped",
                         b->max_doc);
    else {
        r->text = text;
        r->text_len = tl;
    }
}

int input_feed_read(in_batch *b, const char *data, size_t len)
{
    xml_state st;
    int orc = xml_open_or_report(&st, b, data, len);
    if (orc <= 0)
        return orc;
    size_t first = b->n;
    char *feed_title = NULL, *feed_date = NULL;
    item it;
    memset(&it, 0, sizeof it);
    int in_item = 0, root_seen = 0, rc = 0, ret, skip = 0, bad_root = 0;
    while ((ret = skip ? xmlTextReaderNext(st.r) : xmlTextReaderRead(st.r)) == 1) {
        skip = 0;
        int type = xmlTextReaderNodeType(st.r);
        int depth = xmlTextReaderDepth(st.r);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (in_item && depth == it.depth) {
                finish_item(b, &it, b->fallback_id ? b->fallback_id : b->default_id);
                in_item = 0;
            }
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        const char *name = lname(&st);
        if (!root_seen) {
            root_seen = 1;
            if (strcmp(name, "rss") && strcmp(name, "RDF") && strcmp(name, "feed")) {
                in_rec *r = input_batch_add(b, line_of(&st));
                if (!r) {
                    rc = PARLEY_ENOMEM;
                    break;
                }
                input_batch_fail(b, r, PARLEY_ESYNTAX, "not a feed or a known XML format: the root "
                           "element is <%.40s> (RSS, Atom and PETRARCH <Sentences> are read)",
                           name);
                bad_root = 1;
                break;
            }
            continue;
        }
        if (!in_item) {
            if (!strcmp(name, "item") || !strcmp(name, "entry")) {
                memset(&it, 0, sizeof it);
                it.rec = input_batch_add(b, line_of(&st));
                if (!it.rec) {
                    rc = PARLEY_ENOMEM;
                    break;
                }
                it.depth = depth;
                if (xmlTextReaderIsEmptyElement(st.r))
                    finish_item(b, &it, b->fallback_id ? b->fallback_id : b->default_id);
                else
                    in_item = 1;
            } else if (!strcmp(name, "title") && !feed_title) {
                xmlChar *v = element_text(&st);
                keep(b, &feed_title, v);
                xmlFree(v);
                skip = 1;
            } else if (!strcmp(name, "pubDate") || !strcmp(name, "lastBuildDate") ||
                       !strcmp(name, "updated") || !strcmp(name, "date")) {
                if (!feed_date) {
                    xmlChar *v = element_text(&st);
                    keep(b, &feed_date, v);
                    xmlFree(v);
                    skip = 1;
                }
            } else if (!strcmp(name, "image") || !strcmp(name, "author") ||
                       !strcmp(name, "textinput") || !strcmp(name, "textInput")) {
                skip = 1; /* their <title> is not the feed's */
            }
            continue;
        }
        /* inside an item: direct children only (nested markup is read with its parent) */
        if (depth != it.depth + 1)
            continue;
        char **slot = NULL;
        if (!strcmp(name, "title") && content_kind(&st) != 0 &&
            xmlTextReaderHasAttributes(st.r)) {
            /* Atom <title type="html">: markup and entities in the text */
            int dummy;
            char *h = read_body(b, &st, content_kind(&st), &dummy);
            size_t tl;
            char *t = h ? input_html_text(b, h, strlen(h), &tl) : NULL;
            if (t && *t && !it.title)
                it.title = t;
            skip = 1;
            continue;
        }
        if (!strcmp(name, "title"))
            slot = &it.title;
        else if (!strcmp(name, "guid") || (!strcmp(name, "id") && !it.guid))
            slot = &it.guid;
        else if (!strcmp(name, "pubDate") || !strcmp(name, "published") ||
                 (!strcmp(name, "date") && !it.date_s))
            slot = &it.date_s;
        else if (!strcmp(name, "updated"))
            slot = &it.updated_s;
        if (slot) {
            xmlChar *v = element_text(&st);
            keep(b, slot, v);
            xmlFree(v);
            skip = 1;
        } else if (!strcmp(name, "link")) {
            xmlChar *href = xmlTextReaderGetAttribute(st.r, BAD_CAST "href");
            if (href) { /* Atom: the alternate link (or one without rel) is the story */
                xmlChar *rel = xmlTextReaderGetAttribute(st.r, BAD_CAST "rel");
                if (!rel || !strcmp((const char *)rel, "alternate"))
                    keep(b, &it.link, href);
                xmlFree(rel);
                xmlFree(href);
            } else {
                xmlChar *v = element_text(&st);
                keep(b, &it.link, v);
                xmlFree(v);
                skip = 1;
            }
        } else if (!strcmp(name, "source")) {
            /* RSS: <source url>Outlet</source>; Atom: <source><title>Outlet</title> */
            xmlNodePtr n = xmlTextReaderExpand(st.r);
            xmlNodePtr t = n ? n->children : NULL;
            while (t && !(t->type == XML_ELEMENT_NODE && !strcmp((const char *)t->name, "title")))
                t = t->next;
            xmlChar *v = xmlNodeGetContent(t ? t : n);
            keep(b, &it.source, v);
            xmlFree(v);
            skip = 1;
        } else if (!strcmp(name, "encoded") || !strcmp(name, "content")) {
            if (!it.body)
                it.body = read_body(b, &st, !strcmp(name, "encoded") ? 1 : content_kind(&st),
                                    &it.body_is_html);
            skip = 1;
        } else if (!strcmp(name, "description") || !strcmp(name, "summary")) {
            if (!it.summary)
                it.summary = read_body(b, &st, !strcmp(name, "description") ? 1 : content_kind(&st),
                                       &it.summary_is_html);
            skip = 1;
        }
    }
    if (in_item && rc == 0) /* cut off inside an item: what was read is still an item */
        finish_item(b, &it, b->fallback_id ? b->fallback_id : b->default_id);
    if (rc == 0 && !bad_root && (ret < 0 || !root_seen)) {
        in_rec *r = input_batch_add(b, st.first_error_line ? st.first_error_line : line_of(&st));
        if (!r)
            rc = PARLEY_ENOMEM;
        else if (!root_seen)
            input_batch_fail(b, r, PARLEY_ESYNTAX, "not XML%s%s", st.first_error[0] ? ": " : "",
                       st.first_error);
        else
            input_batch_fail(b, r, PARLEY_ESYNTAX, "malformed XML: %s; the rest of the input is "
                       "skipped", st.first_error[0] ? st.first_error : "parse error");
    }
    /* channel-level fields fill in what items lack */
    for (size_t i = first; i < b->n; i++) {
        in_rec *r = &b->recs[i];
        if (!r->source && feed_title)
            r->source = feed_title;
        if (!r->date && !r->code) {
            int d = feed_date ? input_date(feed_date, strlen(feed_date)) : 0;
            char ds[11];
            if (d)
                date_format(d, ds);
            const char *use = d ? ds : b->fallback_date;
            if (use)
                r->date = input_batch_strdup(b, use);
            else
                input_batch_fail(b, r, PARLEY_EFIELD, "item has no date and neither has the feed: "
                           "give one with --date YYYY-MM-DD");
        }
    }
    xmlFreeTextReader(st.r);
    return rc;
}

/* ---- PETRARCH ------------------------------------------------------------------------ */

int input_petrarch_read(in_batch *b, const char *data, size_t len)
{
    xml_state st;
    int orc = xml_open_or_report(&st, b, data, len);
    if (orc <= 0)
        return orc;
    in_rec *cur = NULL;
    int cur_depth = -1, rc = 0, ret, skip = 0, any = 0;
    while ((ret = skip ? xmlTextReaderNext(st.r) : xmlTextReaderRead(st.r)) == 1) {
        skip = 0;
        int type = xmlTextReaderNodeType(st.r);
        int depth = xmlTextReaderDepth(st.r);
        if (type == XML_READER_TYPE_END_ELEMENT && cur && depth == cur_depth) {
            if (!cur->code && !cur->text)
                input_batch_fail(b, cur, PARLEY_EFIELD, "<Sentence> without <Text>");
            cur = NULL;
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        any = 1;
        const char *name = lname(&st);
        if (!strcmp(name, "Sentence")) {
            cur = input_batch_add(b, line_of(&st));
            if (!cur) {
                rc = PARLEY_ENOMEM;
                break;
            }
            cur_depth = depth;
            xmlChar *id = xmlTextReaderGetAttribute(st.r, BAD_CAST "id");
            xmlChar *date = xmlTextReaderGetAttribute(st.r, BAD_CAST "date");
            xmlChar *src = xmlTextReaderGetAttribute(st.r, BAD_CAST "source");
            keep(b, &cur->id, id);
            keep(b, &cur->source, src);
            if (date) {
                int d = input_date((const char *)date, strlen((const char *)date));
                if (d) {
                    char ds[11];
                    date_format(d, ds);
                    cur->date = input_batch_strdup(b, ds);
                } else {
                    input_batch_fail(b, cur, PARLEY_EDATE, "bad date \"%.40s\" on <Sentence>",
                               (const char *)date);
                }
            } else if (b->fallback_date) {
                cur->date = input_batch_strdup(b, b->fallback_date);
            }
            xmlFree(id);
            xmlFree(date);
            xmlFree(src);
            if (xmlTextReaderIsEmptyElement(st.r)) {
                if (!cur->code)
                    input_batch_fail(b, cur, PARLEY_EFIELD, "<Sentence> without <Text>");
                cur = NULL;
            }
        } else if (cur && !strcmp(name, "Text")) {
            xmlChar *v = element_text(&st);
            skip = 1;
            if (!v)
                continue;
            size_t n = strlen((const char *)v);
            /* the text is wrapped over lines; white space is tidied, sentences kept */
            in_buf t = {0};
            input_buf_put_collapsed(&t, (const char *)v, n);
            xmlFree(v);
            size_t s0 = 0;
            while (s0 < t.n && t.p[s0] == ' ')
                s0++;
            while (t.n > s0 && t.p[t.n - 1] == ' ')
                t.n--;
            if (t.failed) {
                input_buf_free(&t);
                rc = PARLEY_ENOMEM;
                break;
            }
            if (!cur->code && !cur->text) {
                if (t.n - s0 > b->max_doc)
                    input_batch_fail(b, cur, PARLEY_ELIMIT, "<Text> longer than %zu bytes: skipped",
                               b->max_doc);
                else {
                    cur->text = input_batch_strndup(b, t.p ? t.p + s0 : "", t.n - s0);
                    cur->text_len = t.n - s0;
                }
            }
            input_buf_free(&t);
        } else if (!strcmp(name, "Parse") || !strcmp(name, "EventCoding") ||
                   !strcmp(name, "Environment")) {
            skip = 1; /* never looked at */
        }
    }
    if (cur && rc == 0 && !cur->code && !cur->text)
        input_batch_fail(b, cur, PARLEY_EFIELD, "<Sentence> without <Text>");
    if (rc == 0 && (ret < 0 || !any)) {
        in_rec *r = input_batch_add(b, st.first_error_line ? st.first_error_line : line_of(&st));
        if (!r)
            rc = PARLEY_ENOMEM;
        else
            input_batch_fail(b, r, PARLEY_ESYNTAX, "malformed XML: %s; the rest of the input is "
                       "skipped", st.first_error[0] ? st.first_error : "parse error");
    }
    xmlFreeTextReader(st.r);
    return rc;
}
