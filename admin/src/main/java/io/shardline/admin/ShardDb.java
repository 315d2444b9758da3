package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** A shard database of a DRDS database, found on its server: DescribeShardDBs's SubDbName and InstanceName. */
public record ShardDb(String subDbName, String instanceName) {
    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("SubDbName", subDbName);
        out.put("InstanceName", instanceName);
        return out;
    }
}
