# The differential corpus: each line runs against one plain database and against the same data sharded over three
# servers (see DifferentialFixture); the answers must agree. One statement per line, flags in brackets first:
#   [ordered]            compare rows in order (only where the ORDER BY is total)
#   [ci]                 strings compare case-insensitively on MySQL (a group's or DISTINCT's spelling is either)
#   [params 1, 'x', 2.5] bound values     [batch 1, 'x' | 2, 'y']  one batch item per group
#   [refused 100403]     Shardline must refuse it with this code (the plain database is not asked)
#   [mariadb] / [h2]     one engine only
# Writes change both worlds; after each one every table must hold the same rows.
# Tables: orders, order_line (hash 4 by uid, binding), event (range by id, span 1000, secondary 250),
# customer (string hash by name, full scans off), country (broadcast), config (single, server 2).

# ---- one shard: the statement as written -------------------------------------------------------------------------
[ordered] SELECT id, item, qty FROM orders WHERE uid = 7 ORDER BY id
[ordered] [params 13] SELECT id, price FROM orders WHERE uid = ? ORDER BY id
[ordered] SELECT * FROM event WHERE id = 1500
[ordered] SELECT name, tier FROM customer WHERE name = 'cust3'
[ordered] SELECT * FROM country ORDER BY code
[ordered] SELECT * FROM config ORDER BY k
[ordered] SELECT o.id, l.sku FROM orders o JOIN order_line l ON l.uid = o.uid AND l.order_id = o.id WHERE o.uid = 5 ORDER BY o.id, l.id

# ---- IN on the hint column: each shard gets its own values --------------------------------------------------------
SELECT id, uid, item FROM orders WHERE uid IN (1, 2, 3, 4)
SELECT id, uid FROM orders WHERE uid IN (1, 5, 9, 13, 17)
SELECT COUNT(*) FROM orders WHERE uid IN (2, 3, 6, 7)
[params 1, 2, 3] SELECT id, uid, qty FROM orders WHERE uid IN (?, ?, ?)
[params 'paid', 8, 9, 10] SELECT id, uid FROM orders WHERE status = ? AND uid IN (?, ?, ?)
SELECT id, uid FROM orders WHERE uid IN (4, 8, 12) AND qty > 2
SELECT id FROM orders WHERE uid IN (1, 2) AND uid IN (2, 3)
SELECT id FROM orders WHERE uid IN (1, 2) AND uid = 3
SELECT name, tier, score FROM customer WHERE name IN ('cust1', 'cust2', 'cust3', 'cust4', 'cust5')
[params 'cust10', 'cust11', 'cust12'] SELECT name, country FROM customer WHERE name IN (?, ?, ?)
SELECT id, kind FROM event WHERE id IN (5, 1001, 1002, 2500, 2999)
SELECT id, uid, amount FROM order_line WHERE uid IN (11, 22, 33)

# ---- ranges on the range-split table: the slots they cover --------------------------------------------------------
SELECT id, kind, val FROM event WHERE id BETWEEN 900 AND 1100
SELECT id FROM event WHERE id >= 2500
SELECT id FROM event WHERE id < 300
SELECT id, uid FROM event WHERE id > 999 AND id <= 1999
[params 1200, 2200] SELECT id, val FROM event WHERE id BETWEEN ? AND ?
SELECT COUNT(*), SUM(val) FROM event WHERE id BETWEEN 250 AND 749
SELECT id FROM event WHERE id < 0
SELECT id FROM event WHERE id > 100000
SELECT id FROM event WHERE id >= 1500 AND id < 1501
[ordered] SELECT id, kind FROM event WHERE id BETWEEN 1000 AND 1999 ORDER BY id DESC LIMIT 7

# ---- OR of key predicates: the union of their shards ---------------------------------------------------------------
SELECT id, uid FROM orders WHERE uid = 1 OR uid = 2
SELECT id, uid FROM orders WHERE uid = 3 OR (uid IN (4, 5) AND qty >= 2)
SELECT id FROM event WHERE id = 10 OR id BETWEEN 2000 AND 2100
SELECT name FROM customer WHERE name = 'cust1' OR name = 'cust20'

# ---- full scans (switch on) ----------------------------------------------------------------------------------------
SELECT * FROM orders
SELECT id, uid FROM orders WHERE item = 'pen'
SELECT id FROM orders WHERE note IS NULL
SELECT id FROM orders WHERE price > 50
SELECT * FROM order_line WHERE amount < 5
SELECT id, kind FROM event WHERE kind = 'buy'
SELECT id FROM orders WHERE status IN ('paid', 'shipped') AND qty = 3
SELECT id FROM orders WHERE uid > 30

# ---- ORDER BY: k-way merges ----------------------------------------------------------------------------------------
[ordered] SELECT id, uid, item FROM orders ORDER BY id
[ordered] SELECT id, uid FROM orders ORDER BY id DESC
[ordered] SELECT id, price FROM orders ORDER BY price, id
[ordered] SELECT id, price FROM orders ORDER BY price DESC, id
[ordered] SELECT id, note FROM orders ORDER BY note, id
[ordered] SELECT id, note FROM orders ORDER BY note DESC, id DESC
[ordered] [ci] SELECT id, item FROM orders ORDER BY item, id
[ordered] [ci] SELECT id, item FROM orders ORDER BY item DESC, id
[ordered] SELECT id, created FROM orders ORDER BY created, id
[ordered] SELECT id, uid, qty FROM orders ORDER BY uid, qty DESC, id
[ordered] SELECT id FROM orders ORDER BY price, id
[ordered] SELECT id FROM orders WHERE price IS NOT NULL ORDER BY price DESC, id
[ordered] SELECT id, item FROM orders WHERE uid IN (1, 2, 3) ORDER BY id
[ordered] SELECT o.id AS oid, o.qty FROM orders o ORDER BY oid
[ordered] SELECT id, qty * 2 AS double_qty FROM orders ORDER BY double_qty DESC, id
[ordered] SELECT id, uid FROM orders ORDER BY 2, 1
[ordered] SELECT * FROM orders ORDER BY id
[ordered] SELECT id, val FROM event ORDER BY val, id
[ordered] SELECT id, ts FROM event ORDER BY ts DESC, id
[ordered] SELECT l.id, l.amount FROM order_line l ORDER BY l.amount DESC, l.id

# ---- LIMIT: sent as LIMIT offset + count, cut after the merge -------------------------------------------------------
[ordered] SELECT id FROM orders ORDER BY id LIMIT 10
[ordered] SELECT id FROM orders ORDER BY id LIMIT 10, 5
[ordered] SELECT id FROM orders ORDER BY id DESC LIMIT 3 OFFSET 4
[ordered] SELECT id, price FROM orders ORDER BY price DESC, id LIMIT 7
[ordered] [params 5, 10] SELECT id FROM orders ORDER BY id LIMIT ?, ?
[ordered] [params 200] SELECT id FROM orders ORDER BY id LIMIT ?
[ordered] SELECT id FROM orders ORDER BY id LIMIT 115, 10
[ordered] SELECT id FROM orders ORDER BY id LIMIT 500, 10
[ordered] SELECT id FROM orders ORDER BY id LIMIT 0
[ordered] SELECT id, kind FROM event ORDER BY id LIMIT 20, 20
[ordered] SELECT id FROM orders WHERE uid IN (1, 2, 3, 4, 5, 6) ORDER BY id DESC LIMIT 2, 6
[ordered] [ci] SELECT id, item FROM orders WHERE item IS NOT NULL ORDER BY item, id LIMIT 12

# ---- aggregates without GROUP BY: one row -------------------------------------------------------------------------
SELECT COUNT(*) FROM orders
SELECT COUNT(*) FROM orders WHERE uid IN (1, 2, 3)
SELECT COUNT(note) FROM orders
SELECT SUM(qty), SUM(price) FROM orders
SELECT MIN(price), MAX(price) FROM orders
SELECT MIN(created), MAX(created) FROM orders
SELECT AVG(price) FROM orders
SELECT AVG(qty) FROM orders
SELECT COUNT(*), SUM(price), MIN(qty), MAX(qty), AVG(price) FROM orders WHERE status = 'paid'
SELECT COUNT(*), SUM(price), AVG(price) FROM orders WHERE uid = 999
SELECT COUNT(*), MAX(id) FROM orders WHERE price > 1000
SELECT SUM(amount), AVG(amount) FROM order_line
SELECT COUNT(*), SUM(val), MIN(val), MAX(val), AVG(val) FROM event
SELECT COUNT(*) FROM event WHERE id BETWEEN 1000 AND 1999
[ci] SELECT MIN(item), MAX(item) FROM orders
SELECT COUNT(*) FROM orders WHERE uid IN (1, 2) AND item = 'nothing'

# ---- DISTINCT aggregates: exact, not estimated --------------------------------------------------------------------
SELECT COUNT(DISTINCT uid) FROM orders
SELECT COUNT(DISTINCT item) FROM orders
SELECT COUNT(DISTINCT status) FROM orders
[mariadb] SELECT COUNT(DISTINCT uid, status) FROM orders
SELECT SUM(DISTINCT qty), AVG(DISTINCT qty) FROM orders
SELECT COUNT(DISTINCT kind), COUNT(DISTINCT uid) FROM event
SELECT COUNT(DISTINCT uid) FROM orders WHERE uid IN (1, 2, 3, 4, 5)
SELECT status, COUNT(DISTINCT uid) FROM orders GROUP BY status
SELECT status, COUNT(DISTINCT uid), SUM(qty), COUNT(*) FROM orders GROUP BY status
[ci] SELECT status, COUNT(DISTINCT item) FROM orders GROUP BY status
SELECT country, SUM(DISTINCT qty), COUNT(DISTINCT status) FROM orders GROUP BY country

# ---- GROUP BY -------------------------------------------------------------------------------------------------------
SELECT status, COUNT(*) FROM orders GROUP BY status
SELECT status, COUNT(*), SUM(price), MIN(price), MAX(price), AVG(price) FROM orders GROUP BY status
SELECT uid, COUNT(*), SUM(qty) FROM orders GROUP BY uid
SELECT uid, status, COUNT(*) FROM orders GROUP BY uid, status
[ci] SELECT item, COUNT(*), SUM(qty) FROM orders GROUP BY item
SELECT country, AVG(qty), AVG(price) FROM orders GROUP BY country
SELECT COUNT(*) FROM orders GROUP BY status
SELECT qty, COUNT(*) FROM orders GROUP BY qty
SELECT note, COUNT(*) FROM orders GROUP BY note
SELECT kind, COUNT(*), AVG(val) FROM event GROUP BY kind
SELECT uid, COUNT(*) FROM event WHERE id BETWEEN 0 AND 1999 GROUP BY uid
SELECT uid, SUM(amount) FROM order_line WHERE uid IN (3, 4, 5, 6) GROUP BY uid
SELECT status, COUNT(*) FROM orders WHERE uid = 999 GROUP BY status
SELECT status, COUNT(*) AS n FROM orders GROUP BY 1
SELECT qty + 1, COUNT(*) FROM orders GROUP BY qty + 1
[ordered] SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status
[ordered] SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status DESC
[ordered] SELECT uid, COUNT(*) AS n FROM orders GROUP BY uid ORDER BY n DESC, uid
[ordered] SELECT uid, SUM(qty) AS total FROM orders GROUP BY uid ORDER BY total DESC, uid LIMIT 5
[ordered] SELECT status, AVG(price) AS avg_price FROM orders GROUP BY status ORDER BY avg_price
[ordered] SELECT status FROM orders GROUP BY status ORDER BY COUNT(*) DESC, status
[ordered] SELECT country, MAX(price) FROM orders GROUP BY country ORDER BY MAX(price) DESC, country
[ordered] SELECT uid, COUNT(*) FROM orders GROUP BY uid ORDER BY uid LIMIT 3, 4
[ordered] SELECT kind, COUNT(*) FROM event GROUP BY kind ORDER BY 2 DESC, 1
[ordered] SELECT uid, status, COUNT(*) FROM orders GROUP BY uid, status ORDER BY uid, status LIMIT 10

# ---- HAVING: after the groups are whole ---------------------------------------------------------------------------
SELECT uid, COUNT(*) FROM orders GROUP BY uid HAVING COUNT(*) > 3
SELECT uid FROM orders GROUP BY uid HAVING SUM(qty) >= 10
SELECT status, SUM(price) FROM orders GROUP BY status HAVING SUM(price) > 100
[params 4] SELECT uid, COUNT(*) FROM orders GROUP BY uid HAVING COUNT(*) >= ?
SELECT uid, COUNT(*), AVG(qty) FROM orders GROUP BY uid HAVING AVG(qty) > 3 AND COUNT(*) > 1
SELECT uid FROM orders GROUP BY uid HAVING MAX(price) IS NULL OR MIN(qty) = 5
SELECT status, COUNT(*) FROM orders GROUP BY status HAVING COUNT(*) BETWEEN 25 AND 35
SELECT uid, COUNT(*) FROM orders GROUP BY uid HAVING COUNT(*) IN (1, 5)
SELECT COUNT(*) FROM orders HAVING COUNT(*) > 100
SELECT COUNT(*) FROM orders HAVING COUNT(*) > 1000
[mariadb] SELECT uid, COUNT(*) AS n FROM orders GROUP BY uid HAVING n > 4
[ordered] SELECT uid, COUNT(*) AS n FROM orders GROUP BY uid HAVING COUNT(*) > 2 ORDER BY n DESC, uid LIMIT 4
SELECT kind, SUM(val) FROM event GROUP BY kind HAVING SUM(val) - MIN(val) > 0

# ---- DISTINCT rows ----------------------------------------------------------------------------------------------------
SELECT DISTINCT status FROM orders
SELECT DISTINCT uid FROM orders WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8)
SELECT DISTINCT status, qty FROM orders
[ci] SELECT DISTINCT item FROM orders
[ordered] SELECT DISTINCT status FROM orders ORDER BY status
[ordered] SELECT DISTINCT uid FROM orders ORDER BY uid DESC LIMIT 5
[ordered] SELECT DISTINCT status, qty FROM orders ORDER BY qty, status
SELECT DISTINCT kind FROM event WHERE id < 1000
SELECT DISTINCT country FROM orders
SELECT DISTINCT * FROM country

# ---- binding tables: joined shard by shard on the hint column --------------------------------------------------------
SELECT o.id, l.id, l.sku FROM orders o JOIN order_line l ON l.uid = o.uid AND l.order_id = o.id
SELECT o.id, l.amount FROM orders o JOIN order_line l ON o.uid = l.uid AND o.id = l.order_id WHERE o.uid IN (1, 2, 3)
SELECT o.id, COUNT(l.id) FROM orders o LEFT JOIN order_line l ON l.uid = o.uid AND l.order_id = o.id GROUP BY o.id
SELECT o.uid, SUM(l.amount) FROM orders o JOIN order_line l ON l.uid = o.uid AND l.order_id = o.id GROUP BY o.uid
[ordered] SELECT o.id, l.id FROM orders o JOIN order_line l USING (uid) WHERE o.uid IN (2, 6) ORDER BY o.id, l.id
SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM order_line l WHERE l.uid = o.uid AND l.order_id = o.id)
SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_line l WHERE l.uid = o.uid AND l.order_id = o.id)
SELECT o.id, (SELECT COUNT(*) FROM order_line l WHERE l.uid = o.uid AND l.order_id = o.id) FROM orders o
# a subquery's predicate on the outer table must not narrow the outer table's shards
SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_line l WHERE l.uid = o.uid AND l.order_id = o.id AND o.uid = 5)
SELECT o.id, (SELECT MAX(l.amount) FROM order_line l WHERE l.uid = o.uid AND o.uid IN (1, 2)) FROM orders o
SELECT o.status, COUNT(*) FROM orders o JOIN order_line l ON l.uid = o.uid AND l.order_id = o.id GROUP BY o.status

# ---- broadcast and single tables ------------------------------------------------------------------------------------
SELECT o.id, c.name FROM orders o JOIN country c ON c.code = o.country
SELECT c.region, COUNT(*) FROM orders o JOIN country c ON c.code = o.country GROUP BY c.region
SELECT o.id FROM orders o WHERE o.country IN (SELECT code FROM country WHERE region = 'asia')
[ordered] SELECT o.id, c.region FROM orders o JOIN country c ON c.code = o.country WHERE o.uid IN (1, 2) ORDER BY o.id
SELECT c.name, COUNT(*) FROM country c JOIN orders o ON o.country = c.code GROUP BY c.name
SELECT e.id, c.region FROM event e JOIN country c ON c.code = 'de' WHERE e.id BETWEEN 1000 AND 1100
SELECT region, COUNT(*) FROM country GROUP BY region
[ordered] SELECT o.id, g.v FROM orders o JOIN config g ON g.k = 'key1' WHERE o.uid = 2 ORDER BY o.id
SELECT k, v FROM config WHERE k IN ('key1', 'key3')

# ---- writes: INSERT rows split per shard, UPDATE/DELETE where the WHERE reaches -------------------------------------
INSERT INTO orders (id, uid, item, qty, price, status) VALUES (1001, 1, 'cup', 1, 2.50, 'new'), (1002, 2, 'cup', 2, 2.50, 'new'), (1003, 3, 'mug', 3, 4.00, 'new'), (1004, 5, 'Cup', 1, 2.50, 'new')
[params 1005, 6, 'bowl', 1006, 7, 'plate'] INSERT INTO orders (id, uid, item, qty, status) VALUES (?, ?, ?, 1, 'new'), (?, ?, ?, 2, 'new')
INSERT INTO orders (id, uid, item, qty, status) VALUES (1007, 8, 'spoon', 1, 'new')
INSERT INTO orders SET id = 1008, uid = 9, item = 'fork', qty = 4, status = 'new'
INSERT INTO order_line (id, uid, order_id, sku, amount) VALUES (1001, 1, 1001, 'c1', 2.50), (1002, 2, 1002, 'c1', 5.00), (1003, 3, 1003, 'm1', 12.00)
[ordered] SELECT id, uid, item, qty FROM orders WHERE id > 1000 ORDER BY id
UPDATE orders SET qty = qty + 1 WHERE uid IN (1, 2, 3)
UPDATE orders SET status = 'shipped' WHERE status = 'paid' AND qty > 3
UPDATE orders SET note = 'checked' WHERE id BETWEEN 10 AND 40
[params 'vip', 11, 12, 13, 14] UPDATE orders SET note = ? WHERE uid IN (?, ?, ?, ?)
UPDATE orders SET uid = 9 WHERE uid = 5 AND id = 1004
UPDATE orders SET price = price * 2 WHERE uid = 7
UPDATE event SET val = 0 WHERE id BETWEEN 1500 AND 2500 AND val < 0
UPDATE order_line SET amount = amount + 1 WHERE uid IN (1, 2) AND order_id > 1000
DELETE FROM orders WHERE id = 1003 AND uid = 3
DELETE FROM orders WHERE uid IN (6, 7) AND id > 1000
DELETE FROM order_line WHERE amount > 45
DELETE FROM event WHERE id < 100
INSERT INTO event (id, uid, kind, val) VALUES (5, 1, 'view', 1.00), (999, 2, 'view', 2.00), (1999, 3, 'buy', 3.00), (2000, 4, 'buy', 4.00)
REPLACE INTO orders (id, uid, item, qty, status) VALUES (1001, 1, 'cup', 9, 'replaced'), (1009, 10, 'new cup', 1, 'new')
INSERT INTO orders (id, uid, item, qty, status) VALUES (1002, 2, 'dup', 1, 'new'), (1010, 11, 'x', 1, 'new') ON DUPLICATE KEY UPDATE qty = qty + 10
INSERT IGNORE INTO orders (id, uid, item, qty, status) VALUES (1002, 2, 'ignored', 1, 'new'), (1011, 12, 'kept', 1, 'new')
INSERT INTO customer (name, tier, score, country) VALUES ('new1', 1, 1.5, 'de'), ('new2', 2, 2.5, 'fr'), ('new3', 3, NULL, 'it')
UPDATE customer SET tier = 9 WHERE name IN ('new1', 'new3', 'cust0')
DELETE FROM customer WHERE name IN ('new2', 'cust29')
SELECT COUNT(*), SUM(qty) FROM orders
[ordered] SELECT id, uid, qty, status, note FROM orders WHERE uid IN (1, 2, 3, 9, 10, 11, 12) ORDER BY id

# ---- broadcast and single table writes --------------------------------------------------------------------------------
INSERT INTO country (code, name, region) VALUES ('nl', 'Netherlands', 'eu'), ('ar', 'Argentina', 'america')
UPDATE country SET region = 'europe' WHERE region = 'eu'
DELETE FROM country WHERE code = 'ar'
INSERT INTO config (k, v) VALUES ('key9', 'nine'), ('key8', 'eight')
UPDATE config SET v = 'updated' WHERE k IN ('key1', 'key9')
DELETE FROM config WHERE k = 'key8'
SELECT c.region, COUNT(*) FROM orders o JOIN country c ON c.code = o.country GROUP BY c.region

# ---- batches: grouped per shard, counts in the caller's order ---------------------------------------------------------
[batch 2001, 1, 'b1' | 2002, 2, 'b2' | 2003, 3, 'b3' | 2004, 5, 'b4' | 2005, 4, 'b5'] INSERT INTO orders (id, uid, item, qty, status) VALUES (?, ?, ?, 1, 'batch')
[batch 2, 1 | 3, 2 | 4, 3 | 5, 999] UPDATE orders SET qty = ? WHERE uid = ? AND status = 'batch'
[batch 2001, 1 | 2002, 2] DELETE FROM orders WHERE id = ? AND uid = ?
[batch 'zz', 'Zed', 'asia' | 'yy', 'Why', 'eu'] INSERT INTO country (code, name, region) VALUES (?, ?, ?)
DELETE FROM event WHERE id IN (1997, 1998, 2998)
[batch 1997, 7, 'view' | 2998, 8, 'view' | 1998, 9, 'buy'] INSERT INTO event (id, uid, kind) VALUES (?, ?, ?)
[batch 2101, 1, 'm1', 2102, 2, 'm2' | 2103, 3, 'm3', 2104, 4, 'm4'] INSERT INTO orders (id, uid, item, qty, status) VALUES (?, ?, ?, 1, 'multi'), (?, ?, ?, 1, 'multi')
[batch 2101, 1, 'i1' | 2105, 5, 'i5'] INSERT IGNORE INTO orders (id, uid, item, qty, status) VALUES (?, ?, ?, 1, 'ignored')
[batch 6, 2101, 1 | 7, 2105, 5] UPDATE orders SET qty = ? WHERE id = ? AND uid = ?
[ordered] SELECT id, uid, qty, status FROM orders WHERE status = 'batch' ORDER BY id

# ---- refused, with the reason and DBProxy's code --------------------------------------------------------------------
[refused 100403] SELECT * FROM customer
[refused 100403] SELECT * FROM customer WHERE tier = 1
[refused 100403] SELECT o.id FROM orders o JOIN order_line l ON l.order_id = o.id
[refused 100403] SELECT o.id FROM orders o JOIN event e ON e.uid = o.uid WHERE o.uid IN (1, 2)
[refused 100403] SELECT id FROM orders UNION SELECT id FROM order_line
[refused 100403] SELECT * FROM (SELECT uid, COUNT(*) AS n FROM orders GROUP BY uid) t WHERE n > 2
[refused 100403] WITH t AS (SELECT * FROM orders) SELECT COUNT(*) FROM t
[refused 100403] SELECT uid, ROW_NUMBER() OVER (ORDER BY id) FROM orders
[refused 100403] SELECT GROUP_CONCAT(item) FROM orders
[refused 100403] SELECT uid, MAX(price) - MIN(price) FROM orders GROUP BY uid
[refused 100403] SELECT ROUND(AVG(price), 1) FROM orders
[refused 100403] SELECT *, COUNT(*) FROM orders GROUP BY uid
[refused 100403] UPDATE orders SET uid = 2 WHERE uid = 1
[refused 100403] UPDATE orders SET uid = uid + 4 WHERE uid = 1
[refused 100403] UPDATE orders SET qty = 1 WHERE uid IN (1, 2) ORDER BY id LIMIT 1
[refused 100403] DELETE FROM orders LIMIT 5
[refused 100403] SELECT o.id FROM orders o WHERE o.uid IN (SELECT uid FROM order_line WHERE amount > 10)
[refused 100403] SELECT o.id FROM config g JOIN orders o ON o.uid = 1 OR o.uid = 2
[refused 100403] UPDATE country c JOIN orders o ON o.country = c.code SET c.name = 'x' WHERE o.uid = 1
[refused 100403] EXPLAIN SELECT * FROM orders
[refused 100403] INSERT INTO orders (id, uid, item) SELECT id + 5000, uid, item FROM orders
[refused 100403] SELECT SQL_CALC_FOUND_ROWS id FROM orders
[refused 100403] SELECT * FROM orders; DELETE FROM orders
[refused 100404] SELECT * FROM event WHERE id = 5000
[refused 100404] SELECT * FROM nosuch
[refused 100422] SELECT * FROM orders WHERE uid = -1
[refused 100422] [params null] SELECT * FROM orders WHERE uid = ?
[refused 100422] SELECT id FROM orders ORDER BY id LIMIT ?, ?

# ---- lexical rules (issue 13): values as the server reads them, comments and operators as the server reads them ---
[mariadb] SELECT id, uid FROM orders WHERE uid = "7"
[mariadb] SELECT id, uid FROM orders WHERE uid = ' 7 '
SELECT id, uid FROM orders WHERE uid = 7.0
SELECT id, uid FROM orders WHERE uid = 7e0
[mariadb] SELECT id, uid FROM orders WHERE uid IN (N'7', '8.0', 0.9e1)
[mariadb] SELECT id, uid FROM orders WHERE uid = X'07'
[mariadb] SELECT id, uid FROM orders WHERE uid = 0x07
[mariadb] SELECT id, uid FROM orders WHERE uid = 7 AND item = 'pen' XOR item = 'ink'
[mariadb] SELECT id, uid FROM orders WHERE ! uid = 0
SELECT id FROM orders WHERE uid = 7 /* OR uid = 8 */
SELECT id FROM orders WHERE uid = 7 -- OR uid = 8
[mariadb] SELECT id FROM orders WHERE uid = 7 # OR uid = 8
[mariadb] SELECT id, item FROM orders WHERE uid = 7 AND note = 'x\' OR uid = 8'
[mariadb] SELECT id, item FROM orders WHERE uid = 7 AND note = 'x\\' OR uid = 8
[mariadb] SELECT name, tier FROM customer WHERE name = "cust3"
[mariadb] INSERT INTO orders (id, uid, item, note) VALUES (901, '9', "it's", 'a'), (902, 1.0e1, N'x', "b")
[mariadb] UPDATE orders SET note = "q" WHERE uid = ' 9 '
[refused 100403] SELECT * FROM orders WHERE uid = 7 AND item = 'pen' || item = 'ink'
[refused 100403] INSERT INTO orders (id, uid, item) VALUES (900 /*M! +1 */, 5, 'x')
[refused 100403] UPDATE orders SET note = 'n' WHERE uid = 1 /*M! OR 1=1 */
[refused 100403] SELECT * FROM orders WHERE uid = 7 /*!50000 OR 1=1 */
[refused 100403] SELECT * FROM orders WHERE uid = 7 INTO OUTFILE '/tmp/shardline-corpus'
[refused 100403] LOAD DATA INFILE '/tmp/shardline-corpus' INTO TABLE orders
[refused 100403] SELECT * FROM orders WHERE uid = '7' '8'
[refused 100422] SELECT * FROM orders WHERE uid = '7abc'
[refused 100422] SELECT * FROM orders WHERE uid = 7.5
[refused 100422] SELECT * FROM customer WHERE name = 3
