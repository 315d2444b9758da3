package io.shardline.router.merge;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.List;

/** Rows held in memory as a {@link ResultSet}, the way a physical driver would return a shard's answer. */
final class FakeResultSet {
    private FakeResultSet() {
    }

    static ResultSet of(String[] labels, List<Object[]> rows) {
        ResultSetMetaData md = (ResultSetMetaData) Proxy.newProxyInstance(FakeResultSet.class.getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class}, (p, m, a) -> switch (m.getName()) {
                    case "getColumnCount" -> labels.length;
                    case "getColumnLabel", "getColumnName" -> labels[(int) a[0] - 1];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        int[] at = {-1};
        boolean[] closed = {false};
        Object[] last = {null};
        return (ResultSet) Proxy.newProxyInstance(FakeResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, a) -> switch (m.getName()) {
                    case "next" -> ++at[0] < rows.size();
                    case "getObject" -> {
                        last[0] = rows.get(at[0])[(int) a[0] - 1];
                        yield last[0];
                    }
                    case "getString" -> {
                        last[0] = rows.get(at[0])[(int) a[0] - 1];
                        yield last[0] == null ? null : last[0].toString();
                    }
                    case "getLong" -> { // JDBC: NULL reads as 0
                        last[0] = rows.get(at[0])[(int) a[0] - 1];
                        yield last[0] == null ? 0L : ((Number) last[0]).longValue();
                    }
                    case "wasNull" -> last[0] == null;
                    case "getMetaData" -> md;
                    case "close" -> {
                        closed[0] = true;
                        yield null;
                    }
                    case "isClosed" -> closed[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
