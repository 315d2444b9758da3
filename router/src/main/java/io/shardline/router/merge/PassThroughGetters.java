package io.shardline.router.merge;

import java.sql.ResultSet;

/**
 * A unit's result set whose getters hand every call unchanged to another one (a wrapper that only adds to
 * {@code next()}): the merge reads its cells from that one, a call less per cell (a 16-shard GROUP BY reads 400).
 */
public interface PassThroughGetters {
    /** The result set the getters delegate to, positioned on the same row. */
    ResultSet gettersFrom();
}
