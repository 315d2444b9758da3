package io.shardline.driver.exec;

import io.shardline.router.meta.Server;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * MariaDB resolves the targets of a multi-table {@code DELETE o FROM db.t o JOIN ..} against the session's default
 * database, even when {@code o} is an alias in the statement, and fails with 1046 "No database selected" when there
 * is none. Physical connections open without one (a server holds many shard databases, all named in full), so
 * before such a statement the connection is given one: the statement's own database, an existing one the account
 * may use. Every name Shardline sends is qualified, so the default database changes nothing else.
 */
public final class DeleteTargets {
    /** {@code DELETE} followed by anything but {@code FROM} (its targets), or the {@code USING} form. */
    private static final Pattern NAMES_TARGETS = Pattern.compile(
            "\\s*(?:/\\*.*?\\*/\\s*)*DELETE\\s+(?:(?:LOW_PRIORITY|QUICK|IGNORE)\\s+)*(?!FROM\\b).*"
                    + "|\\s*(?:/\\*.*?\\*/\\s*)*DELETE\\b.*\\bUSING\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private DeleteTargets() {
    }

    /** Whether {@code sql} may be a multi-table DELETE (a false positive costs one USE on the connection, once). */
    static boolean namesTargets(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        char first = i < sql.length() ? sql.charAt(i) : ' ';
        return (first == 'D' || first == 'd' || first == '/') && NAMES_TARGETS.matcher(sql).matches();
    }

    /** Gives {@code pc} a default database before {@code sql} runs, when {@code sql} needs one on this server. */
    public static void prepare(Connection pc, Server server, String database, String sql) throws SQLException {
        if (database != null && PhysicalUrls.isMySql(server) && namesTargets(sql)) {
            String current = pc.getCatalog();
            if (current == null || current.isEmpty()) {
                pc.setCatalog(database);
            }
        }
    }
}
