package io.shardline.router.sql;

/** The lexical classes of MySQL text (default sql_mode) that routing and rewriting care about. */
public enum TokenKind {
    /** A word: keyword, identifier or function name; also an identifier that starts with digits ({@code 1col}). */
    WORD,
    /** A back-quoted identifier. */
    QUOTED_IDENTIFIER,
    /** A single-quoted string literal. */
    STRING,
    /** {@code N'...'}: a string literal in the national character set (utf8 in MySQL and MariaDB). */
    NATIONAL_STRING,
    /** A double-quoted string literal (MySQL's default, without ANSI_QUOTES). */
    DOUBLE_QUOTED,
    /** An integer, decimal ({@code 1.5}, {@code .5}, {@code 5.}) or approximate ({@code 1e3}) number. */
    NUMBER,
    /** {@code X'0A'} or {@code 0x0A}: a binary string, or a number in some contexts. */
    HEX_LITERAL,
    /** {@code b'101'} or {@code 0b101}: a bit-value literal. */
    BIT_LITERAL,
    /** {@code @name} (user variable, MySQL lets the name hold dots) or {@code @@name} (system variable). */
    VARIABLE,
    /** A {@code ?} placeholder. */
    PARAMETER,
    /** {@code /* ... *}{@code /} and {@code -- ...}. */
    COMMENT,
    /** {@code # ...} to end of line: MySQL only. */
    HASH_COMMENT,
    /** {@code /*+ ... *}{@code /}: an optimizer hint comment, possibly Shardline's. */
    HINT_COMMENT,
    /** {@code /*! ... *}{@code /} or MariaDB's {@code /*M! ... *}{@code /}: the server executes its content. */
    EXECUTABLE_COMMENT,
    DOT,
    SEMICOLON,
    /** Any other operator ({@code >=}, {@code <=>}, {@code ||}, ... as the server groups them) or punctuation. */
    SYMBOL
}
