package io.shardline.admin;

/**
 * The parameters of CreateDrdsInstance, named as in the spec. {@code type} is {@code 0}/{@code PUBLIC} (shared) or
 * {@code 1}/{@code PRIVATE} (dedicated); {@code specification} one of {@code drds.small}, {@code drds.standard},
 * {@code drds.large}, {@code drds.xlarge}; {@code payType} {@code drdsPost}; {@code vpcId}/{@code vswitchId}
 * both or neither (null).
 */
public record CreateDrdsInstanceRequest(String description, String regionId, String type, String zoneId, int quantity,
                                        String specification, String payType, String vpcId, String vswitchId) {
}
