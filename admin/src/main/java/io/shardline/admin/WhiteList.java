package io.shardline.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DRDS database's IP white list as MySQL host patterns of its accounts. Entries: {@code %} (any host), an IPv4
 * address, an address with trailing wildcard octets ({@code 10.0.%}), an IPv4 CIDR block ({@code 10.0.0.0/24},
 * kept by MySQL as {@code 10.0.0.0/255.255.255.0}), or {@code localhost}.
 */
final class WhiteList {
    static final int MAX_ENTRIES = 100;
    static final List<String> ANY_HOST = List.of("%");

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    private static final Pattern WILDCARD = Pattern.compile("(" + OCTET + "\\.){1,3}%");
    private static final Pattern CIDR = Pattern.compile("(" + IPV4.pattern() + ")/(\\d{1,2})");
    private static final Pattern NETMASK = Pattern.compile("(" + IPV4.pattern() + ")/(" + IPV4.pattern() + ")");

    private WhiteList() {
    }

    /** White-list entries as MySQL host patterns, in order, without repeats. */
    static List<String> toHosts(List<String> entries) throws DrdsException {
        if (entries == null || entries.isEmpty()) {
            throw DrdsError.malformed("IpWhiteList", "IpWhiteList is empty; give addresses, or %");
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String raw : entries) {
            hosts.add(toHost(raw == null ? "" : raw.trim()));
        }
        return limit(List.copyOf(hosts));
    }

    static List<String> limit(List<String> hosts) throws DrdsException {
        if (hosts.size() > MAX_ENTRIES) {
            throw DrdsError.malformed("IpWhiteList", "the white list would have " + hosts.size() + " entries; at most "
                    + MAX_ENTRIES + " are allowed");
        }
        return hosts;
    }

    private static String toHost(String entry) throws DrdsException {
        if (entry.equals("%") || entry.equals("localhost") || IPV4.matcher(entry).matches()
                || WILDCARD.matcher(entry).matches()) {
            return entry;
        }
        Matcher m = CIDR.matcher(entry);
        if (m.matches()) {
            int bits = Integer.parseInt(m.group(m.groupCount()));
            if (bits > 32) {
                throw DrdsError.malformed("IpWhiteList", "'" + entry + "' has a prefix longer than 32 bits");
            }
            long address = toLong(m.group(1));
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            if ((address & ~mask & 0xFFFFFFFFL) != 0) {
                throw DrdsError.malformed("IpWhiteList", "'" + entry + "' has host bits set; did you mean "
                        + toDotted(address & mask) + "/" + bits + "?");
            }
            return bits == 0 ? "%" : bits == 32 ? m.group(1) : m.group(1) + "/" + toDotted(mask);
        }
        throw DrdsError.malformed("IpWhiteList", "'" + entry + "' is not an IPv4 address, an address with % for its"
                + " last octets, a CIDR block (10.0.0.0/24), % or localhost");
    }

    /** MySQL's host pattern back as the entry a user wrote: netmasks become CIDR prefixes. */
    static String toEntry(String host) {
        Matcher m = NETMASK.matcher(host);
        if (!m.matches()) {
            return host;
        }
        String address = m.group(1);
        String mask = host.substring(address.length() + 1);
        return address + "/" + Long.bitCount(toLong(mask));
    }

    static List<String> toEntries(List<String> hosts) {
        List<String> out = new ArrayList<>(hosts.size());
        for (String h : hosts) {
            out.add(toEntry(h));
        }
        return out;
    }

    private static long toLong(String dotted) {
        long v = 0;
        for (String part : dotted.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    private static String toDotted(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
