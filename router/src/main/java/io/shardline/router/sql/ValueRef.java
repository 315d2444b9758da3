package io.shardline.router.sql;

/** A value in the SQL text: a literal, a {@code ?} placeholder (1-based), or an expression Shardline does not evaluate. */
public sealed interface ValueRef {
    record Literal(Object value) implements ValueRef {
        @Override
        public String toString() {
            return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        }
    }

    record Param(int index) implements ValueRef {
        @Override
        public String toString() {
            return "?" + index;
        }
    }

    record Expression(String text) implements ValueRef {
        @Override
        public String toString() {
            return text;
        }
    }
}
