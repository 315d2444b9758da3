package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParser;

/**
 * Bounds what parsing one statement may cost, so that hostile or generated SQL fails fast with 100403 instead of
 * burning CPU or throwing {@link StackOverflowError} out of a JDBC call. Measured on JSqlParser 5.4 (docs/design.md,
 * "Bounded parse"): its time grows about tenfold per doubling of parenthesis depth (4 ms at 128, 124 ms at 512,
 * 1.2 s at 1,024, 12.6 s at 2,048), while long flat chains are linear (5,000 OR keys, 50,000 IN values, 10,000
 * inserted rows parse in well under a second); its tree walks recurse once per chained operator.
 * <ul>
 * <li>Parentheses deeper than {@link #MAX_DEPTH} are refused by the lexer's count, before any parsing.</li>
 * <li>Statements up to {@link #INLINE_TOKENS} tokens and {@link #INLINE_DEPTH} levels parse on the calling thread
 *     (the common case: no thread hop); they fit a 256 KB stack. A {@link StackOverflowError} there still becomes
 *     100403.</li>
 * <li>Larger ones parse on a thread of their own with a {@link #STACK_BYTES} stack, within a deadline of 5 s plus
 *     10 µs per character (several times what a loaded two-core machine needs); past it the parser is interrupted
 *     and the statement refused (not cached: a busy machine may succeed later).</li>
 * </ul>
 * Stateless; the work's own thread is started per large statement and ends with it.
 */
final class ParseBudget {
    static final int MAX_DEPTH = 128;
    static final int INLINE_TOKENS = 1_000;
    static final int INLINE_DEPTH = 32;
    static final long STACK_BYTES = 256L << 20;

    private ParseBudget() {
    }

    /** What the budget runs: parse and extract, registering the parser so that a deadline can interrupt it. */
    interface Work<T> {
        T run(Cancel cancel) throws ShardlineException;
    }

    /** Lets a deadline interrupt the parser of a running work; JSqlParser polls {@code interrupted} as it goes. */
    static final class Cancel {
        private volatile CCJSqlParser parser;
        private volatile boolean cancelled;

        void watch(CCJSqlParser p) {
            parser = p;
            if (cancelled) {
                p.interrupted = true;
            }
        }

        boolean cancelled() {
            return cancelled;
        }

        private void cancel() {
            cancelled = true;
            CCJSqlParser p = parser;
            if (p != null) {
                p.interrupted = true;
            }
        }
    }

    /** A parse that ran out of time: refused, and not cached. */
    static final class Timeout extends ShardlineException {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(io.shardline.router.ErrorCode.NOT_ALLOWED, message);
        }
    }

    /** The deepest parenthesis nesting of the statement; 100403 beyond {@link #MAX_DEPTH}. */
    static int depth(String sql, List<Token> tokens) throws ShardlineException {
        int depth = 0;
        int max = 0;
        for (Token t : tokens) {
            if (t.is(sql, "(")) {
                depth++;
                if (depth > MAX_DEPTH) {
                    throw ShardlineException.notAllowed("the statement nests parentheses more than " + MAX_DEPTH
                            + " deep (at offset " + t.start() + "); parsing such nesting costs time that grows tenfold"
                            + " per doubling, so Shardline refuses it");
                }
                max = Math.max(max, depth);
            } else if (t.is(sql, ")")) {
                depth--;
            }
        }
        return max;
    }

    static <T> T run(int length, int tokens, int depth, Work<T> work) throws ShardlineException {
        if (tokens <= INLINE_TOKENS && depth <= INLINE_DEPTH) {
            try {
                return work.run(new Cancel());
            } catch (StackOverflowError e) {
                throw tooDeep();
            }
        }
        return onOwnThread(5_000 + length / 100, work);
    }

    /** Runs {@code work} on a thread of its own with a large stack, refusing it after {@code deadline} ms. */
    static <T> T onOwnThread(long deadline, Work<T> work) throws ShardlineException {
        Cancel cancel = new Cancel();
        Object[] outcome = new Object[1];
        Thread thread = new Thread(null, () -> {
            Object result;
            try {
                result = work.run(cancel);
            } catch (ShardlineException | RuntimeException | StackOverflowError e) {
                result = e;
            }
            synchronized (outcome) {
                outcome[0] = result;
            }
        }, "shardline-parse", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(deadline);
        } catch (InterruptedException e) {
            cancel.cancel();
            Thread.currentThread().interrupt();
            throw new Timeout("interrupted while parsing the statement");
        }
        Object result;
        synchronized (outcome) {
            result = outcome[0];
        }
        if (result == null || cancel.cancelled()) {
            cancel.cancel();
            thread.interrupt();
            throw new Timeout("parsing the statement took longer than " + deadline + " ms (the budget is 5 s plus 10 µs"
                    + " per character)");
        }
        if (result instanceof ShardlineException e) {
            throw e;
        }
        if (result instanceof RuntimeException e) {
            throw e;
        }
        if (result instanceof StackOverflowError) {
            throw tooDeep();
        }
        @SuppressWarnings("unchecked")
        T value = (T) result;
        return value;
    }

    private static ShardlineException tooDeep() {
        return ShardlineException.notAllowed("the statement nests too deeply to parse within the thread's stack; write it"
                + " with fewer nested expressions");
    }
}
