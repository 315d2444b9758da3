package io.shardline.router.dbproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code query}, {@code iQuery} and {@code sQuery}, shaped as the spec shapes it. {@code I} is the type
 * of the caller's hint ids ({@code Long}, or {@code String} for {@code sQuery}), which {@code failedIds} and
 * {@code invalidIds} list. Cells are the values' text, and SQL NULL is {@code null}, never the empty string.
 */
public sealed interface Answer<I> {

    /** The spec's dictionary, keys in the spec's order; {@code failedIds} and {@code invalidIds} only when not empty. */
    Map<String, Object> toMap();

    /** This answer as rows; a programming error when the statement was a write. */
    default Rows<I> asRows() {
        if (this instanceof Rows<I> rows) {
            return rows;
        }
        throw new IllegalStateException("the statement returned no rows; its answer is " + this);
    }

    default Written<I> asWritten() {
        if (this instanceof Written<I> written) {
            return written;
        }
        throw new IllegalStateException("only a write on one shard answers Written; this answer is " + this);
    }

    default Results<I> asResults() {
        if (this instanceof Results<I> results) {
            return results;
        }
        throw new IllegalStateException("only a write on several shards answers Results; this answer is " + this);
    }

    /**
     * A SELECT, DESC, DESCRIBE or EXPLAIN: {@code { fields, rows, ?failedIds, ?invalidIds }}. On several shards the rows
     * come concatenated in ascending equivalent id and {@code fields} from the first shard that answered. The inner
     * row lists are kept as given (the driver builds them unmodifiable; they may hold nulls).
     */
    record Rows<I>(List<String> fields, List<List<String>> rows, List<I> failedIds, List<I> invalidIds)
            implements Answer<I> {
        public Rows {
            fields = List.copyOf(fields);
            rows = List.copyOf(rows);
            failedIds = List.copyOf(failedIds);
            invalidIds = List.copyOf(invalidIds);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fields", fields);
            m.put("rows", rows);
            putIfAny(m, "failedIds", failedIds);
            putIfAny(m, "invalidIds", invalidIds);
            return m;
        }
    }

    /** An INSERT, UPDATE, REPLACE or DELETE on one shard: {@code { affectedRows, insertId }}; insertId 0 when none. */
    record Written<I>(long affectedRows, long insertId) implements Answer<I> {
        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("affectedRows", affectedRows);
            m.put("insertId", insertId);
            return m;
        }
    }

    /** A write on several shards (allowed only when asked for): {@code { results:[[equivalentId, affectedRows, insertId]], ... }}. */
    record Results<I>(List<Result> results, List<I> failedIds, List<I> invalidIds) implements Answer<I> {
        public Results {
            results = List.copyOf(results);
            failedIds = List.copyOf(failedIds);
            invalidIds = List.copyOf(invalidIds);
        }

        @Override
        public Map<String, Object> toMap() {
            List<List<Long>> triples = new ArrayList<>(results.size());
            for (Result r : results) {
                triples.add(List.of(r.equivalentId(), r.affectedRows(), r.insertId()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("results", triples);
            putIfAny(m, "failedIds", failedIds);
            putIfAny(m, "invalidIds", invalidIds);
            return m;
        }
    }

    /** One shard's part of {@link Results}. */
    record Result(long equivalentId, long affectedRows, long insertId) {
    }

    private static void putIfAny(Map<String, Object> m, String key, List<?> ids) {
        if (!ids.isEmpty()) {
            m.put(key, ids);
        }
    }
}
