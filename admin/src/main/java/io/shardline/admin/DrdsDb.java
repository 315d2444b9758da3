package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DRDS database as DescribeDrdsDB(s) report it. {@code status}: 0 creating, 1 running, 2 creation failed,
 * 3 deleting, 4 deletion failed (the spec's 5 and 6, migrating, never occur). {@code msg} says which step failed
 * and what is left; {@code mode} is {@code horizontal}: its tables are split over shard databases Shardline made.
 */
public record DrdsDb(String dbName, String status, long createTime, String msg, String mode) {

    /** DescribeDrdsDB's fields: CreateTime is a String there. */
    Map<String, Object> fields() {
        Map<String, Object> out = itemFields();
        out.put("CreateTime", Long.toString(createTime));
        return out;
    }

    /** One item of DescribeDrdsDBs: CreateTime is a Long. */
    Map<String, Object> itemFields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DbName", dbName);
        out.put("Status", status);
        out.put("CreateTime", createTime);
        out.put("Msg", msg);
        out.put("Mode", mode);
        return out;
    }
}
