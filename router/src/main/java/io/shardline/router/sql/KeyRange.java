package io.shardline.router.sql;

/**
 * {@code column > / >= / < / <= value} or {@code column BETWEEN low AND high} from an AND-chain: bounds of the column's
 * values, either of them possibly absent (null). Range-split tables route it to the slots it covers.
 */
public record KeyRange(ColumnRef column, ValueRef low, boolean lowInclusive, ValueRef high, boolean highInclusive,
                       int onlyTable) {
}
