package io.shardline.router.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;

/**
 * Parsed statements by SQL text, so each text is parsed once however often it runs. Refusals are cached too
 * (a malformed statement in a loop must not cost a parse per call); each call gets its own exception.
 * Thread-safe.
 */
public final class SqlCache {
    private record Entry(ParsedSql parsed, ErrorCode code, String message) {
    }

    private final Cache<String, Entry> cache;

    public SqlCache(long maximumSize) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    public ParsedSql get(String sql) throws ShardlineException {
        if (sql == null) {
            throw ShardlineException.invalid("SQL is null");
        }
        Entry e;
        try {
            e = cache.get(sql, SqlCache::analyze);
        } catch (Uncached u) {
            throw u.timeout;
        }
        if (e.parsed != null) {
            return e.parsed;
        }
        throw new ShardlineException(e.code, e.message);
    }

    /** Carries a parse that ran out of time past the cache: a busy machine may parse the same text in time later. */
    private static final class Uncached extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ParseBudget.Timeout timeout;

        Uncached(ParseBudget.Timeout timeout) {
            super(null, null, false, false);
            this.timeout = timeout;
        }
    }

    private static Entry analyze(String sql) {
        try {
            return new Entry(SqlAnalyzer.analyze(sql), null, null);
        } catch (ParseBudget.Timeout e) {
            throw new Uncached(e);
        } catch (ShardlineException e) {
            String message = e.getMessage();
            String suffix = " (" + e.code().code() + ")";
            return new Entry(null, e.code(), message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message);
        }
    }

    public long size() {
        return cache.estimatedSize();
    }
}
