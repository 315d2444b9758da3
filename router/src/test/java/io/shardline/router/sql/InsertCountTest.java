package io.shardline.router.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InsertCountTest {
    @Test
    void aPlainInsertCountsItsRows() {
        assertEquals(1, InsertCount.plainInsertRows("INSERT INTO t (a, b) VALUES (?, ?)"));
        assertEquals(3, InsertCount.plainInsertRows("insert t values (1, '(x), (y)'), (2, f(3, 4)), (?, ?)"));
        assertEquals(2, InsertCount.plainInsertRows("/* c */ INSERT INTO `t_0001` VALUE (1), (2)"));
    }

    @Test
    void whatOnlyTheServerCanCountIsUnknown() {
        assertEquals(-1, InsertCount.plainInsertRows("INSERT IGNORE INTO t VALUES (1)"));
        assertEquals(-1, InsertCount.plainInsertRows("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 2"));
        assertEquals(-1, InsertCount.plainInsertRows("REPLACE INTO t VALUES (1)"));
        assertEquals(-1, InsertCount.plainInsertRows("INSERT INTO t SELECT * FROM u"));
        assertEquals(-1, InsertCount.plainInsertRows("INSERT INTO t SET a = 1"));
        assertEquals(-1, InsertCount.plainInsertRows("INSERT /*!IGNORE */ INTO t VALUES (1)"));
        assertEquals(-1, InsertCount.plainInsertRows("UPDATE t SET a = 1"));
        assertEquals(-1, InsertCount.plainInsertRows("INSERT INTO t VALUES (1) AS new ON DUPLICATE KEY UPDATE a = 2"));
        assertEquals(-1, InsertCount.plainInsertRows("INSERT INTO t VALUES ('unterminated"));
    }
}
