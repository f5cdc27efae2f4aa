/* embed.S - embeds the generated gazetteer (build/gen/gazetteer.bin) into the library as
 * read-only data; gaz_open() (gazetteer.c) copies it for each dictionary. */
    .section .rodata
    .balign 16
    .globl parley_gazetteer_bin
    .type parley_gazetteer_bin, @object
parley_gazetteer_bin:
    .incbin GAZETTEER_BIN
    .globl parley_gazetteer_end
parley_gazetteer_end:
    .byte 0
    .size parley_gazetteer_bin, . - parley_gazetteer_bin
    .section .note.GNU-stack,"",@progbits
