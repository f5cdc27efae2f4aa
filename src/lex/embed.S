/* embed.S - embeds the generated lexicon into the library (read-only data). */
    .section .rodata
    .balign 16
    .globl parley_lexicon_bin
    .type parley_lexicon_bin, @object
parley_lexicon_bin:
    .incbin LEXICON_BIN
    .byte 0
    .size parley_lexicon_bin, . - parley_lexicon_bin
    .section .note.GNU-stack,"",@progbits
