package io.shardline.admin;

import java.util.regex.Pattern;

/**
 * The shapes of every name and secret an action accepts, checked before anything changes. Names that reach DDL or
 * account statements (databases, accounts, host patterns) are limited to characters that cannot end a quoted
 * identifier or string, and are quoted anyway; passwords only ever travel as bound parameters.
 */
final class Names {
    /** The spec's DbName: lower-case letters, digits and underscores, a letter first, at most 24 characters. */
    private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,23}");
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern RDS_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final Pattern ACCOUNT = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.%/:_-]{1,255}");
    /** Printable ASCII without blanks: what DRDS and RDS accept, and nothing a terminal or log could mangle. */
    private static final Pattern PASSWORD = Pattern.compile("[\\x21-\\x7E]{8,30}");

    private Names() {
    }

    static String dbName(String name) throws DrdsException {
        if (name == null || !DB_NAME.matcher(name).matches()) {
            throw DrdsError.INVALID_DB_NAME.with("DbName '" + name + "' is not valid: lower-case letters, digits and"
                    + " underscores, starting with a letter, at most 24 characters");
        }
        if (name.endsWith("_")) {
            throw DrdsError.DB_PREFIX_ENDS_WITH_UNDERLINE.with("DbName '" + name + "' must not end with an underscore");
        }
        return name;
    }

    /** Ids Shardline makes are {@code drds} and 12 characters; anything not id-shaped cannot name an instance. */
    static boolean isInstanceId(String id) {
        return id != null && INSTANCE_ID.matcher(id).matches();
    }

    static boolean isRdsName(String name) {
        return name != null && RDS_NAME.matcher(name).matches();
    }

    static boolean isTableName(String name) {
        return name != null && TABLE_NAME.matcher(name).matches();
    }

    /** 8 to 30 printable ASCII characters; the message never repeats the value. */
    static String password(String password, DrdsError error, String parameter) throws DrdsException {
        if (password == null || !PASSWORD.matcher(password).matches()) {
            throw error.with(parameter + " must be 8 to 30 printable ASCII characters without blanks ("
                    + (password == null ? "none" : password.length() + " characters") + " given)");
        }
        return password;
    }

    /** 2 to 128 characters without control characters. */
    static String description(String description, DrdsError error) throws DrdsException {
        if (description == null || description.length() < 2 || description.length() > 128
                || description.chars().anyMatch(Character::isISOControl)) {
            throw error.with("Description must be 2 to 128 characters without control characters");
        }
        return description;
    }

    /** A database or table name as a MySQL identifier; refuses anything outside the validated shapes. */
    static String quoteName(String name) {
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a safe MySQL name: " + name);
        }
        return "`" + name + "`";
    }

    /** {@code 'user'@'host'} for account statements; both parts were validated, this re-checks before quoting. */
    static String account(String user, String host) {
        if (!ACCOUNT.matcher(user).matches() || !SAFE_HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("not a safe MySQL account: " + user + "@" + host);
        }
        return "'" + user + "'@'" + host + "'";
    }
}
