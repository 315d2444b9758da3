package io.shardline.admin.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers' shape on the wire. DRDS actions answer as {@code aliyun-java-sdk-drds} 2.0.1 reads them (the client the
 * spec names): {@code RequestId}, {@code Success}, and the spec's fields under {@code Data} (an object, or the list
 * the spec calls {@code Items}), spelled as the SDK's unmarshallers look them up where the spec's case differs
 * ({@code Vips[].IP}, {@code Description}, {@code ReadOnlyChildren}, ...). RDS actions (copies, backups, moves)
 * answer RDS's way, their fields beside {@code RequestId}.
 */
final class WireShape {
    /** Spec spelling to the SDK's, wherever it occurs. */
    private static final Map<String, String> SDK_NAMES = Map.of("ip", "IP", "port", "Port", "type", "Type",
            "description", "Description", "zoneId", "ZoneId", "networkType", "NetworkType",
            "ReadOnlyChild", "ReadOnlyChildren");
    /** XML element names of list items, by the list's name (the SDK reads any name; these say what each is). */
    private static final Map<String, String> ITEM_NAMES = Map.of("Vips", "Vip", "ReadOnlyChildren", "Child",
            "IpWhiteList", "IP", "DrdsInstanceIdList", "DrdsInstanceId");
    private static final Map<String, String> DATA_ITEM_NAMES = Map.of("DescribeDrdsInstances", "Instance",
            "DescribeDrdsDBs", "Db", "DescribeRdsList", "RdsInstance", "DescribeShardDBs", "DbIntancePair");

    private WireShape() {
    }

    /** The answer of {@code specName} as it goes on the wire; {@code answer} is {@code ShardlineAdmin.call}'s. */
    static Map<String, Object> of(String specName, Map<String, Object> answer) {
        if (!Authenticator.isDrdsAction(specName)) {
            return answer;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", answer.get("RequestId"));
        out.put("Success", true);
        Map<String, Object> fields = new LinkedHashMap<>(answer);
        fields.remove("RequestId");
        if (fields.size() == 1 && (fields.get("Items") instanceof List<?> || fields.get("Data") instanceof List<?>)) {
            out.put("Data", sdkNames(fields.values().iterator().next(), false));
        } else if (!fields.isEmpty()) {
            if (specName.equals("CreateDrdsInstance")) {
                fields.put("DrdsInstanceIdList", fields.remove("DrdsInstanceId"));
            }
            out.put("Data", sdkNames(fields, false));
        }
        return out;
    }

    /** The XML element name of the items of list {@code listName} in {@code specName}'s answer. */
    static String itemName(String specName, String listName) {
        if (listName.equals("Data")) {
            return DATA_ITEM_NAMES.getOrDefault(specName, "Item");
        }
        return ITEM_NAMES.getOrDefault(listName, "Item");
    }

    private static Object sdkNames(Object value, boolean child) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                // the SDK reads a read-only child's port in lower case, its parent's in upper
                String sdk = child && name.equals("Port") ? "port" : SDK_NAMES.getOrDefault(name, name);
                out.put(sdk, sdkNames(e.getValue(), name.equals("ReadOnlyChild")));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(sdkNames(item, child));
            }
            return out;
        }
        return value;
    }
}
