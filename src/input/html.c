/* html.c - news pages: the article's main text, title, publication date, outlet and url,
 * with myhtml (Debian's libmodest-dev) building the HTML5 tree.
 *
 * myhtml stays behind three functions (input_html_read, input_html_text, input_html_free);
 * nothing else in parley sees its types, so another HTML5 parser could replace it here.
 *
 * Main text: the element marked as the article body (itemprop=articleBody), else the
 * <article> holding the most paragraph text, else <main>, else the element whose own <p>
 * children hold the most text (the readability idea, one level). Inside it, navigation,
 * scripts, forms, figures and anything whose class/id/role says menu, share, related,
 * advert, comments and the like are dropped, and so is a paragraph that is mostly link
 * text (lists of headlines). Fields come from meta tags (Open Graph, article:*, Dublin
 * Core), JSON-LD (NewsArticle: headline, datePublished, publisher, articleBody), <time>,
 * <title> and the canonical link. The tree is walked without recursion, so a page nested
 * a million levels deep costs memory in myhtml, not stack here. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <myhtml/api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/date.h"
#include "../text/text.h"
#include "input.h"

typedef struct html_parser {
    myhtml_t *mh;
    myhtml_tree_t *tree;
} html_parser;

void input_html_free(void *p)
{
    html_parser *h = p;
    if (!h)
        return;
    if (h->tree)
        myhtml_tree_destroy(h->tree);
    if (h->mh)
        myhtml_destroy(h->mh);
    free(h);
}

static html_parser *parser_of(in_batch *b)
{
    if (b->html)
        return b->html;
    html_parser *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->mh = myhtml_create();
    /* single mode: no worker threads, so two parley engines in a process never share one */
    if (!h->mh || myhtml_init(h->mh, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK) {
        if (h->mh)
            myhtml_destroy(h->mh);
        free(h);
        return NULL;
    }
    h->tree = myhtml_tree_create();
    if (!h->tree || myhtml_tree_init(h->tree, h->mh) != MyHTML_STATUS_OK) {
        input_html_free(h);
        return NULL;
    }
    b->html = h;
    return h;
}

/* Parses data; NULL on failure. The encoding is the BOM's, else a <meta charset>, else
 * UTF-8 when the bytes are valid UTF-8, else windows-1252 (what browsers assume). */
static myhtml_tree_t *parse(html_parser *h, const char *data, size_t len, int fragment)
{
    myencoding_t enc = MyENCODING_DEFAULT;
    const char *p = data;
    size_t n = len;
    if (!myencoding_detect_and_cut_bom(data, len, &enc, &p, &n)) {
        p = data;
        n = len;
        enc = myencoding_prescan_stream_to_determine_encoding(data, len < 4096 ? len : 4096);
        if (enc == MyENCODING_NOT_DETERMINED || enc == MyENCODING_DEFAULT)
            enc = utf8_validate(data, len) == len ? MyENCODING_UTF_8 : MyENCODING_WINDOWS_1252;
    }
    myhtml_tree_clean(h->tree);
    mystatus_t st = fragment ? myhtml_parse_fragment(h->tree, enc, p, n, MyHTML_TAG_DIV,
                                                     MyHTML_NAMESPACE_HTML)
                             : myhtml_parse(h->tree, enc, p, n);
    return st == MyHTML_STATUS_OK ? h->tree : NULL;
}

/* ---- nesting ----------------------------------------------------------------------- */

/* HTML5 tree construction checks "has an element in scope" by scanning the stack of open
 * elements, so a page nested n deep costs O(n^2) in any conforming parser (myhtml: 1.7 s at
 * 20,000 levels, 7 s at 40,000). Real pages nest a few hundred deep. This linear pre-scan
 * estimates the depth from the markup alone, counting neither void elements nor the ones
 * HTML closes implicitly (p, li, td ...), nor anything in comments, scripts and styles. */
#define MAX_HTML_DEPTH 4000

static int implicit_close(const char *t, size_t n)
{
    static const char *const names[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                        "link", "meta", "source", "track", "wbr", "param", "p",
                                        "li", "td", "th", "tr", "option", "dt", "dd", "keygen",
                                        "!doctype", "html", "head", "body", "tbody", "thead", NULL};
    for (const char *const *p = names; *p; p++)
        if (strlen(*p) == n && strncasecmp(*p, t, n) == 0)
            return 1;
    return 0;
}

static const char *find_ci_n(const char *h, const char *end, const char *needle)
{
    size_t k = strlen(needle);
    for (; h + k <= end; h++)
        if (strncasecmp(h, needle, k) == 0)
            return h;
    return NULL;
}

static int too_deep(const char *p, size_t len)
{
    const char *e = p + len;
    long depth = 0;
    while ((p = memchr(p, '<', (size_t)(e - p))) != NULL) {
        p++;
        if (p + 3 <= e && !memcmp(p, "!--", 3)) {
            const char *c = find_ci_n(p + 3, e, "-->");
            if (!c)
                break;
            p = c + 3;
            continue;
        }
        int closing = p < e && *p == '/';
        if (closing)
            p++;
        const char *t = p;
        while (p < e && (isalnum((unsigned char)*p) || *p == '!' || *p == '-' || *p == ':'))
            p++;
        size_t tl = (size_t)(p - t);
        if (!tl || !(isalpha((unsigned char)*t) || *t == '!'))
            continue;
        const char *gt = memchr(p, '>', (size_t)(e - p));
        int self = gt && gt > p && gt[-1] == '/';
        if (closing) {
            if (depth > 0 && !implicit_close(t, tl))
                depth--;
            continue;
        }
        if (!gt)
            break;
        if ((tl == 6 && !strncasecmp(t, "script", 6)) || (tl == 5 && !strncasecmp(t, "style", 5))) {
            const char *c = find_ci_n(gt, e, tl == 6 ? "</script" : "</style");
            if (!c)
                break;
            p = c;
            continue;
        }
        if (!self && !implicit_close(t, tl) && ++depth > MAX_HTML_DEPTH)
            return 1;
    }
    return 0;
}

/* ---- tree helpers ------------------------------------------------------------------ */

typedef myhtml_tree_node_t node;

/* Pre-order successor of n within the subtree of root; skip_children jumps over n's. */
static node *walk_next(node *n, node *root, int skip_children)
{
    if (!skip_children) {
        node *c = myhtml_node_child(n);
        if (c)
            return c;
    }
    while (n && n != root) {
        node *s = myhtml_node_next(n);
        if (s)
            return s;
        n = myhtml_node_parent(n);
    }
    return NULL;
}

static const char *attr(node *n, const char *key, size_t *len)
{
    myhtml_tree_attr_t *a = myhtml_attribute_by_key(n, key, strlen(key));
    if (!a)
        return NULL;
    size_t l = 0;
    const char *v = myhtml_attribute_value(a, &l);
    if (len)
        *len = v ? l : 0;
    return v;
}

static int attr_is(node *n, const char *key, const char *value)
{
    size_t l;
    const char *v = attr(n, key, &l);
    return v && l == strlen(value) && strncasecmp(v, value, l) == 0;
}

/* Words in class and id values that mark page furniture rather than the story. */
static const char *const boiler_words[] = {
    "nav", "navbar", "navigation", "menu", "footer", "masthead", "sidebar", "comment",
    "comments", "share", "sharing", "social", "related", "promo", "advert", "advertisement",
    "ad", "ads", "adslot", "banner", "cookie", "cookies", "newsletter", "subscribe",
    "subscription", "breadcrumb", "breadcrumbs", "widget", "popup", "modal", "outbrain",
    "taboola", "sponsor", "sponsored", "recommended", "recommendations", "trending",
    "mostread", "most", "tags", "signup", "paywall", "caption", "byline", "author", "toolbar",
    "skip", "hidden", "print", "disclaimer", "copyright", NULL,
};

static int boiler_value(const char *v, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && !isalnum((unsigned char)v[i]))
            i++;
        size_t s = i;
        while (i < len && isalnum((unsigned char)v[i]))
            i++;
        size_t k = i - s;
        if (!k || k > 24)
            continue;
        for (const char *const *w = boiler_words; *w; w++)
            if (strlen(*w) == k && strncasecmp(*w, v + s, k) == 0)
                return 1;
    }
    return 0;
}

static int skip_tag(myhtml_tag_id_t t)
{
    switch (t) {
    case MyHTML_TAG__COMMENT: case MyHTML_TAG_SCRIPT: case MyHTML_TAG_STYLE:
    case MyHTML_TAG_NOSCRIPT: case MyHTML_TAG_NAV: case MyHTML_TAG_HEADER:
    case MyHTML_TAG_FOOTER: case MyHTML_TAG_ASIDE: case MyHTML_TAG_FORM:
    case MyHTML_TAG_IFRAME: case MyHTML_TAG_SVG: case MyHTML_TAG_TEMPLATE:
    case MyHTML_TAG_BUTTON: case MyHTML_TAG_SELECT: case MyHTML_TAG_TEXTAREA:
    case MyHTML_TAG_FIGURE: case MyHTML_TAG_FIGCAPTION: case MyHTML_TAG_MENU:
    case MyHTML_TAG_DIALOG: case MyHTML_TAG_OBJECT: case MyHTML_TAG_EMBED:
    case MyHTML_TAG_CANVAS: case MyHTML_TAG_VIDEO: case MyHTML_TAG_AUDIO:
    case MyHTML_TAG_HEAD: case MyHTML_TAG_TITLE: case MyHTML_TAG_MATH:
        return 1;
    default:
        return 0;
    }
}

/* Page furniture: left out of the main text with everything inside it. */
static int boilerplate(node *n)
{
    myhtml_tag_id_t t = myhtml_node_tag_id(n);
    if (skip_tag(t))
        return 1;
    if (t == MyHTML_TAG__TEXT)
        return 0;
    size_t l;
    const char *v;
    if ((v = attr(n, "class", &l)) && boiler_value(v, l))
        return 1;
    if ((v = attr(n, "id", &l)) && boiler_value(v, l))
        return 1;
    if ((v = attr(n, "role", &l)) && l &&
        (boiler_value(v, l) || attr_is(n, "role", "banner") || attr_is(n, "role", "contentinfo") ||
         attr_is(n, "role", "complementary") || attr_is(n, "role", "search") ||
         attr_is(n, "role", "dialog") || attr_is(n, "role", "alert")))
        return 1;
    if (attr_is(n, "aria-hidden", "true") || myhtml_attribute_by_key(n, "hidden", 6))
        return 1;
    if ((v = attr(n, "style", &l))) {
        for (size_t i = 0; i + 12 <= l; i++)
            if (strncasecmp(v + i, "display:none", 12) == 0 ||
                (i + 13 <= l && strncasecmp(v + i, "display: none", 13) == 0))
                return 1;
    }
    return 0;
}

static int block_tag(myhtml_tag_id_t t)
{
    switch (t) {
    case MyHTML_TAG_P: case MyHTML_TAG_DIV: case MyHTML_TAG_H1: case MyHTML_TAG_H2:
    case MyHTML_TAG_H3: case MyHTML_TAG_H4: case MyHTML_TAG_H5: case MyHTML_TAG_H6:
    case MyHTML_TAG_LI: case MyHTML_TAG_UL: case MyHTML_TAG_OL: case MyHTML_TAG_DL:
    case MyHTML_TAG_DD: case MyHTML_TAG_DT: case MyHTML_TAG_BLOCKQUOTE: case MyHTML_TAG_PRE:
    case MyHTML_TAG_TD: case MyHTML_TAG_TH: case MyHTML_TAG_TR: case MyHTML_TAG_TABLE:
    case MyHTML_TAG_SECTION: case MyHTML_TAG_ARTICLE: case MyHTML_TAG_MAIN: case MyHTML_TAG_HR:
    case MyHTML_TAG_BODY: case MyHTML_TAG_HTML:
        return 1;
    default:
        return 0;
    }
}

/* ---- text collection ----------------------------------------------------------------- */

typedef struct collector {
    in_buf out;
    in_buf para;
    size_t link_chars;          /* bytes of para inside <a> */
    int filter;                 /* drop furniture and link-heavy paragraphs */
} collector;

static void flush_para(collector *c)
{
    in_buf *p = &c->para;
    while (p->n && p->p[p->n - 1] == ' ')
        p->n--;
    size_t s = 0;
    while (s < p->n && p->p[s] == ' ')
        s++;
    size_t len = p->n - s;
    /* a paragraph that is mostly links is a list of other stories */
    if (len && !(c->filter && c->link_chars * 2 > len)) {
        input_buf_para(&c->out);
        input_buf_put(&c->out, p->p + s, len);
    }
    if (p->failed)
        c->out.failed = 1;
    p->n = 0;
    c->link_chars = 0;
}

/* Collects the text under root into c->out, paragraphs separated by blank lines. Whether
 * a text is link text is tracked on the way down and up (the <a> entered last), so the
 * cost stays linear however deep the page nests. */
static void collect(collector *c, node *root)
{
    node *link = NULL;
    node *n = myhtml_node_child(root);
    while (n) {
        myhtml_tag_id_t t = myhtml_node_tag_id(n);
        int skip = (c->filter && boilerplate(n)) ||
                   (!c->filter && (t == MyHTML_TAG_SCRIPT || t == MyHTML_TAG_STYLE ||
                                   t == MyHTML_TAG__COMMENT || t == MyHTML_TAG_TEMPLATE));
        if (t == MyHTML_TAG__TEXT) {
            size_t l = 0;
            const char *s = myhtml_node_text(n, &l);
            if (s && l) {
                size_t before = c->para.n;
                input_buf_put_collapsed(&c->para, s, l);
                if (link)
                    c->link_chars += c->para.n - before;
            }
        } else if (t == MyHTML_TAG_BR) {
            input_buf_put_collapsed(&c->para, " ", 1);
        } else if (!skip && block_tag(t)) {
            flush_para(c);
        }
        int descend = !skip && t != MyHTML_TAG__TEXT && myhtml_node_child(n);
        if (descend && t == MyHTML_TAG_A && !link)
            link = n;
        node *next = walk_next(n, root, !descend);
        if (!descend) {
            /* climbing out of elements: leaving a block element ends its paragraph */
            node *stop = next ? myhtml_node_parent(next) : root;
            int flushed = 0;
            for (node *q = myhtml_node_parent(n); q && q != stop && q != root;
                 q = myhtml_node_parent(q)) {
                if (q == link)
                    link = NULL;
                if (!flushed && block_tag(myhtml_node_tag_id(q))) {
                    flush_para(c);
                    flushed = 1;
                }
            }
        }
        n = next;
    }
    flush_para(c);
}

/* Text under n, whitespace collapsed (for <title>, <h1>, JSON-LD scripts). */
static char *node_text(in_batch *b, node *n, int raw)
{
    in_buf t = {0};
    for (node *q = myhtml_node_child(n); q; q = walk_next(q, n, 0)) {
        if (myhtml_node_tag_id(q) != MyHTML_TAG__TEXT)
            continue;
        size_t l = 0;
        const char *s = myhtml_node_text(q, &l);
        if (s && l) {
            if (raw)
                input_buf_put(&t, s, l);
            else
                input_buf_put_collapsed(&t, s, l);
        }
    }
    size_t st = 0;
    while (st < t.n && t.p[st] == ' ')
        st++;
    while (t.n > st && t.p[t.n - 1] == ' ')
        t.n--;
    char *r = t.failed ? NULL : input_batch_strndup(b, t.p ? t.p + st : "", t.p ? t.n - st : 0);
    input_buf_free(&t);
    return r;
}

/* ---- metadata ----------------------------------------------------------------------- */

typedef struct page_meta {
    char *title_tag, *og_title, *ld_headline, *h1;
    char *outlet, *ld_outlet;
    char *canonical, *og_url, *ld_url;
    int date, date_rank;        /* best date so far and how trustworthy its source is */
    char *ld_body;
    node *body_prop, *best_article, *main;
    size_t best_article_len;
} page_meta;

static void set_date(page_meta *m, const char *s, size_t n, int rank)
{
    if (!s || rank <= m->date_rank)
        return;
    int d = input_date(s, n);
    if (d) {
        m->date = d;
        m->date_rank = rank;
    }
}

static char *dup_attr(in_batch *b, node *n, const char *key)
{
    size_t l;
    const char *v = attr(n, key, &l);
    if (!v || !l)
        return NULL;
    in_buf t = {0};
    input_buf_put_collapsed(&t, v, l);
    char *r = t.failed ? NULL : input_batch_strndup(b, t.p, t.n);
    input_buf_free(&t);
    return r;
}

static void meta_tag(in_batch *b, page_meta *m, node *n)
{
    size_t kl = 0, cl = 0;
    const char *k = attr(n, "property", &kl);
    if (!k)
        k = attr(n, "name", &kl);
    if (!k)
        k = attr(n, "itemprop", &kl);
    const char *content = attr(n, "content", &cl);
    if (!k || !content || !cl)
        return;
    char key[48];
    if (kl >= sizeof key)
        return;
    for (size_t i = 0; i < kl; i++)
        key[i] = (char)tolower((unsigned char)k[i]);
    key[kl] = '\0';
    if (!strcmp(key, "og:title") || !strcmp(key, "twitter:title")) {
        if (!m->og_title)
            m->og_title = dup_attr(b, n, "content");
    } else if (!strcmp(key, "og:site_name") || !strcmp(key, "application-name") ||
               !strcmp(key, "publisher") || !strcmp(key, "dc.publisher")) {
        if (!m->outlet)
            m->outlet = dup_attr(b, n, "content");
    } else if (!strcmp(key, "og:url")) {
        if (!m->og_url)
            m->og_url = dup_attr(b, n, "content");
    } else if (!strcmp(key, "article:published_time") || !strcmp(key, "datepublished") ||
               !strcmp(key, "og:published_time") || !strcmp(key, "article.published")) {
        set_date(m, content, cl, 5);
    } else if (!strcmp(key, "pubdate") || !strcmp(key, "publishdate") ||
               !strcmp(key, "publish-date") || !strcmp(key, "publication_date") ||
               !strcmp(key, "sailthru.date") || !strcmp(key, "parsely-pub-date") ||
               !strcmp(key, "dc.date.issued") || !strcmp(key, "dcterms.created") ||
               !strcmp(key, "citation_publication_date") || !strcmp(key, "date") ||
               !strcmp(key, "dc.date") || !strcmp(key, "dcterms.date")) {
        set_date(m, content, cl, 4);
    } else if (!strcmp(key, "article:modified_time") || !strcmp(key, "datemodified")) {
        set_date(m, content, cl, 1);
    }
}

static const char *ld_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsArray(v))
        v = cJSON_GetArrayItem(v, 0);
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsObject(v)) { /* {"@id": ...} or {"name": ...} */
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(v, "name");
        if (!cJSON_IsString(w))
            w = cJSON_GetObjectItemCaseSensitive(v, "@id");
        if (!cJSON_IsString(w))
            w = cJSON_GetObjectItemCaseSensitive(v, "url");
        return cJSON_IsString(w) ? w->valuestring : NULL;
    }
    return NULL;
}

static char *ld_dup(in_batch *b, const char *s)
{
    if (!s || !*s || utf8_validate(s, strlen(s)) != strlen(s))
        return NULL;
    in_buf t = {0};
    input_buf_put_collapsed(&t, s, strlen(s));
    char *r = t.failed ? NULL : input_batch_strndup(b, t.p, t.n);
    input_buf_free(&t);
    return r;
}

/* JSON-LD: the first object with a datePublished or a headline (an Article of any kind),
 * looked for through arrays and @graph, at most a few levels deep. */
static void ld_object(in_batch *b, page_meta *m, const cJSON *o, int depth)
{
    if (depth > 4 || !o)
        return;
    if (cJSON_IsArray(o)) {
        const cJSON *it;
        int k = 0;
        cJSON_ArrayForEach(it, o) {
            if (++k > 64)
                break;
            ld_object(b, m, it, depth + 1);
        }
        return;
    }
    if (!cJSON_IsObject(o))
        return;
    ld_object(b, m, cJSON_GetObjectItemCaseSensitive(o, "@graph"), depth + 1);
    const char *dp = ld_string(o, "datePublished");
    const char *hl = ld_string(o, "headline");
    if (!dp && !hl)
        return;
    if (dp)
        set_date(m, dp, strlen(dp), 6);
    if (hl && !m->ld_headline)
        m->ld_headline = ld_dup(b, hl);
    const char *pub = ld_string(o, "publisher");
    if (pub && !m->ld_outlet && strncmp(pub, "http", 4) != 0 && pub[0] != '#')
        m->ld_outlet = ld_dup(b, pub);
    const char *u = ld_string(o, "url");
    if (!u)
        u = ld_string(o, "mainEntityOfPage");
    if (u && !m->ld_url && strncmp(u, "http", 4) == 0)
        m->ld_url = ld_dup(b, u);
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(o, "articleBody");
    if (cJSON_IsString(body) && !m->ld_body &&
        utf8_validate(body->valuestring, strlen(body->valuestring)) == strlen(body->valuestring))
        m->ld_body = input_batch_strdup(b, body->valuestring);
}

static void json_ld(in_batch *b, page_meta *m, node *script)
{
    char *s = node_text(b, script, 1);
    if (!s)
        return;
    cJSON *o = cJSON_ParseWithLength(s, strlen(s));
    if (o)
        ld_object(b, m, o, 0);
    cJSON_Delete(o);
}

/* The element whose own <p> children carry the most text. */
static node *densest(node *body)
{
    /* score per parent of a <p>: kept in a small open list, pages have few such parents */
    enum { MAXC = 256 };
    node *cand[MAXC];
    size_t score[MAXC];
    int nc = 0;
    for (node *q = myhtml_node_child(body); q; q = walk_next(q, body, boilerplate(q))) {
        if (myhtml_node_tag_id(q) != MyHTML_TAG_P)
            continue;
        node *par = myhtml_node_parent(q);
        size_t len = 0;
        for (node *t = myhtml_node_child(q); t; t = walk_next(t, q, 0))
            if (myhtml_node_tag_id(t) == MyHTML_TAG__TEXT &&
                myhtml_node_tag_id(myhtml_node_parent(t)) != MyHTML_TAG_A) {
                size_t l = 0;
                myhtml_node_text(t, &l);
                len += l;
            }
        int i = 0;
        while (i < nc && cand[i] != par)
            i++;
        if (i == nc) {
            if (nc == MAXC)
                continue;
            cand[nc] = par;
            score[nc++] = 0;
        }
        score[i] += len;
    }
    node *best = NULL;
    size_t bs = 0;
    for (int i = 0; i < nc; i++)
        if (score[i] > bs) {
            bs = score[i];
            best = cand[i];
        }
    return best;
}

/* One pass over the page: meta tags, JSON-LD, <time>, <title>, <h1>, and the <article>
 * with the most paragraph text (open articles on a small stack, text credited to the
 * innermost, so nested articles cost no second pass). */
static void scan_page(in_batch *b, page_meta *m, node *doc)
{
    enum { MAXA = 32 };
    node *art[MAXA];
    size_t art_len[MAXA];
    int nart = 0, deep = 0; /* deep: articles nested past the stack, not tracked */
    node *n = myhtml_node_child(doc);
    while (n) {
        myhtml_tag_id_t t = myhtml_node_tag_id(n);
        switch (t) {
        case MyHTML_TAG__TEXT: {
            node *par = myhtml_node_parent(n);
            if (nart && par && myhtml_node_tag_id(par) == MyHTML_TAG_P) {
                size_t l = 0;
                myhtml_node_text(n, &l);
                art_len[nart - 1] += l;
            }
            break;
        }
        case MyHTML_TAG_TITLE:
            if (!m->title_tag)
                m->title_tag = node_text(b, n, 0);
            break;
        case MyHTML_TAG_META:
            meta_tag(b, m, n);
            break;
        case MyHTML_TAG_LINK: {
            size_t l;
            const char *rel = attr(n, "rel", &l);
            if (rel && l == 9 && strncasecmp(rel, "canonical", 9) == 0 && !m->canonical)
                m->canonical = dup_attr(b, n, "href");
            break;
        }
        case MyHTML_TAG_SCRIPT:
            if (attr_is(n, "type", "application/ld+json"))
                json_ld(b, m, n);
            break;
        case MyHTML_TAG_TIME: {
            size_t l;
            const char *dt = attr(n, "datetime", &l);
            if (dt && (myhtml_attribute_by_key(n, "pubdate", 7) ||
                       attr_is(n, "itemprop", "datePublished")))
                set_date(m, dt, l, 3);
            else if (dt)
                set_date(m, dt, l, 2);
            break;
        }
        case MyHTML_TAG_H1:
            if (!m->h1)
                m->h1 = node_text(b, n, 0);
            break;
        case MyHTML_TAG_MAIN:
            if (!m->main)
                m->main = n;
            break;
        default:
            break;
        }
        if (t != MyHTML_TAG__TEXT && !m->body_prop && attr_is(n, "itemprop", "articleBody"))
            m->body_prop = n;
        if (t != MyHTML_TAG__TEXT && !m->main && attr_is(n, "role", "main"))
            m->main = n;
        int descend = t != MyHTML_TAG__TEXT && myhtml_node_child(n) != NULL;
        if (t == MyHTML_TAG_ARTICLE) {
            if (!descend) {
                if (!m->best_article)
                    m->best_article = n;
            } else if (nart < MAXA) {
                art[nart] = n;
                art_len[nart++] = 0;
            } else {
                deep++;
            }
        }
        node *next = walk_next(n, doc, !descend);
        if (!descend) {
            node *stop = next ? myhtml_node_parent(next) : doc;
            for (node *q = myhtml_node_parent(n); q && q != stop && q != doc;
                 q = myhtml_node_parent(q)) {
                if (myhtml_node_tag_id(q) != MyHTML_TAG_ARTICLE)
                    continue;
                if (deep) {
                    deep--;
                } else if (nart && art[nart - 1] == q) {
                    nart--;
                    if (!m->best_article || art_len[nart] > m->best_article_len) {
                        m->best_article = q;
                        m->best_article_len = art_len[nart];
                    }
                    if (nart) /* an outer article holds the inner one's text too */
                        art_len[nart - 1] += art_len[nart];
                }
            }
        }
        n = next;
    }
}

static const char *first_of(const char *a, const char *b2, const char *c, const char *d)
{
    if (a && *a)
        return a;
    if (b2 && *b2)
        return b2;
    if (c && *c)
        return c;
    return d && *d ? d : NULL;
}

int input_html_read(in_batch *b, const char *data, size_t len)
{
    in_rec *r = input_batch_add(b, 1);
    if (!r)
        return PARLEY_ENOMEM;
    r->id = input_batch_strdup(b, b->fallback_id ? b->fallback_id : b->default_id);
    html_parser *h = parser_of(b);
    if (!h)
        return PARLEY_ENOMEM;
    if (too_deep(data, len)) {
        input_batch_fail(b, r, PARLEY_ELIMIT, "HTML nested more than %d elements deep: skipped (no "
                   "news page does; parsing it would take quadratic time)", MAX_HTML_DEPTH);
        return 0;
    }
    myhtml_tree_t *tree = parse(h, data, len, 0);
    if (!tree) {
        input_batch_fail(b, r, PARLEY_ESYNTAX, "the HTML parser failed on this page");
        return 0;
    }
    node *doc = myhtml_tree_get_document(tree);
    page_meta m;
    memset(&m, 0, sizeof m);
    scan_page(b, &m, doc);

    node *root = m.body_prop;
    if (!root && m.best_article && m.best_article_len > 0)
        root = m.best_article;
    if (!root && m.main)
        root = m.main;
    node *body = myhtml_tree_get_node_body(tree);
    if (!root && body)
        root = densest(body);
    if (!root)
        root = body ? body : doc;
    collector c;
    memset(&c, 0, sizeof c);
    c.filter = 1;
    collect(&c, root);
    if (!c.out.n && root != (body ? body : doc)) {
        /* the chosen element held only furniture: fall back to the whole body */
        input_buf_free(&c.para);
        c.link_chars = 0;
        collect(&c, body ? body : doc);
    }
    /* The page's own articleBody is the cleaner text when the markup hid most of it. */
    const char *text = c.out.p ? c.out.p : "";
    size_t tl = c.out.n;
    if (m.ld_body && strlen(m.ld_body) > 2 * tl) {
        text = m.ld_body;
        tl = strlen(m.ld_body);
    }
    if (c.out.failed || c.para.failed) {
        input_buf_free(&c.out);
        input_buf_free(&c.para);
        return PARLEY_ENOMEM;
    }
    r->title = input_batch_strdup(b, first_of(m.og_title, m.ld_headline, m.h1, m.title_tag));
    r->source = input_batch_strdup(b, first_of(m.outlet, m.ld_outlet, NULL, NULL));
    r->url = input_batch_strdup(b, first_of(m.canonical, m.og_url, m.ld_url, NULL));
    if (m.date) {
        char d[11];
        date_format(m.date, d);
        r->date = input_batch_strdup(b, d);
    } else if (b->fallback_date) {
        r->date = input_batch_strdup(b, b->fallback_date);
    }
    if (tl > b->max_doc)
        input_batch_fail(b, r, PARLEY_ELIMIT, "article text longer than %zu bytes: skipped",
                         b->max_doc);
    else if (!tl)
        input_batch_fail(b, r, PARLEY_EFIELD, "no article text found in the page");
    else if (!r->date)
        input_batch_fail(b, r, PARLEY_EFIELD,
                         "no publication date in the page (meta tags, JSON-LD, "
                   "<time>): give one with --date YYYY-MM-DD");
    else {
        r->text = input_batch_strndup(b, text, tl);
        r->text_len = tl;
    }
    input_buf_free(&c.out);
    input_buf_free(&c.para);
    return 0;
}

char *input_html_text(in_batch *b, const char *html, size_t len, size_t *out_len)
{
    *out_len = 0;
    html_parser *h = parser_of(b);
    if (!h)
        return NULL;
    /* Plain text (no markup at all) needs no parser, only its white space tidied. */
    if (!memchr(html, '<', len) && !memchr(html, '&', len)) {
        in_buf t = {0};
        input_buf_put_collapsed(&t, html, len);
        char *r = t.failed ? NULL : input_batch_strndup(b, t.p ? t.p : "", t.n);
        *out_len = t.n;
        input_buf_free(&t);
        return r;
    }
    myhtml_tree_t *tree = too_deep(html, len) ? NULL : parse(h, html, len, 1);
    if (!tree) /* the item falls back to its title */
        return input_batch_strdup(b, "");
    collector c;
    memset(&c, 0, sizeof c);
    c.filter = 1; /* "Read more" links and share buttons come in descriptions too */
    node *root = myhtml_tree_get_document(tree);
    collect(&c, root);
    char *r = NULL;
    if (!c.out.failed && !c.para.failed) {
        size_t n = c.out.n;
        r = input_batch_strndup(b, c.out.p ? c.out.p : "", n);
        *out_len = n;
    }
    input_buf_free(&c.out);
    input_buf_free(&c.para);
    return r;
}
