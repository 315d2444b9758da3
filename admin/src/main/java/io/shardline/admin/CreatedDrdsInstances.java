package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer of CreateDrdsInstance: the new instances' ids and the order that made them. */
public record CreatedDrdsInstances(List<String> drdsInstanceIds, String orderId) {
    public CreatedDrdsInstances {
        drdsInstanceIds = List.copyOf(drdsInstanceIds);
    }

    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DrdsInstanceId", drdsInstanceIds);
        out.put("OrderId", orderId);
        return out;
    }
}
