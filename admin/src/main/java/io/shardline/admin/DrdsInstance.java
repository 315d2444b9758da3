package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DRDS instance as DescribeDrdsInstance(s) report it. {@code status} 0 running (Shardline's instances are running
 * from creation: they are a name in the metadata store, not processes); {@code type} 0 shared, 1 dedicated.
 * {@code vips} lists where drivers read the metadata: the MySQL config database's address, none for an H2 store.
 */
public record DrdsInstance(String drdsInstanceId, int status, int type, String regionId, String zoneId,
                           String description, long createTime, long version, List<Vip> vips, String networkType,
                           String specification) {

    /** An address of the instance: {@code type} is internet, intranet or vpc. */
    public record Vip(String ip, String port, String type) {
        Map<String, Object> fields() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ip", ip);
            out.put("port", port);
            out.put("type", type);
            return out;
        }
    }

    public DrdsInstance {
        vips = List.copyOf(vips);
    }

    /** DescribeDrdsInstance's answer fields (Type is a String there, and {@code description} lower-case). */
    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DrdsInstanceId", drdsInstanceId);
        out.put("Status", status);
        out.put("Type", Integer.toString(type));
        out.put("RegionId", regionId);
        out.put("description", description);
        out.put("ZoneId", zoneId);
        out.put("CreateTime", createTime);
        out.put("Version", version);
        out.put("Vips", vips.stream().map(Vip::fields).toList());
        out.put("networkType", networkType);
        return out;
    }

    /** One item of DescribeDrdsInstances (Type an int, {@code zoneId} lower-case, and the node specification). */
    Map<String, Object> itemFields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DrdsInstanceId", drdsInstanceId);
        out.put("Status", status);
        out.put("Type", type);
        out.put("RegionId", regionId);
        out.put("zoneId", zoneId);
        out.put("description", description);
        out.put("CreateTime", createTime);
        out.put("Version", version);
        out.put("networkType", networkType);
        out.put("Vips", vips.stream().map(Vip::fields).toList());
        out.put("Specification", specification);
        return out;
    }
}
