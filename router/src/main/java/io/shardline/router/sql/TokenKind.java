package io.shardline.router.sql;

/** The lexical classes of MySQL text that routing and rewriting care about. */
public enum TokenKind {
    /** A word: keyword, identifier or function name. */
    WORD,
    /** A back-quoted identifier. */
    QUOTED_IDENTIFIER,
    /** A single-quoted string literal. */
    STRING,
    /** A double-quoted string literal (MySQL's default, without ANSI_QUOTES). */
    DOUBLE_QUOTED,
    NUMBER,
    /** A {@code ?} placeholder. */
    PARAMETER,
    /** {@code /* ... *}{@code /} and {@code -- ...}. */
    COMMENT,
    /** {@code # ...} to end of line: MySQL only. */
    HASH_COMMENT,
    /** {@code /*+ ... *}{@code /}: an optimizer hint comment, possibly Shardline's. */
    HINT_COMMENT,
    /** {@code /*! ... *}{@code /}: MySQL executes its content. */
    EXECUTABLE_COMMENT,
    DOT,
    SEMICOLON,
    /** Any other operator or punctuation. */
    SYMBOL
}
