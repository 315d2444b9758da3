package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.InsertRows;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.TableRef;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * An INSERT into a sharded table without a column list: Shardline needs the hint column's place in each row, so it
 * reads the table's column order from every shard (the columns {@code SELECT *} gives, as the server's INSERT without
 * a list uses them), refuses when the shards differ, and runs the statement again with that list written out.
 */
final class InsertColumnList {
    private InsertColumnList() {
    }

    static boolean applies(BoundStatement bound, ShardlineException refusal) {
        InsertRows insert = bound.parsed().insert();
        return insert != null && insert.columns() == null && insert.table() >= 0 && bound.insertProblem() != null
                && refusal.code() == ErrorCode.NOT_ALLOWED && refusal.getMessage().startsWith(bound.insertProblem());
    }

    /** The statement's text with the column list of its target written after the table's name. */
    static String withColumns(ShardlineConnection connection, BoundStatement bound) throws SQLException {
        InsertRows insert = bound.parsed().insert();
        TableRef ref = bound.parsed().tables().get(insert.table());
        LogicalTable t = bound.tables().get(insert.table());
        Topology topology = bound.topology();
        List<String> columns = null;
        Shard first = null;
        BitSet all = t.space().all();
        for (int k = all.nextSetBit(0); k >= 0; k = all.nextSetBit(k + 1)) {
            Shard shard = t.space().shard(k);
            List<String> these = columns(connection, topology, shard);
            if (columns == null) {
                columns = these;
                first = shard;
            } else if (!columns.equals(these)) {
                throw ShardlineException.notAllowed("INSERT into " + t.name() + " names no columns, and its shards list"
                        + " different columns (" + first + ": " + columns + "; " + shard + ": " + these + "); list the"
                        + " columns");
            }
        }
        StringBuilder list = new StringBuilder(" (");
        for (int i = 0; i < columns.size(); i++) {
            list.append(i == 0 ? "" : ", ").append(MySqlText.quoteIdentifier(columns.get(i)));
        }
        String sql = bound.parsed().sql();
        return sql.substring(0, ref.end()) + list.append(')') + sql.substring(ref.end());
    }

    /** Read outside any transaction: table definitions are not transactional, and a local one stays on one server. */
    static List<String> columns(ShardlineConnection connection, Topology topology, Shard shard)
            throws SQLException {
        Lease lease = connection.runtime().pools().borrow(topology.server(shard.serverId()));
        try (Statement s = lease.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM "
                + MySqlText.quoteIdentifier(shard.database()) + "." + MySqlText.quoteIdentifier(shard.table())
                + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>(md.getColumnCount());
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnName(i));
            }
            return out;
        } catch (SQLException e) {
            throw Errors.physical(e, lease, shard.database());
        } finally {
            lease.release();
        }
    }
}
