package io.shardline.router.sql;

import io.shardline.router.route.Hint;
import java.util.List;
import java.util.Set;

/**
 * What routing needs to know about one SQL text, independent of any metadata: the statement kind, every table
 * reference and qualifier with its position, the key conditions (equalities, IN lists, ranges, ORs), inserted rows and
 * assignments, the comment hint, and for a SELECT the shape a multi-shard merge works from. {@code nullableTables} are
 * the table references on the NULL-filled side of an outer join.
 * Immutable and cached by SQL text ({@link SqlCache}), so a statement is parsed once however often it runs.
 */
public record ParsedSql(
        String sql,
        StatementKind kind,
        boolean lockingRead,
        Hint commentHint,
        int parameterCount,
        List<TableRef> tables,
        List<QualifierRef> qualifiers,
        int[] scopeParents,
        List<Condition> conditions,
        List<ColumnLink> links,
        InsertRows insert,
        List<Assignment> assignments,
        List<Token> tokens,
        int[] hintCommentSpan,
        int[] describeKeywordSpan,
        List<KeyRange> ranges,
        List<KeyOr> ors,
        boolean[] derivedScopes,
        Set<Integer> nullableTables,
        SelectShape select,
        boolean orderedWrite) {

    /** Whether the statement may go to a replica: a plain read, not a locking read. */
    public boolean isRead() {
        return !kind.isWrite() && !lockingRead;
    }

    /** The parent scope of {@code scope}, or -1 for the statement's outermost scope. */
    public int parentScope(int scope) {
        return scopeParents[scope];
    }

    /** Whether {@code scope} or one around it feeds a query as a table (FROM subquery, WITH item, UNION branch). */
    public boolean inDerivedScope(int scope) {
        for (int s = scope; s >= 0; s = scopeParents[s]) {
            if (derivedScopes[s]) {
                return true;
            }
        }
        return false;
    }
}
