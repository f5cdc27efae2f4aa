/* embed.S - embeds the generated lexicon into the library (read-only data). */
    .section .rodata
    .balign 16
    .globl parley_lexicon_bin
    .type parley_lexicon_bin, @object
parley_lexicon_bin:
    .incbin LEXICON_BIN
    .byte 0
    .size parley_lexicon_bin, . - parley_lexicon_bin
    .globl parley_lexicon_end
    .type parley_lexicon_end, @object
parley_lexicon_end:
    .size parley_lexicon_end, 0
    .section .note.GNU-stack,"",@progbits
