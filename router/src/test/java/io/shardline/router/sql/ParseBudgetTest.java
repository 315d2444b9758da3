package io.shardline.router.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The deadline of a large statement's parse: refused with 100403 and the parse told to stop. */
class ParseBudgetTest {
    @Test
    void workPastItsDeadlineIsRefusedAndCancelled() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        ShardlineException e = assertThrows(ShardlineException.class, () -> ParseBudget.onOwnThread(1, cancel -> {
            while (!cancel.cancelled()) {
                Thread.onSpinWait();
            }
            stopped.set(true);
            return "late";
        }));
        assertEquals(100403, e.getErrorCode());
        assertTrue(e.getMessage().contains("took longer than 1 ms"), e.getMessage());
        for (int i = 0; i < 1_000 && !stopped.get(); i++) {
            Thread.sleep(10);
        }
        assertTrue(stopped.get(), "the work saw the cancellation");
    }

    @Test
    void failuresInsideTheWorkKeepTheirCode() {
        ShardlineException e = assertThrows(ShardlineException.class, () -> ParseBudget.onOwnThread(60_000, cancel -> {
            throw ShardlineException.invalid("bad");
        }));
        assertEquals(100422, e.getErrorCode());
        assertEquals(100403, assertThrows(ShardlineException.class, () -> ParseBudget.onOwnThread(60_000, cancel -> {
            throw new StackOverflowError();
        })).getErrorCode());
    }
}
