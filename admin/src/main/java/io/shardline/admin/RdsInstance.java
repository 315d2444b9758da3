package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A MySQL server of a DRDS database as DescribeRdsList reports it: {@code instanceId} is its {@code server_info}
 * id, {@code instanceStatus} {@code Running} when it answered just now and {@code Unreachable} when it did not,
 * {@code readWeight} the share of its group's reads the driver sends it. Replicas have no children.
 */
public record RdsInstance(int instanceId, String instanceName, String connectUrl, int port, String instanceStatus,
                          String dbType, int readWeight, List<RdsInstance> readOnlyChild) {
    public RdsInstance {
        readOnlyChild = List.copyOf(readOnlyChild);
    }

    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("InstanceId", instanceId);
        out.put("InstanceName", instanceName);
        out.put("ConnectUrl", connectUrl);
        out.put("Port", port);
        out.put("InstanceStatus", instanceStatus);
        out.put("DbType", dbType);
        out.put("ReadWeight", readWeight);
        return out;
    }

    Map<String, Object> fieldsWithChildren() {
        Map<String, Object> out = fields();
        out.put("ReadOnlyChild", readOnlyChild.stream().map(RdsInstance::fields).toList());
        return out;
    }
}
