package io.shardline.router.plan;

import io.shardline.router.ShardlineException;

/** The values bound to a statement's {@code ?} placeholders, as routing reads them. */
public interface ParamSource {
    ParamSource NONE = new ParamSource() {
        @Override
        public boolean isBound(int index) {
            return false;
        }

        @Override
        public Object value(int index) {
            return null;
        }
    };

    /** Whether placeholder {@code index} (1-based) has a value. */
    boolean isBound(int index);

    /** The Java value bound to placeholder {@code index} (1-based); null for SQL NULL. */
    Object value(int index) throws ShardlineException;
}
