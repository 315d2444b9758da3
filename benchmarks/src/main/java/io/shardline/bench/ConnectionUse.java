package io.shardline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How a target's code holds its connections between operations. {@link #perOperation} borrows a connection and
 * prepares its statements for each operation, as a pooled application ({@code JdbcTemplate}) does; {@link #kept}
 * keeps one connection per data source and thread, with its prepared statements, across operations, as an
 * application holding a connection does: the floor of what any driver can cost.
 */
abstract class ConnectionUse implements AutoCloseable {
    private final DataSource[] sources;

    private ConnectionUse(DataSource[] sources) {
        this.sources = sources;
    }

    static ConnectionUse perOperation(DataSource... sources) {
        return new ConnectionUse(sources) {
            @Override
            Connection open(int source) throws SQLException {
                return source(source).getConnection();
            }

            @Override
            void done(Connection c) throws SQLException {
                c.close();
            }

            @Override
            PreparedStatement prepare(Connection c, String sql) throws SQLException {
                return c.prepareStatement(sql);
            }

            @Override
            void done(PreparedStatement ps) throws SQLException {
                ps.close();
            }

            @Override
            public void close() {
            }
        };
    }

    static ConnectionUse kept(DataSource... sources) {
        return new Kept(sources);
    }

    DataSource source(int i) {
        return sources[i];
    }

    int sources() {
        return sources.length;
    }

    /** What an operation does with one prepared statement. */
    interface Work<T> {
        T on(PreparedStatement ps) throws SQLException;
    }

    /** Runs {@code work} on {@code sql} prepared on a connection to {@code source}. */
    <T> T run(int source, String sql, Work<T> work) throws SQLException {
        Connection c = open(source);
        try {
            PreparedStatement ps = prepare(c, sql);
            try {
                return work.on(ps);
            } finally {
                done(ps);
            }
        } finally {
            done(c);
        }
    }

    /** The connection to data source {@code source} for one operation. */
    abstract Connection open(int source) throws SQLException;

    /** The operation is done with {@code c}. */
    abstract void done(Connection c) throws SQLException;

    abstract PreparedStatement prepare(Connection c, String sql) throws SQLException;

    /** The operation is done with {@code ps} (its result sets are closed already). */
    abstract void done(PreparedStatement ps) throws SQLException;

    /** Closes whatever {@link #kept} holds; pooled connections are closed by the pools' owner. */
    @Override
    public abstract void close() throws SQLException;

    /** One connection per source and thread, with the statements it prepared, kept until the target closes. */
    private static final class Kept extends ConnectionUse {
        private final ThreadLocal<Connection[]> held;
        private final Map<Connection, Map<String, PreparedStatement>> statements = new HashMap<>();
        private final List<Connection> all = new ArrayList<>();

        Kept(DataSource[] sources) {
            super(sources);
            held = ThreadLocal.withInitial(() -> new Connection[sources.length]);
        }

        @Override
        Connection open(int source) throws SQLException {
            Connection[] mine = held.get();
            if (mine[source] == null) {
                mine[source] = source(source).getConnection();
                synchronized (this) {
                    all.add(mine[source]);
                    statements.put(mine[source], new HashMap<>());
                }
            }
            return mine[source];
        }

        @Override
        void done(Connection c) {
        }

        @Override
        PreparedStatement prepare(Connection c, String sql) throws SQLException {
            Map<String, PreparedStatement> mine;
            synchronized (this) {
                mine = statements.get(c);
            }
            PreparedStatement ps = mine.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                mine.put(sql, ps);
            }
            return ps;
        }

        @Override
        void done(PreparedStatement ps) throws SQLException {
            ps.clearParameters();
        }

        @Override
        public synchronized void close() throws SQLException {
            for (Connection c : all) {
                for (PreparedStatement ps : statements.get(c).values()) {
                    ps.close();
                }
                c.close();
            }
            all.clear();
        }
    }
}
