/* inflect.c - regular English inflection rules (see inflect.h).
 *
 * Consonant doubling (ban -> banned) is deliberately not guessed here: stress decides it
 * (admit -> admitted but visit -> visited), and WordNet's exception lists, which the
 * lexicon carries, already list every doubled form. */
#include "inflect.h"

#include <string.h>

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static size_t put(char *out, size_t cap, const char *a, size_t na, const char *b)
{
    size_t nb = strlen(b);
    if (na + nb + 1 > cap)
        return 0;
    memcpy(out, a, na);
    memcpy(out + na, b, nb + 1);
    return na + nb;
}

static int ends(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

size_t inflect_s(const char *base, char *out, size_t cap)
{
    size_t n = strlen(base);
    if (n == 0)
        return 0;
    if (ends(base, n, "s") || ends(base, n, "x") || ends(base, n, "z") || ends(base, n, "ch") ||
        ends(base, n, "sh"))
        return put(out, cap, base, n, "es");
    if (n >= 2 && base[n - 1] == 'y' && !is_vowel(base[n - 2]))
        return put(out, cap, base, n - 1, "ies");
    if (n >= 2 && base[n - 1] == 'o' && !is_vowel(base[n - 2]))
        return put(out, cap, base, n, "es");
    return put(out, cap, base, n, "s");
}

size_t inflect_ed(const char *base, char *out, size_t cap)
{
    size_t n = strlen(base);
    if (n == 0)
        return 0;
    if (base[n - 1] == 'e')
        return put(out, cap, base, n, "d");
    if (n >= 2 && base[n - 1] == 'y' && !is_vowel(base[n - 2]))
        return put(out, cap, base, n - 1, "ied");
    return put(out, cap, base, n, "ed");
}

size_t inflect_ing(const char *base, char *out, size_t cap)
{
    size_t n = strlen(base);
    if (n == 0)
        return 0;
    if (ends(base, n, "ie"))
        return put(out, cap, base, n - 2, "ying");
    if (n >= 3 && base[n - 1] == 'e' && !ends(base, n, "ee") && !ends(base, n, "ye") &&
        !ends(base, n, "oe"))
        return put(out, cap, base, n - 1, "ing");
    return put(out, cap, base, n, "ing");
}
