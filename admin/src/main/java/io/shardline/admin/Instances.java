package io.shardline.admin;

import io.shardline.admin.Rows.Instance;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The instance actions: CreateDrdsInstance, DescribeDrdsInstance(s), ModifyDrdsInstanceDescription,
 * RemoveDrdsInstance. An instance is a name in the metadata store grouping DRDS databases; it touches no server.
 */
final class Instances {
    static final Set<String> SPECIFICATIONS = Set.of("drds.small", "drds.standard", "drds.large", "drds.xlarge");
    static final String PAY_TYPE = "drdsPost";
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern VPC = Pattern.compile("vpc-[a-z0-9]{1,60}");
    private static final Pattern VSWITCH = Pattern.compile("vsw-[a-z0-9]{1,60}");
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Estate estate;

    Instances(Estate estate) {
        this.estate = estate;
    }

    CreatedDrdsInstances create(CreateDrdsInstanceRequest r) throws DrdsException, SQLException {
        Names.description(r.description(), DrdsError.INVALID_DESCRIPTION);
        if (r.regionId() == null || !REGION.matcher(r.regionId()).matches()) {
            throw DrdsError.INVALID_REGION_ID.with("RegionId '" + r.regionId() + "' is not a region id (cn-hangzhou)");
        }
        int type = type(r.type());
        if (r.zoneId() == null || !REGION.matcher(r.zoneId()).matches()) {
            throw DrdsError.INVALID_ZONE_ID.with("ZoneId '" + r.zoneId() + "' is not a zone id (cn-hangzhou-a)");
        }
        if (!r.zoneId().startsWith(r.regionId() + "-")) {
            throw DrdsError.INVALID_ZONE_MISMATCH.with("zone " + r.zoneId() + " is not in region " + r.regionId());
        }
        int quota = estate.options().instanceQuota();
        if (r.quantity() < 1 || r.quantity() > quota) {
            throw DrdsError.INVALID_QUANTITY.with("Quantity must be 1.." + quota + ", is " + r.quantity());
        }
        if (r.specification() == null || !SPECIFICATIONS.contains(r.specification())) {
            throw DrdsError.INVALID_SPECIFICATION.with("Specification '" + r.specification() + "' is not one of "
                    + SPECIFICATIONS);
        }
        if (!PAY_TYPE.equals(r.payType())) {
            throw DrdsError.INVALID_PAY_TYPE.with("PayType '" + r.payType() + "' is not supported; only " + PAY_TYPE);
        }
        checkVpc(r, type);
        try (Metadata m = estate.metadata()) {
            if (!m.regions().contains(r.regionId())) {
                throw DrdsError.INVALID_REGION_NOT_FOUND.with("region " + r.regionId() + " has no registered RDS"
                        + " instance (known regions: " + m.regions() + ")");
            }
            if (type == 0 && (r.quantity() > 1 || m.hasPublicInstance(r.regionId()))) {
                throw DrdsError.PUBLIC_INSTANCE_EXISTS.with("region " + r.regionId() + " may have one shared (public)"
                        + " instance" + (r.quantity() > 1 ? "; Quantity " + r.quantity() + " asks for more" : " and has it"));
            }
            if (m.instanceCount() + r.quantity() > quota) {
                throw DrdsError.QUOTA_EXCEEDED_INSTANCE.with("the store has " + m.instanceCount() + " instances;"
                        + " " + r.quantity() + " more would exceed the quota of " + quota);
            }
            String orderId = Long.toString(System.currentTimeMillis() * 1000 + ThreadLocalRandom.current().nextInt(1000));
            List<String> ids = new ArrayList<>();
            return m.inTransaction(() -> {
                while (ids.size() < r.quantity()) {
                    String id = newId();
                    if (m.insertInstance(new Instance(id, r.description(), r.regionId(), r.zoneId(), type,
                            r.specification(), r.payType(), r.vpcId(), r.vswitchId(), orderId, 0,
                            System.currentTimeMillis(), 1))) {
                        ids.add(id);
                    }
                }
                return new CreatedDrdsInstances(ids, orderId);
            });
        }
    }

    /** 0 or PUBLIC: shared; 1 or PRIVATE: dedicated. */
    private static int type(String type) throws DrdsException {
        String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "0", "PUBLIC" -> 0;
            case "1", "PRIVATE" -> 1;
            default -> throw DrdsError.PARAMETER_ERROR.with("Type '" + type + "' must be 0 (PUBLIC) or 1 (PRIVATE)");
        };
    }

    private static void checkVpc(CreateDrdsInstanceRequest r, int type) throws DrdsException {
        boolean vpc = r.vpcId() != null && !r.vpcId().isEmpty();
        boolean vswitch = r.vswitchId() != null && !r.vswitchId().isEmpty();
        if (vpc && !VPC.matcher(r.vpcId()).matches()) {
            throw DrdsError.INVALID_VPC_ID.with("VpcId '" + r.vpcId() + "' is not a VPC id (vpc-...)");
        }
        if (vswitch && !VSWITCH.matcher(r.vswitchId()).matches()) {
            throw DrdsError.INVALID_VSWITCH_ID.with("VswitchId '" + r.vswitchId() + "' is not a vswitch id (vsw-...)");
        }
        if (vpc != vswitch) {
            throw (vpc ? DrdsError.INVALID_VSWITCH_ID : DrdsError.INVALID_VPC_ID)
                    .with("a VPC instance needs both VpcId and VswitchId");
        }
        if (vpc && type == 0) {
            throw DrdsError.INVALID_INSTANCE_TYPE.with("a shared (public) instance cannot be in a VPC");
        }
    }

    private static String newId() {
        StringBuilder id = new StringBuilder("drds");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (id.length() < 16) {
            id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    DrdsInstance describe(Action a, String instanceId) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            return toAnswer(Lookups.instance(m, a, instanceId));
        }
    }

    List<DrdsInstance> list(String regionId, Integer type) throws DrdsException, SQLException {
        if (regionId == null || !REGION.matcher(regionId).matches()) {
            throw DrdsError.INVALID_REGION_NOT_FOUND.with("RegionId '" + regionId + "' does not exist");
        }
        if (type != null && type != 0 && type != 1) {
            throw DrdsError.notSupported("Type", "type must be 0 (shared) or 1 (dedicated), is " + type);
        }
        try (Metadata m = estate.metadata()) {
            if (!m.regions().contains(regionId)) {
                throw DrdsError.INVALID_REGION_NOT_FOUND.with("region " + regionId + " does not exist (known regions: "
                        + m.regions() + ")");
            }
            List<DrdsInstance> out = new ArrayList<>();
            for (Instance i : m.instances(regionId, type)) {
                out.add(toAnswer(i));
            }
            return out;
        }
    }

    void modifyDescription(Action a, String instanceId, String description) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            Lookups.instance(m, a, instanceId);
            Names.description(description, DrdsError.INVALID_DESCRIPTION_MODIFY);
            m.updateDescription(instanceId, description);
        }
    }

    void remove(Action a, String instanceId) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            Lookups.instance(m, a, instanceId);
            if (!m.deleteInstanceWithoutDbs(instanceId)) {
                throw DrdsError.REMOVE_DRDS_DB_FIRST.with("instance " + instanceId + " still has " + m.dbCount(instanceId)
                        + " DRDS database(s); delete them first (DeleteDrdsDB, or DeleteFailedDrdsDB for failed ones)");
            }
        }
    }

    private DrdsInstance toAnswer(Instance i) {
        boolean vpc = i.vpcId() != null && !i.vpcId().isEmpty();
        List<DrdsInstance.Vip> vips = new ArrayList<>();
        URI config = estate.configAddress();
        if (config != null) {
            vips.add(new DrdsInstance.Vip(config.getHost(), Integer.toString(config.getPort() < 0 ? 3306 : config.getPort()),
                    vpc ? "vpc" : "intranet"));
        }
        return new DrdsInstance(i.id(), i.status(), i.type(), i.regionId(), i.zoneId(), i.description(), i.createTime(),
                i.version(), vips, vpc ? "vpc" : "classic", i.specification());
    }
}
