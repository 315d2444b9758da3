package io.shardline.admin;

import io.shardline.admin.SqlText.Kind;
import io.shardline.admin.SqlText.Token;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SyncUserPrivilege=YES: every account (or role) holding privileges on a copied database (a database-level grant whose
 * pattern matches its name, or grants on its tables, columns or routines) gets the same privileges on the new name on
 * the target. An account missing there is created from the source's {@code SHOW CREATE USER}, which carries the
 * password's hash ({@code IDENTIFIED BY PASSWORD '*..'} / {@code IDENTIFIED VIA .. USING ..}), never its text; an
 * existing one keeps its password and gains the grants. Global privileges are not about a database and are not
 * copied. Accounts made and grants given are ledgered (with the REVOKE that undoes each). Stateless.
 */
final class Privileges {
    /** One account or role with privileges on a copied database. */
    record Grantee(String user, String host) {
        String sql() {
            return host.isEmpty() ? SqlText.quote(user) : SqlText.literal(user) + "@" + SqlText.literal(host);
        }

        boolean isRole() {
            return host.isEmpty();
        }
    }

    private Privileges() {
    }

    /** Copies the privileges; answers how many GRANT statements were run on the target. */
    static int copy(Connection source, Connection target, Map<String, String> names, Loader.Ledger ledger,
                    Loader.Checkpoint checkpoint) throws Exception {
        int granted = 0;
        for (Grantee g : grantees(source, names.keySet())) {
            checkpoint.check();
            List<String[]> grants = grantsToCopy(source, g, names);
            if (grants.isEmpty()) {
                continue;
            }
            if (!exists(target, g)) {
                int seq = ledger.plan(g.isRole() ? "role" : "account", g.sql(), null);
                execute(target, g.isRole() ? "CREATE ROLE " + g.sql() : createUser(source, g));
                ledger.made(seq);
            }
            for (String[] grant : grants) {
                int seq = ledger.plan("grant", g.sql(), grant[1]);
                execute(target, grant[0]);
                ledger.made(seq);
                granted++;
            }
        }
        return granted;
    }

    static Set<Grantee> grantees(Connection c, Iterable<String> databases) throws SQLException {
        Set<Grantee> out = new LinkedHashSet<>();
        for (String db : databases) {
            for (String sql : List.of("SELECT User, Host FROM mysql.db WHERE ? LIKE Db",
                    "SELECT User, Host FROM mysql.tables_priv WHERE Db = ?",
                    "SELECT User, Host FROM mysql.columns_priv WHERE Db = ?",
                    "SELECT User, Host FROM mysql.procs_priv WHERE Db = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql + " ORDER BY User, Host")) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Grantee(rs.getString(1), rs.getString(2)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The grantee's SHOW GRANTS lines on copied databases, each rewritten for the new name: [the GRANT to run on the
     * target, the REVOKE that undoes it].
     */
    static List<String[]> grantsToCopy(Connection source, Grantee g, Map<String, String> names) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS FOR " + g.sql())) {
            while (rs.next()) {
                String line = rs.getString(1);
                for (var e : names.entrySet()) {
                    String[] copied = rewrite(line, e.getKey(), e.getValue());
                    if (copied != null) {
                        out.add(copied);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A SHOW GRANTS line about {@code db} (its database-level pattern matches the name, or it names one of its tables
     * or routines), as [GRANT on {@code newName}, REVOKE of it]; null for any other line.
     */
    static String[] rewrite(String line, String db, String newName) {
        List<Token> tokens = SqlText.tokens(line);
        int on = -1;
        int to = -1;
        int with = -1;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.OTHER && line.charAt(t.start()) == '(') {
                depth++;
            } else if (t.kind() == Kind.OTHER && line.charAt(t.start()) == ')') {
                depth--;
            } else if (depth == 0 && on < 0 && t.isWord("ON")) {
                on = i;
            } else if (depth == 0 && on >= 0 && to < 0 && t.isWord("TO")) {
                to = i;
            } else if (depth == 0 && to >= 0 && with < 0 && t.isWord("WITH")) {
                with = i;
            }
        }
        if (!tokens.get(0).isWord("GRANT") || on < 0 || to < 0) {
            return null; // a role granted to the account, or something else without a database
        }
        int i = on + 1;
        while (i < to && (tokens.get(i).kind() == Kind.SPACE || tokens.get(i).isWord("PROCEDURE")
                || tokens.get(i).isWord("FUNCTION") || tokens.get(i).isWord("TABLE"))) {
            i++;
        }
        Token dbToken = tokens.get(i);
        Token dot = SqlText.nextSignificant(tokens, i);
        if (!dbToken.isIdentifier() || dot == null || dot.kind() != Kind.DOT) {
            return null; // *.* : global privileges are not about a database
        }
        int afterDot = tokens.indexOf(dot);
        Token object = SqlText.nextSignificant(tokens, afterDot);
        boolean wholeDatabase = object != null && object.kind() == Kind.OTHER && line.charAt(object.start()) == '*';
        String renamed;
        if (wholeDatabase) {
            if (!likeMatches(dbToken.value(), db)) {
                return null;
            }
            renamed = SqlText.quote(newName.replace("_", "\\_")); // in a database grant _ is a wildcard
        } else {
            if (!dbToken.value().equals(db)) {
                return null;
            }
            renamed = SqlText.quote(newName);
        }
        String privileges = line.substring(tokens.get(0).end(), tokens.get(on).start()).trim();
        String target = line.substring(tokens.get(on).end(), dbToken.start()) + renamed
                + line.substring(dbToken.end(), tokens.get(to).start());
        String grantee = line.substring(tokens.get(to).end(), with < 0 ? line.length() : tokens.get(with).start()).trim();
        boolean grantOption = with >= 0 && line.substring(tokens.get(with).start()).toUpperCase().contains("GRANT OPTION");
        String grant = "GRANT " + privileges + " ON" + target + "TO " + grantee + (grantOption ? " WITH GRANT OPTION" : "");
        String revoke = "REVOKE " + privileges + (grantOption ? ", GRANT OPTION" : "") + " ON" + target + "FROM "
                + grantee;
        return new String[] {grant, revoke};
    }

    /** MySQL's database-grant matching: {@code pattern} with {@code %}, {@code _} and {@code \} escapes. */
    static boolean likeMatches(String pattern, String name) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return name.matches(regex.toString());
    }

    private static boolean exists(Connection c, Grantee g) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mysql.user WHERE User = ? AND Host = ?")) {
            ps.setString(1, g.user());
            ps.setString(2, g.host());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** The source's CREATE USER for the account: its authentication as a hash, never a password's text. */
    private static String createUser(Connection source, Grantee g) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE USER " + g.sql())) {
            rs.next();
            String sql = rs.getString(1);
            if (!sql.toUpperCase().startsWith("CREATE USER")) {
                throw new SQLException("SHOW CREATE USER " + g.sql() + " gave no CREATE USER");
            }
            return sql;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
