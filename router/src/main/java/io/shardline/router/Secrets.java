package io.shardline.router;

import java.util.regex.Pattern;

/**
 * Masks secrets in any text meant for a person or a log: a URL in every form Shardline and the connectors accept
 * ({@code ?password=..}, H2's {@code ;PASSWORD=..}, Connector/J's {@code user:password@host} and
 * {@code (host=..,password=..)}), the keys of a URL or properties ({@code secretKey=..}, {@code serverPassword=..},
 * any {@code *Password=..}), and the password literals of account statements ({@code IDENTIFIED BY '..'},
 * {@code PASSWORD('..')}), which a server's error may quote. Every exception Shardline raises goes through it, so a
 * message built from a connector's text or a URL cannot carry a password out.
 */
public final class Secrets {
    public static final String MASK = "******";

    /** {@code password=x}, {@code serverPassword=x}, {@code trustCertificateKeyStorePassword=x}, {@code secretKey=x}. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b[\\w.-]*(?:password|passwd|pwd|secretkey|secret)\\s*=\\s*)(?!\\*{6})[^&;,)\\s'\"}]+");
    /** {@code //user:password@host}, or {@code mysql:user:password@host} (a malformed URL): a password in user info. */
    private static final Pattern USER_INFO = Pattern.compile(
            "((?://|[a-zA-Z][\\w+.-]*:)[^/@:\\s]*:)(?!\\*{6}@)[^/@\\s]*@");
    /** {@code IDENTIFIED BY 'x'}, {@code IDENTIFIED WITH plugin BY|AS 'x'}, {@code PASSWORD('x')}, {@code SET PASSWORD = 'x'}. */
    private static final Pattern ACCOUNT_LITERAL = Pattern.compile(
            "(?i)((?:IDENTIFIED\\s+(?:BY|WITH\\s+\\S+\\s+(?:BY|AS|USING)|VIA\\s+\\S+\\s+(?:USING|AS))(?:\\s+PASSWORD)?"
                    + "|PASSWORD\\s*\\(|SET\\s+PASSWORD\\b[^=]{0,200}=)\\s*)('(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\")");

    private Secrets() {
    }

    /** {@code text} with every secret it holds replaced by {@value #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        out = KEY_VALUE.matcher(out).replaceAll("$1" + MASK);
        return ACCOUNT_LITERAL.matcher(out).replaceAll("$1'" + MASK + "'");
    }
}
