package io.shardline.router.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which conjuncts a gather pushes into each table reference's shard reads: one case per rule, each a statement whose
 * answer would change if the rule were broken (the differential corpus proves the answers; this pins the decisions).
 */
class GatherPushdownTest {
    /** Reference (by table name and alias) to its pushed conjuncts' text. */
    private static Map<String, List<String>> pushed(String sql) throws Exception {
        ParsedSql parsed = SqlAnalyzer.analyze(sql);
        GatherPushdown p = GatherPushdown.of(parsed);
        Map<String, List<String>> out = new TreeMap<>();
        for (int i = 0; i < parsed.tables().size(); i++) {
            TableRef t = parsed.tables().get(i);
            List<String> texts = new ArrayList<>();
            for (GatherPushdown.Conjunct c : p.pushed(i).conjuncts()) {
                texts.add(sql.substring(c.start(), c.end()));
            }
            if (!texts.isEmpty()) {
                out.put(t.exposedName() + "#" + i, texts);
            }
        }
        return out;
    }

    @Test
    void whereConjunctsOfOneTableGoToThatTable() throws Exception {
        assertEquals(Map.of("o#0", List.of("o.item = 'pen'", "o.qty * 2 > 5"), "u#1", List.of("u.country IN ('de', ?)")),
                pushed("SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.item = 'pen' AND o.qty * 2 > 5"
                        + " AND u.country IN ('de', ?) AND o.price > u.uid"));
    }

    @Test
    void spansAreWholeWhereTheParserKeepsNoNode() throws Exception {
        assertEquals(Map.of("o#0", List.of("o.note IS NOT NULL", "NOT (o.qty BETWEEN 1 AND 3)", "-o.qty < -2"),
                        "u#1", List.of("u.name IS NULL")),
                pushed("SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.note IS NOT NULL"
                        + " AND u.name IS NULL AND NOT (o.qty BETWEEN 1 AND 3) AND -o.qty < -2"));
    }

    @Test
    void parenthesesAndOrsStayWhole() throws Exception {
        assertEquals(Map.of("o#0", List.of("o.status = 'paid' OR (o.qty > 4)")),
                pushed("SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE (o.status = 'paid' OR (o.qty > 4))"
                        + " AND (u.name = 'x' OR o.id = 1)"));
    }

    @Test
    void theNullFilledSideOfAnOuterJoinTakesOnlyItsOnConjuncts() throws Exception {
        assertEquals(Map.of("o#1", List.of("o.price > 40"), "u#0", List.of("u.country <> 'cn'")),
                pushed("SELECT u.uid FROM users u LEFT JOIN orders o ON o.uid = u.uid AND o.price > 40"
                        + " WHERE u.country <> 'cn' AND o.id IS NULL"));
        // RIGHT JOIN: every table before it is NULL-filled; its ON conjuncts are not pushed either
        assertEquals(Map.of("u#1", List.of("u.name IS NOT NULL")),
                pushed("SELECT u.uid FROM orders o RIGHT JOIN users u ON u.uid = o.uid AND o.item = 'pen'"
                        + " WHERE u.name IS NOT NULL AND o.qty > 1"));
    }

    @Test
    void sessionFunctionsSubqueriesAndUnknownFunctionsStay() throws Exception {
        assertEquals(Map.of("o#0", List.of("o.qty > 2")),
                pushed("SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.created < NOW() AND o.qty > 2"
                        + " AND o.price > RAND() AND o.uid IN (SELECT uid FROM users) AND o.note = CURRENT_USER"
                        + " AND SHA2(o.item, 256) = 'x' AND o.created < CURRENT_TIMESTAMP"));
    }

    @Test
    void bareNamesOnlyWhereNoOtherTableCouldOwnThem() throws Exception {
        assertEquals(Map.of("orders#0", List.of("status = 'paid'"), "users#1", List.of("country = 'fr'")),
                pushed("SELECT uid FROM orders WHERE status = 'paid' UNION SELECT uid FROM users WHERE country = 'fr'"));
        // in a correlated subquery a bare name may be the outer query's: nothing is pushed there
        assertEquals(Map.of(), pushed("SELECT u.uid, (SELECT COUNT(*) FROM orders WHERE uid = u.uid AND"
                + " status = 'new') FROM users u"));
        // two tables in the block: a bare name could be either's
        assertEquals(Map.of(), pushed("SELECT o.id FROM orders o JOIN users u USING (uid) WHERE item = 'pen'"));
    }

    @Test
    void eachBlockPushesToItsOwnTables() throws Exception {
        assertEquals(Map.of("o#1", List.of("o.price > 45")),
                pushed("SELECT uid FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.uid = u.uid"
                        + " AND o.price > 45)"));
        assertEquals(Map.of("orders#0", List.of("price >= 50"), "u#1", List.of("u.country <> 'br'")),
                pushed("SELECT u.name FROM (SELECT id, uid FROM orders WHERE price >= 50) big JOIN users u"
                        + " ON u.uid = big.uid WHERE u.country <> 'br' AND big.id > 3"));
        // an inner alias shadows the outer one: o here is users
        assertEquals(Map.of("o#0", List.of("o.qty > 3"), "o#1", List.of("o.country = 'de'")),
                pushed("SELECT o.id FROM orders o WHERE o.qty > 3 AND EXISTS (SELECT 1 FROM users o"
                        + " WHERE o.country = 'de')"));
    }

    /** receiver.column <- sender.column for each key link. */
    private static List<String> links(String sql) throws Exception {
        ParsedSql parsed = SqlAnalyzer.analyze(sql);
        List<String> out = new ArrayList<>();
        for (GatherPushdown.KeyLink l : GatherPushdown.of(parsed).links()) {
            out.add(parsed.tables().get(l.receiver()).exposedName() + "." + l.column() + " <- "
                    + parsed.tables().get(l.sender()).exposedName() + "." + l.senderColumn());
        }
        return out;
    }

    @Test
    void joinKeysGoOnlyToTablesWhoseUnmatchedRowsCannotAppear() throws Exception {
        assertEquals(List.of("p.sku <- o.item", "o.item <- p.sku"),
                links("SELECT o.id FROM orders o JOIN product p ON p.sku = o.item WHERE o.uid = 5"));
        // LEFT JOIN: the right table receives; the preserved one keeps its unmatched rows, so it does not
        assertEquals(List.of("o.uid <- u.uid"),
                links("SELECT u.uid FROM users u LEFT JOIN orders o ON o.uid = u.uid"));
        // WHERE over a NULL-filled table: only the preserved one receives
        assertEquals(List.of("u.uid <- o.uid"),
                links("SELECT u.uid FROM users u LEFT JOIN orders o ON o.qty > 1 WHERE u.uid = o.uid"));
        // an expression, or a RIGHT JOIN's ON: nothing
        assertEquals(List.of(), links("SELECT u.uid FROM users u JOIN orders o ON o.uid = u.uid + 0"));
        assertEquals(List.of(), links("SELECT u.uid FROM orders o RIGHT JOIN users u ON o.uid = u.uid"));
    }

    @Test
    void columnsAreTheNamesInTheTextUnlessAStarOrNaturalJoinReachesOthers() throws Exception {
        GatherPushdown p = GatherPushdown.of(SqlAnalyzer.analyze(
                "SELECT o.id, COUNT(*) FROM orders o JOIN users `U` ON `U`.uid = o.uid GROUP BY o.id"));
        assertTrue(p.columns().containsAll(List.of("id", "uid", "u", "o")), p.columns().toString());
        assertTrue(!p.columns().contains("item"));
        assertNull(GatherPushdown.of(SqlAnalyzer.analyze("SELECT u.*, o.id FROM users u JOIN orders o ON o.uid = u.uid"))
                .columns());
        assertNull(GatherPushdown.of(SqlAnalyzer.analyze("SELECT o.id FROM orders o NATURAL JOIN users u")).columns());
        assertNull(GatherPushdown.of(SqlAnalyzer.analyze("SELECT DISTINCT * FROM orders ORDER BY id")).columns());
    }
}
