package io.shardline.admin.http;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SignatureNonces seen within the replay window, per access key. A request is accepted while its Timestamp is
 * within {@code window} of the server's clock, so a nonce must be remembered until no request carrying it can be
 * accepted any more: twice the window after it was first seen (kept in arrival order, so the oldest expire first).
 * Memory is bounded: when {@code capacity} nonces are live, new requests are refused (Throttling) rather than an
 * old nonce forgotten early, which would let its request be replayed.
 */
final class NonceCache {
    enum Outcome { NEW, USED, FULL }

    private final long keepMillis;
    private final int capacity;
    private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();

    NonceCache(Duration window, int capacity) {
        this.keepMillis = window.multipliedBy(2).toMillis();
        this.capacity = capacity;
    }

    synchronized Outcome record(String accessKeyId, String nonce, long nowMillis) {
        for (Iterator<Map.Entry<String, Long>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() > nowMillis) {
                break;
            }
            it.remove();
        }
        String key = accessKeyId + '\n' + nonce;
        if (expiries.containsKey(key)) {
            return Outcome.USED;
        }
        if (expiries.size() >= capacity) {
            return Outcome.FULL;
        }
        expiries.put(key, nowMillis + keepMillis);
        return Outcome.NEW;
    }

    synchronized int size() {
        return expiries.size();
    }
}
