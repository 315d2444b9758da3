package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answer of Create/DescribeReadOnlyAccount; {@code accountName} is null when the database has none. */
public record ReadOnlyAccount(String drdsInstanceId, String dbName, String accountName) {
    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DrdsInstanceId", drdsInstanceId);
        out.put("DbName", dbName);
        out.put("AccountName", accountName);
        return out;
    }
}
