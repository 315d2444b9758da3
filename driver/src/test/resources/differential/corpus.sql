# The differential corpus: each line runs against one plain database and against the same data sharded over three
# servers (see DifferentialFixture); the answers must agree. One statement per line, flags in brackets first:
#   [ordered]            compare rows in order (only where the ORDER BY is total)
#   [ci]                 strings compare case-insensitively on MySQL (a group's or DISTINCT's spelling is either)
#   [params 1, 'x', 2.5] bound values     [batch 1, 'x' | 2, 'y']  one batch item per group
#   [refused 100403]     Shardline must refuse it with this code (the plain database is not asked)
#   [mariadb] / [h2]     one engine only
# Writes change both worlds; after each one every table must hold the same rows.
# Tables: orders, order_line (hash 4 by uid, binding), event (range by id, span 1000, secondary 250),
# customer (string hash by name, full scans off), country (broadcast), config (single, server 2), users (hash 3 by
# uid, not binding with orders), merchant (hash 2 by id), product (single, server 3).

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
SELECT country, SUM(qty), AVG(price), SUM(price), AVG(qty), AVG(price * 2) FROM orders GROUP BY country
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

# ---- any shape (issue 14): the rows are gathered into one server's temporary tables and the database evaluates ----
# small keyed sides inlined as typed JSON_TABLEs on the server of the unfiltered side (MariaDB; H2 gathers them)
[ordered] SELECT o.id, o.item, l.sku, p.name, p.price FROM orders o JOIN order_line l ON l.uid = o.uid AND l.order_id = o.id JOIN product p ON p.sku = l.sku WHERE o.uid = 2 ORDER BY o.id, l.id
[ordered] SELECT o.id, o.qty, g.v FROM orders o JOIN config g ON g.k = CONCAT('key', o.qty) WHERE o.uid = 7 ORDER BY o.id
[ordered] [params 10, 3] SELECT o.id, o.status, o.price, p.name, p.price FROM orders o JOIN order_line l ON l.order_id = o.id AND l.uid = o.uid JOIN product p ON p.sku = l.sku WHERE o.uid = ? AND l.id > ? ORDER BY l.id
[ordered] SELECT o.id, o.created, o.note, o.country, c.name, p.name FROM orders o JOIN country c ON c.code = o.country JOIN product p ON p.sku = 'sku1' WHERE o.uid = 3 ORDER BY o.id
SELECT p.sku, p.name, l.id, l.amount FROM product p LEFT JOIN order_line l ON l.sku = p.sku AND l.uid = 9
SELECT m.id, m.name, m.rating, p.sku, p.price FROM merchant m JOIN product p ON p.merchant_id = m.id WHERE m.id = 3
SELECT p.sku, p.category FROM product p WHERE p.sku IN (SELECT l.sku FROM order_line l WHERE l.uid = 11)
[ordered] [ci] SELECT p.category, COUNT(*), SUM(l.amount), GROUP_CONCAT(o.item ORDER BY o.id, l.id) FROM orders o JOIN order_line l ON l.order_id = o.id AND l.uid = o.uid JOIN product p ON p.sku = l.sku WHERE o.uid IN (3, 7) GROUP BY p.category ORDER BY p.category
SELECT o.id, o.price * 2, (SELECT g.v FROM config g WHERE g.k = 'key1') FROM orders o WHERE o.uid = 13
[ordered] SELECT orders.id, orders.status, product.name FROM orders JOIN order_line ON order_line.order_id = orders.id AND order_line.uid = orders.uid JOIN product ON product.sku = order_line.sku WHERE orders.uid = 6 ORDER BY orders.id, product.name
SELECT u.name, u.signup, o.id, o.created FROM users u JOIN orders o ON o.uid = u.uid WHERE u.uid = 14 AND o.uid = 14

# joins of sharded tables on other columns than the hint column, and of tables sharded on different keys
SELECT o.id FROM orders o JOIN order_line l ON l.order_id = o.id
SELECT o.id FROM orders o JOIN event e ON e.uid = o.uid WHERE o.uid IN (1, 2)
SELECT o.id, o.uid, u.name FROM orders o JOIN users u ON u.uid = o.uid
SELECT o.id, u.email FROM orders o JOIN users u ON u.uid = o.uid WHERE o.status = 'paid'
SELECT o.id, u.name, u.country FROM orders o JOIN users u ON u.uid = o.uid WHERE o.uid = 7
SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid WHERE o.uid IN (3, 4, 5)
[params 12] SELECT o.id, o.price, u.email FROM orders o JOIN users u ON u.uid = o.uid WHERE u.uid = ?
[ordered] SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid ORDER BY o.id LIMIT 10
[ordered] SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid ORDER BY o.id LIMIT 10, 10
[ordered] [params 5, 20] SELECT o.id, u.email FROM orders o JOIN users u ON u.uid = o.uid ORDER BY o.created DESC, o.id LIMIT ?, ?
[ordered] SELECT u.uid, u.name, COUNT(o.id) AS n FROM users u JOIN orders o ON o.uid = u.uid GROUP BY u.uid, u.name ORDER BY n DESC, u.uid
[ordered] SELECT u.country, SUM(o.price * o.qty) AS revenue FROM orders o JOIN users u ON u.uid = o.uid GROUP BY u.country ORDER BY u.country
SELECT u.uid, u.name FROM users u LEFT JOIN orders o ON o.uid = u.uid WHERE o.id IS NULL
[ordered] SELECT u.uid, COUNT(o.id) FROM users u LEFT JOIN orders o ON o.uid = u.uid GROUP BY u.uid ORDER BY u.uid
[ordered] SELECT u.uid, o.id FROM users u LEFT JOIN orders o ON o.uid = u.uid AND o.status = 'paid' ORDER BY u.uid, o.id
[ordered] SELECT u.uid, o.id FROM orders o RIGHT JOIN users u ON u.uid = o.uid AND o.qty > 3 ORDER BY u.uid, o.id
SELECT o.id, u.name FROM orders o LEFT JOIN users u ON u.uid = o.uid WHERE o.uid = 9
SELECT u.name, o.id FROM users u LEFT JOIN orders o ON o.uid = u.uid WHERE u.uid IN (41, 42, 7)
SELECT o.id, l.id, l.sku FROM orders o JOIN order_line l ON l.order_id = o.id WHERE o.status = 'shipped'
[ordered] SELECT o.id, SUM(l.amount) FROM orders o JOIN order_line l ON l.order_id = o.id GROUP BY o.id ORDER BY o.id
[ordered] SELECT o.id, COUNT(l.id) FROM orders o LEFT JOIN order_line l ON l.order_id = o.id GROUP BY o.id ORDER BY o.id
SELECT o.id FROM orders o LEFT JOIN order_line l ON l.order_id = o.id WHERE l.id IS NULL
SELECT l.id, l.sku, p.name, p.price FROM order_line l JOIN product p ON p.sku = l.sku
SELECT l.id, p.name FROM order_line l JOIN product p ON p.sku = l.sku WHERE l.uid = 11
[ordered] SELECT p.sku, p.name, COUNT(l.id) AS sold FROM product p LEFT JOIN order_line l ON l.sku = p.sku GROUP BY p.sku, p.name ORDER BY sold DESC, p.sku
[ordered] [ci] SELECT p.category, SUM(l.amount) FROM order_line l JOIN product p ON p.sku = l.sku GROUP BY p.category ORDER BY p.category
[ci] SELECT DISTINCT p.category FROM order_line l JOIN product p ON p.sku = l.sku
SELECT l.id, p.name, m.name FROM order_line l JOIN product p ON p.sku = l.sku JOIN merchant m ON m.id = p.merchant_id
SELECT l.id, p.name, m.name FROM order_line l JOIN product p ON p.sku = l.sku LEFT JOIN merchant m ON m.id = p.merchant_id
[ordered] SELECT m.id, m.name, COUNT(l.id) FROM merchant m JOIN product p ON p.merchant_id = m.id JOIN order_line l ON l.sku = p.sku GROUP BY m.id, m.name ORDER BY m.id
[ordered] SELECT m.name, SUM(l.amount) AS total FROM order_line l JOIN product p ON p.sku = l.sku JOIN merchant m ON m.id = p.merchant_id GROUP BY m.name ORDER BY total DESC, m.name
SELECT p.sku, m.name FROM product p LEFT JOIN merchant m ON m.id = p.merchant_id
SELECT p.sku, m.name FROM merchant m RIGHT JOIN product p ON m.id = p.merchant_id
SELECT m.id, p.sku FROM merchant m LEFT JOIN product p ON p.merchant_id = m.id
SELECT m.name, c.name FROM merchant m JOIN country c ON c.code = m.country
SELECT m.name, p.name FROM merchant m JOIN product p ON p.merchant_id = m.id WHERE m.id = 2
SELECT o.id, o.item, g.v FROM orders o JOIN config g ON g.k = CONCAT('key', o.qty - 1)
SELECT o.id FROM config g JOIN orders o ON o.uid = 1 OR o.uid = 2
SELECT o.id, g.v FROM orders o JOIN config g ON g.k = 'key1' WHERE o.uid = 3
SELECT e.id, e.kind, u.name FROM event e JOIN users u ON u.uid = e.uid WHERE e.kind = 'buy'
[ordered] SELECT u.uid, COUNT(e.id) FROM users u LEFT JOIN event e ON e.uid = u.uid GROUP BY u.uid ORDER BY u.uid
SELECT e.id, o.id FROM event e JOIN orders o ON o.uid = e.uid AND o.created < e.ts WHERE e.id < 500
SELECT o.id, c.name, c.tier FROM orders o JOIN customer c ON c.country = o.country WHERE c.name = 'cust3'
SELECT o.id, c.name FROM orders o JOIN customer c ON c.country = o.country AND c.name IN ('cust1', 'cust2')
SELECT o1.id, o2.id FROM orders o1 JOIN orders o2 ON o2.item = o1.item AND o2.id > o1.id WHERE o1.uid = 3
SELECT a.uid, b.uid FROM users a JOIN users b ON b.name = a.name AND b.uid > a.uid
SELECT o.id, l.id FROM orders o JOIN order_line l ON l.amount > o.price WHERE o.uid = 5 AND l.uid = 6
SELECT o.id, u.uid FROM orders o JOIN users u ON u.uid = o.uid + 1 WHERE o.uid < 5
SELECT o.id, u.uid FROM orders o JOIN users u ON u.country = o.country AND u.uid = o.uid
[ordered] SELECT o.id, x.n FROM orders o CROSS JOIN (SELECT COUNT(*) AS n FROM users) x ORDER BY o.id LIMIT 5
SELECT o.id, u.name, c.region FROM orders o JOIN users u ON u.uid = o.uid JOIN country c ON c.code = u.country WHERE c.region = 'asia'
SELECT o.id, u.name FROM orders o, users u WHERE u.uid = o.uid AND o.qty = 5
SELECT o.id, u.name FROM orders o JOIN users u USING (uid) WHERE o.item = 'ink'
SELECT o.id, u.name FROM orders o NATURAL JOIN users u
# UNION, INTERSECT and EXCEPT across shards
SELECT id FROM orders UNION SELECT id FROM order_line
SELECT uid FROM orders UNION SELECT uid FROM users
SELECT uid FROM orders UNION ALL SELECT uid FROM users
[ordered] SELECT uid FROM orders UNION SELECT uid FROM event ORDER BY uid
[ordered] SELECT 'order' AS kind, id, created AS at FROM orders WHERE uid = 4 UNION ALL SELECT 'event', id, ts FROM event WHERE uid = 4 ORDER BY at, kind, id
SELECT country FROM users UNION SELECT country FROM merchant UNION SELECT code FROM country
[ordered] SELECT country, COUNT(*) FROM (SELECT country FROM users UNION ALL SELECT country FROM orders) t GROUP BY country ORDER BY country
[ordered] (SELECT id, price FROM orders ORDER BY price DESC, id LIMIT 3) UNION ALL (SELECT id, amount FROM order_line ORDER BY amount DESC, id LIMIT 3) ORDER BY 2 DESC, 1
SELECT uid FROM orders INTERSECT SELECT uid FROM users WHERE country = 'de'
SELECT uid FROM users EXCEPT SELECT uid FROM orders
SELECT sku FROM product EXCEPT SELECT sku FROM order_line
SELECT name FROM merchant UNION SELECT name FROM product
[ordered] SELECT 'users' AS t, COUNT(*) FROM users UNION ALL SELECT 'orders', COUNT(*) FROM orders UNION ALL SELECT 'lines', COUNT(*) FROM order_line ORDER BY t
# derived tables and WITH over sharded tables
SELECT * FROM (SELECT uid, COUNT(*) AS n FROM orders GROUP BY uid) t WHERE n > 2
WITH t AS (SELECT * FROM orders) SELECT COUNT(*) FROM t
[ordered] SELECT t.uid, t.total FROM (SELECT uid, SUM(price) AS total FROM orders GROUP BY uid) t ORDER BY t.total DESC, t.uid LIMIT 5
[ordered] SELECT AVG(n) FROM (SELECT uid, COUNT(*) AS n FROM orders GROUP BY uid) t
[ordered] SELECT MAX(total) FROM (SELECT order_id, SUM(amount) AS total FROM order_line GROUP BY order_id) t
SELECT u.name, t.n FROM users u JOIN (SELECT uid, COUNT(*) AS n FROM orders GROUP BY uid) t ON t.uid = u.uid WHERE t.n >= 4
[ordered] WITH spend AS (SELECT uid, SUM(price * qty) AS s FROM orders GROUP BY uid) SELECT u.uid, u.name, spend.s FROM users u JOIN spend ON spend.uid = u.uid ORDER BY spend.s DESC, u.uid LIMIT 5
[ordered] WITH paid AS (SELECT * FROM orders WHERE status = 'paid'), totals AS (SELECT order_id, SUM(amount) AS a FROM order_line GROUP BY order_id) SELECT paid.id, totals.a FROM paid LEFT JOIN totals ON totals.order_id = paid.id ORDER BY paid.id
[ordered] WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) SELECT n.i, COUNT(o.id) FROM n LEFT JOIN orders o ON MONTH(o.created) = n.i GROUP BY n.i ORDER BY n.i
[ordered] WITH RECURSIVE r(uid) AS (SELECT MIN(uid) FROM orders UNION ALL SELECT r.uid + 1 FROM r WHERE r.uid < 10) SELECT r.uid, u.name FROM r JOIN users u ON u.uid = r.uid ORDER BY r.uid
[ordered] WITH t AS (SELECT uid FROM orders WHERE uid = 8) SELECT COUNT(*) FROM t
[ordered] SELECT x.status, x.n FROM (SELECT status, COUNT(*) AS n FROM orders GROUP BY status) x ORDER BY x.status
[ordered] SELECT * FROM (SELECT id, uid FROM orders ORDER BY id LIMIT 5) t ORDER BY uid, id
# IN, EXISTS and scalar subqueries over another sharded table
SELECT o.id FROM orders o WHERE o.uid IN (SELECT uid FROM order_line WHERE amount > 10)
SELECT id FROM orders WHERE uid IN (SELECT uid FROM users WHERE country = 'jp')
SELECT id FROM orders WHERE uid NOT IN (SELECT uid FROM users WHERE country IN ('de', 'fr'))
SELECT uid, name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.uid = u.uid AND o.status = 'cancelled')
SELECT uid FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.uid = u.uid)
SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.amount > 40)
SELECT id, price FROM orders WHERE price > (SELECT AVG(amount) FROM order_line)
[ordered] SELECT u.uid, (SELECT COUNT(*) FROM orders o WHERE o.uid = u.uid) AS n FROM users u ORDER BY u.uid
[ordered] SELECT p.sku, (SELECT SUM(l.amount) FROM order_line l WHERE l.sku = p.sku) FROM product p ORDER BY p.sku
SELECT sku FROM product WHERE sku NOT IN (SELECT sku FROM order_line)
SELECT id FROM merchant WHERE id IN (SELECT merchant_id FROM product WHERE category = 'books')
SELECT id FROM orders WHERE uid = 7 AND item IN (SELECT item FROM orders WHERE uid = 8)
SELECT l.id FROM order_line l WHERE l.order_id IN (SELECT id FROM orders WHERE status = 'new' AND qty >= 3)
SELECT uid FROM users WHERE uid = ANY (SELECT uid FROM event WHERE kind = 'view')
SELECT id FROM orders WHERE price >= ALL (SELECT price FROM orders WHERE price IS NOT NULL)
# aggregates that are not merged: GROUP_CONCAT, STDDEV, VARIANCE, BIT_OR, JSON_ARRAYAGG, expressions over aggregates
SELECT GROUP_CONCAT(item ORDER BY id) FROM orders
[ordered] SELECT uid, GROUP_CONCAT(id ORDER BY id) FROM orders GROUP BY uid ORDER BY uid
[ordered] SELECT uid, GROUP_CONCAT(DISTINCT status ORDER BY status SEPARATOR '|') FROM orders GROUP BY uid ORDER BY uid
[ordered] SELECT o.id, GROUP_CONCAT(l.sku ORDER BY l.id SEPARATOR ', ') FROM orders o JOIN order_line l ON l.order_id = o.id GROUP BY o.id ORDER BY o.id
[ordered] SELECT m.name, GROUP_CONCAT(p.sku ORDER BY p.sku) FROM merchant m JOIN product p ON p.merchant_id = m.id GROUP BY m.name ORDER BY m.name
[ordered] SELECT u.country, GROUP_CONCAT(u.uid ORDER BY u.uid) FROM users u GROUP BY u.country ORDER BY u.country
[ordered] SELECT uid, MAX(price) - MIN(price) FROM orders GROUP BY uid ORDER BY uid
[ordered] SELECT ROUND(AVG(price), 1) FROM orders
[ordered] SELECT uid, COUNT(*) > 3 FROM orders GROUP BY uid ORDER BY uid
[ordered] SELECT status, SUM(price) / COUNT(*) FROM orders GROUP BY status ORDER BY status
[ordered] SELECT status, ROUND(100 * COUNT(*) / (SELECT COUNT(*) FROM orders), 2) AS pct FROM orders GROUP BY status ORDER BY status
[ordered] SELECT uid, COALESCE(SUM(price), 0) + 1 FROM orders GROUP BY uid ORDER BY uid
[ordered] SELECT kind, ROUND(STDDEV(val), 4), ROUND(VARIANCE(val), 4) FROM event GROUP BY kind ORDER BY kind
[ordered] SELECT ROUND(STDDEV_POP(amount), 6), ROUND(VAR_SAMP(amount), 6) FROM order_line
[ordered] [mariadb] SELECT uid, BIT_OR(qty), BIT_AND(qty), BIT_XOR(qty) FROM orders GROUP BY uid ORDER BY uid
[ordered] [mariadb] SELECT uid, JSON_ARRAYAGG(id ORDER BY id) FROM orders WHERE uid IN (1, 2, 3) GROUP BY uid ORDER BY uid
[ordered] SELECT CASE WHEN SUM(qty) > 100 THEN 'big' ELSE 'small' END FROM orders
[ordered] SELECT uid, SUM(qty) FROM orders GROUP BY uid HAVING SUM(qty) > 2 * COUNT(*) ORDER BY uid
[ordered] SELECT uid FROM orders GROUP BY uid HAVING MAX(price) - MIN(price) > 50 ORDER BY uid
[ordered] SELECT uid, COUNT(DISTINCT item) FROM orders GROUP BY uid HAVING COUNT(*) > 3 ORDER BY uid
# window functions
SELECT uid, ROW_NUMBER() OVER (ORDER BY id) FROM orders
[ordered] SELECT id, uid, ROW_NUMBER() OVER (PARTITION BY uid ORDER BY created, id) AS rn FROM orders ORDER BY uid, rn
[ordered] SELECT id, uid, price, RANK() OVER (PARTITION BY uid ORDER BY price DESC) AS r FROM orders ORDER BY uid, r, id
[ordered] SELECT id, uid, SUM(qty) OVER (PARTITION BY uid ORDER BY id) AS running FROM orders ORDER BY uid, id
[ordered] SELECT * FROM (SELECT id, uid, price, ROW_NUMBER() OVER (PARTITION BY uid ORDER BY price DESC, id) AS rn FROM orders) t WHERE rn = 1 ORDER BY uid
[ordered] SELECT id, LAG(id) OVER (ORDER BY id), LEAD(id) OVER (ORDER BY id) FROM orders WHERE uid IN (2, 3) ORDER BY id
[ordered] SELECT uid, COUNT(*), DENSE_RANK() OVER (ORDER BY COUNT(*) DESC) AS dr FROM orders GROUP BY uid ORDER BY dr, uid
[ordered] SELECT u.uid, SUM(o.price) OVER (PARTITION BY u.country ORDER BY o.id) FROM orders o JOIN users u ON u.uid = o.uid ORDER BY o.id
[ordered] SELECT id, NTILE(4) OVER (ORDER BY id) FROM event ORDER BY id
[ordered] SELECT kind, id, FIRST_VALUE(id) OVER (PARTITION BY kind ORDER BY ts, id) FROM event ORDER BY kind, id
# WITH ROLLUP
[ordered] [mariadb] SELECT status, COUNT(*) FROM orders GROUP BY status WITH ROLLUP
[ordered] [mariadb] SELECT country, status, SUM(qty) FROM orders GROUP BY country, status WITH ROLLUP
[ordered] [mariadb] SELECT u.country, COUNT(o.id) FROM orders o JOIN users u ON u.uid = o.uid GROUP BY u.country WITH ROLLUP
# DISTINCT * with ORDER BY
[ordered] SELECT DISTINCT * FROM orders ORDER BY id
[ordered] SELECT DISTINCT * FROM users ORDER BY uid DESC
[ordered] SELECT DISTINCT * FROM order_line WHERE amount > 30 ORDER BY amount, id
# paging and reports an application runs
[ordered] SELECT o.id, o.created, u.name, o.price FROM orders o JOIN users u ON u.uid = o.uid WHERE o.status IN ('paid', 'shipped') ORDER BY o.created DESC, o.id DESC LIMIT 20
[ordered] SELECT o.id, u.email, COUNT(l.id) AS line_count FROM orders o JOIN users u ON u.uid = o.uid LEFT JOIN order_line l ON l.order_id = o.id GROUP BY o.id, u.email ORDER BY line_count DESC, o.id LIMIT 15
[ordered] SELECT DATE(o.created) AS d, COUNT(DISTINCT o.uid), SUM(l.amount) FROM orders o JOIN order_line l ON l.order_id = o.id GROUP BY DATE(o.created) ORDER BY d
[ordered] SELECT YEAR(u.signup), MONTH(u.signup), COUNT(o.id) FROM users u LEFT JOIN orders o ON o.uid = u.uid GROUP BY YEAR(u.signup), MONTH(u.signup) ORDER BY 1, 2
[ordered] SELECT c.region, m.name, COUNT(*) FROM merchant m JOIN country c ON c.code = m.country JOIN product p ON p.merchant_id = m.id GROUP BY c.region, m.name ORDER BY c.region, m.name
[ordered] SELECT p.name, SUM(l.amount) AS s FROM order_line l JOIN product p ON p.sku = l.sku JOIN orders o ON o.id = l.order_id WHERE o.status <> 'cancelled' GROUP BY p.name ORDER BY s DESC, p.name LIMIT 5
[ordered] SELECT u.uid, u.name, MAX(o.created) AS last_order FROM users u JOIN orders o ON o.uid = u.uid GROUP BY u.uid, u.name ORDER BY last_order DESC, u.uid LIMIT 10
[ordered] SELECT o.status, c.region, COUNT(*) FROM orders o JOIN users u ON u.uid = o.uid JOIN country c ON c.code = u.country GROUP BY o.status, c.region ORDER BY o.status, c.region
[ordered] SELECT u.uid FROM users u WHERE u.uid IN (SELECT o.uid FROM orders o JOIN order_line l ON l.order_id = o.id GROUP BY o.uid HAVING SUM(l.amount) > 60) ORDER BY u.uid
[ordered] SELECT m.id, COALESCE(SUM(l.amount), 0) FROM merchant m LEFT JOIN product p ON p.merchant_id = m.id LEFT JOIN order_line l ON l.sku = p.sku GROUP BY m.id ORDER BY m.id
[ordered] SELECT o.id, o.price, p.price, o.price - p.price FROM orders o JOIN order_line l ON l.order_id = o.id JOIN product p ON p.sku = l.sku WHERE o.uid = 10 ORDER BY o.id, l.id
[ordered] [params 'paid', 3] SELECT u.name, o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.status = ? AND o.qty >= ? ORDER BY o.id
[ordered] [params 5] SELECT l.sku, p.name FROM order_line l JOIN product p ON p.sku = l.sku WHERE l.uid = ? ORDER BY l.id
[ordered] [params 'de'] SELECT COUNT(*) FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country = ?
[ordered] SELECT COUNT(*) FROM orders o JOIN order_line l ON l.order_id = o.id AND l.uid = o.uid
[ordered] SELECT COUNT(*), SUM(l.amount) FROM order_line l JOIN orders o ON o.id = l.order_id WHERE o.created >= '2024-05-01'
[ordered] SELECT CONCAT(u.name, ' <', u.email, '>') AS who, o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE u.email IS NOT NULL AND o.uid BETWEEN 5 AND 8 ORDER BY o.id
[ordered] [ci] SELECT UPPER(o.item), COUNT(*) FROM orders o JOIN users u ON u.uid = o.uid GROUP BY UPPER(o.item) ORDER BY 1
[ci] SELECT DISTINCT o.item FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country = 'fr'
[ordered] SELECT o.id, IFNULL(o.note, '-'), IFNULL(u.name, '?') FROM orders o LEFT JOIN users u ON u.uid = o.uid ORDER BY o.id LIMIT 30
[ordered] SELECT o.uid, SUM(CASE WHEN o.status = 'paid' THEN o.price ELSE 0 END) AS paid, SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) FROM orders o JOIN users u ON u.uid = o.uid GROUP BY o.uid ORDER BY o.uid
[ordered] [ci] SELECT e.kind, COUNT(DISTINCT e.uid), COUNT(DISTINCT o.id) FROM event e LEFT JOIN orders o ON o.uid = e.uid GROUP BY e.kind ORDER BY e.kind

# filters and columns pushed to the shards' reads: conjuncts of one table, ON conditions of inner and LEFT joins
SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid WHERE o.item = 'pen' AND u.country = 'de'
SELECT o.id, u.uid FROM orders o JOIN users u ON u.uid = o.uid WHERE o.item LIKE 'p%' AND u.name LIKE 'user1%'
SELECT o.id, u.uid FROM orders o JOIN users u ON u.uid = o.uid WHERE o.price BETWEEN 10 AND 40 AND u.signup >= '2023-06-01'
SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.note IS NULL AND u.email IS NOT NULL
SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE (o.status = 'paid' OR o.qty > 4) AND NOT (u.country IN ('jp', 'us'))
SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.qty * 2 > 5 AND LOWER(u.name) = 'user3'
SELECT o.id, l.sku FROM orders o JOIN order_line l ON l.order_id = o.id WHERE l.amount > 20 AND o.status <> 'cancelled'
[params 'paid', 30] SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid WHERE o.status = ? AND o.price < ?
[params 'de', 3] SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country = ? AND o.qty >= ?
SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE MONTH(o.created) = 3 AND YEAR(u.signup) >= 2023
SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE COALESCE(o.note, 'none') = 'none' AND u.uid > 10
SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE UPPER(o.item) = 'PEN' AND SUBSTRING(u.email, 1, 2) = 'u1'
SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.created < NOW() AND o.qty > 2
SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid WHERE o.uid IN (2, 4) AND o.price > 10
SELECT * FROM orders o JOIN users u ON u.uid = o.uid WHERE o.qty = 3 AND u.country = 'es'
SELECT u.*, o.id FROM users u JOIN orders o ON o.uid = u.uid WHERE o.item = 'desk'
[ordered] SELECT o.status, u.country, COUNT(*) FROM orders o JOIN users u ON u.uid = o.uid WHERE o.price > 5 GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2
SELECT o.id, u.name FROM orders o JOIN users u USING (uid) WHERE o.qty < 3 AND u.name LIKE 'user1%'
[ordered] SELECT o.uid, SUM(o.price) FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country IN ('de', 'fr', 'it') GROUP BY o.uid HAVING SUM(o.price) > 50 ORDER BY o.uid
[ordered] SELECT o.id, ROW_NUMBER() OVER (PARTITION BY o.uid ORDER BY o.id) FROM orders o JOIN users u ON u.uid = o.uid WHERE o.status = 'shipped' ORDER BY o.id
SELECT a.id, b.id FROM orders a JOIN orders b ON b.item = a.item AND b.qty > 4 WHERE a.price > 45
SELECT l.id, p.name FROM order_line l JOIN product p ON p.sku = l.sku AND p.price > 20 WHERE l.amount < 30
[mariadb] SELECT O.id FROM orders O JOIN users U ON U.uid = O.uid WHERE O.item = 'ink' AND `U`.country = 'de'
[mariadb] SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.created < DATE_ADD('2024-03-01', INTERVAL 10 DAY) AND u.uid <= 30
# outer joins: ON conditions over the NULL-filled table go to its reads; WHERE over it stays on the evaluation server
[ordered] SELECT u.uid, o.id FROM users u LEFT JOIN orders o ON o.uid = u.uid AND o.price > 40 AND o.item <> 'desk' ORDER BY u.uid, o.id
[ordered] SELECT u.uid, COUNT(o.id) FROM users u LEFT JOIN orders o ON o.uid = u.uid AND o.status = 'cancelled' WHERE u.country <> 'cn' GROUP BY u.uid ORDER BY u.uid
SELECT u.uid FROM users u LEFT JOIN orders o ON o.uid = u.uid AND o.qty > 3 WHERE o.id IS NULL
SELECT u.uid, o.id FROM users u LEFT JOIN orders o ON o.uid = u.uid WHERE o.status = 'paid' OR o.status IS NULL
SELECT u.uid, o.id FROM users u LEFT JOIN orders o ON o.uid = u.uid WHERE COALESCE(o.item, 'none') = 'none'
SELECT u.uid, o.id FROM orders o RIGHT JOIN users u ON u.uid = o.uid AND o.item = 'pen' WHERE u.name IS NOT NULL
SELECT p.sku, m.name FROM product p LEFT JOIN merchant m ON m.id = p.merchant_id AND m.rating > 2 WHERE p.category = 'books'
[params 20] SELECT u.uid, o.id FROM users u LEFT JOIN orders o ON o.uid = u.uid AND o.price > ? WHERE u.uid < 8
SELECT o.id, l.id FROM orders o LEFT JOIN (order_line l JOIN product p ON p.sku = l.sku AND p.category = 'home') ON l.order_id = o.id WHERE o.uid < 6
# key sending: a side narrowed by its own conditions is copied first, its join values sent to the other side's reads
SELECT o.id, p.name FROM orders o JOIN order_line l ON l.order_id = o.id JOIN product p ON p.sku = l.sku WHERE o.uid = 7
SELECT l.id, p.name, p.price FROM order_line l JOIN product p ON p.sku = l.sku WHERE l.uid IN (3, 9)
SELECT u.name, o.id FROM users u JOIN orders o ON o.uid = u.uid WHERE u.uid = 12 AND o.qty > 1
SELECT m.name, p.sku FROM merchant m JOIN product p ON p.merchant_id = m.id WHERE m.id IN (1, 2)
SELECT u.uid, o.id FROM users u LEFT JOIN orders o ON o.uid = u.uid WHERE u.uid IN (5, 44)
SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid WHERE o.item = 'nothing like this'
SELECT c.name, u.uid FROM users u JOIN country c ON c.code = u.country WHERE u.uid IN (1, 2, 3)
[params 8] SELECT u.name, e.id FROM users u JOIN event e ON e.uid = u.uid WHERE u.uid = ?
SELECT o.id, m.name FROM orders o JOIN merchant m ON m.id = o.uid WHERE o.uid = 2
SELECT u.uid, COUNT(o.id) FROM orders o RIGHT JOIN users u ON u.uid = o.uid WHERE u.country = 'jp' GROUP BY u.uid

# derived tables, WITH, UNION branches and subqueries: each block's conjuncts go to its own tables' reads
SELECT uid FROM orders WHERE status = 'paid' AND qty > 2 UNION SELECT uid FROM users WHERE country = 'fr'
SELECT 'o' AS t, id FROM orders WHERE status = 'new' AND qty = 1 UNION ALL SELECT 'l', id FROM order_line WHERE amount > 45
[ordered] [ci] SELECT item, COUNT(*) FROM (SELECT item FROM orders WHERE price > 20) t GROUP BY item ORDER BY item
SELECT t.uid, t.n FROM (SELECT uid, COUNT(*) AS n FROM orders WHERE status IN ('paid', 'shipped') GROUP BY uid) t WHERE t.n > 1
[ordered] SELECT t.id, l.id FROM (SELECT id FROM orders WHERE qty > 2 ORDER BY id LIMIT 8) t JOIN order_line l ON l.order_id = t.id ORDER BY t.id, l.id
SELECT u.name, big.id FROM (SELECT id, uid, price FROM orders WHERE price >= 50) big JOIN users u ON u.uid = big.uid WHERE u.country <> 'br'
WITH big AS (SELECT id, uid, price FROM orders WHERE price >= 50) SELECT u.name, big.id FROM big JOIN users u ON u.uid = big.uid
WITH x AS (SELECT uid FROM orders WHERE item = 'ink') SELECT COUNT(*) FROM x a JOIN x b ON a.uid = b.uid
SELECT uid, name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.uid = u.uid AND o.price > 45 AND o.item = 'lamp')
SELECT id FROM orders WHERE uid IN (SELECT uid FROM users WHERE country = 'it' AND name IS NOT NULL) AND qty > 1
[ordered] SELECT u.uid, (SELECT COUNT(*) FROM orders WHERE uid = u.uid AND status = 'new') FROM users u ORDER BY u.uid
SELECT o.id FROM orders o WHERE o.qty > 3 AND EXISTS (SELECT 1 FROM users o WHERE o.uid = 3 AND o.country = 'de')

# INSERT ... SELECT over several shards: the SELECT is evaluated, its rows routed as one multi-row INSERT
INSERT INTO orders (id, uid, item) SELECT id + 5000, uid, item FROM orders
INSERT INTO users (uid, name, email, country) SELECT uid + 100, name, NULL, country FROM users WHERE uid <= 10
INSERT INTO order_line (id, uid, order_id, sku, amount) SELECT o.id + 9000, o.uid, o.id, 'sku15', o.price FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country = 'de' AND o.price IS NOT NULL
INSERT INTO config (k, v) SELECT CONCAT('count_', status), COUNT(*) FROM orders WHERE id < 5000 GROUP BY status
INSERT INTO merchant (id, name, country, rating) SELECT 100 + MIN(uid), LEFT(GROUP_CONCAT(DISTINCT status ORDER BY status), 32), 'de', NULL FROM orders WHERE id < 5000
[params 3] INSERT INTO orders (id, uid, item, qty) SELECT id + 30000, uid, 'copy', ? FROM orders WHERE uid IN (1, 2, 3) AND id < 5000
INSERT IGNORE INTO users (uid, name) SELECT uid, 'dup' FROM users WHERE uid <= 3
# ... with ON DUPLICATE KEY UPDATE: each shard's multi-row INSERT keeps it (the second run updates every row)
INSERT INTO orders (id, uid, item, qty) SELECT uid + 70000, uid, name, 1 FROM users WHERE uid <= 20 ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty), item = CONCAT(item, '+', VALUES(item))
INSERT INTO orders (id, uid, item, qty) SELECT uid + 70000, uid, name, 1 FROM users WHERE uid <= 20 ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty), item = CONCAT(item, '+', VALUES(item))
[params 100] INSERT INTO order_line (id, uid, order_id, sku, amount) SELECT o.id + 9000, o.uid, o.id, 'odku', o.price FROM orders o WHERE o.price > ? ON DUPLICATE KEY UPDATE amount = VALUES(amount) + 1
[params 100] INSERT INTO order_line (id, uid, order_id, sku, amount) SELECT o.id + 9000, o.uid, o.id, 'odku', o.price FROM orders o WHERE o.price > ? ON DUPLICATE KEY UPDATE amount = VALUES(amount) + 1
[refused 100403] INSERT INTO orders (id, uid, item) SELECT u.uid, u.uid, u.name FROM users u ON DUPLICATE KEY UPDATE item = u.name
[refused 100403] INSERT INTO orders (id, uid, item, qty) SELECT id, uid, item, qty FROM orders ON DUPLICATE KEY UPDATE qty = qty + 1
# INSERT without a column list into a sharded table: the shards' column order is read and written out
INSERT INTO users VALUES (201, 'nolist', 'n@example.com', 'de', '2023-12-01'), (202, NULL, NULL, 'fr', NULL), (203, 'x', 'y', 'it', '2024-01-02')
[params 204, 'bound'] INSERT INTO users VALUES (?, ?, NULL, 'es', NULL)
INSERT INTO orders VALUES (9501, 5, 'nolist', 1, 1.50, 'new', '2024-01-01 10:00:00', NULL, 'de'), (9502, 6, 'nolist', 2, NULL, 'paid', NULL, 'n', 'fr')
INSERT INTO users SELECT uid + 300, name, email, country, signup FROM users WHERE uid <= 5
[ordered] SELECT u.uid, u.name, COUNT(o.id) FROM users u LEFT JOIN orders o ON o.uid = u.uid WHERE u.uid > 200 GROUP BY u.uid, u.name ORDER BY u.uid
DELETE FROM users WHERE uid > 200
DELETE FROM orders WHERE id > 9500 AND id < 9600
DELETE FROM orders WHERE id > 5000
DELETE FROM users WHERE uid > 100
DELETE FROM order_line WHERE id > 9000
DELETE FROM config WHERE k LIKE 'count%'
DELETE FROM merchant WHERE id > 100

# UPDATE and DELETE filtered by a subquery over another sharded table: the subquery runs first, its rows replace it
UPDATE orders SET note = 'de user' WHERE uid IN (SELECT uid FROM users WHERE country = 'de')
UPDATE orders SET qty = qty + 1 WHERE uid NOT IN (SELECT uid FROM users WHERE country IN ('jp', 'us', 'cn', 'br', 'es'))
UPDATE order_line SET amount = amount * 2 WHERE order_id IN (SELECT id FROM orders WHERE status = 'cancelled')
UPDATE users SET name = 'big spender' WHERE uid IN (SELECT uid FROM orders GROUP BY uid HAVING SUM(price) > 200)
UPDATE orders SET status = 'flagged' WHERE price > (SELECT AVG(amount) * 3 FROM order_line) AND uid IN (4, 5, 6)
UPDATE users SET email = NULL WHERE uid IN (SELECT uid FROM orders WHERE item = 'nothing like this')
UPDATE users SET country = 'zz' WHERE uid NOT IN (SELECT uid FROM orders WHERE item = 'nothing like this') AND uid > 44
DELETE FROM order_line WHERE sku IN (SELECT sku FROM product WHERE category = 'home') AND uid < 10
DELETE FROM event WHERE uid IN (SELECT uid FROM users WHERE country = 'fr') AND kind = 'view'
DELETE FROM users WHERE EXISTS (SELECT 1 FROM orders WHERE item = 'nothing like this')
# UPDATE and DELETE joined with another sharded table, or with a correlated subquery: a SELECT of the target's key
# and new values runs first (any SELECT path), then the rows are written by key as one batch (one atomic unit)
UPDATE orders o SET note = 'x' WHERE EXISTS (SELECT 1 FROM users u WHERE u.uid = o.uid AND u.country = 'de')
UPDATE orders o SET note = (SELECT u.name FROM users u WHERE u.uid = o.uid) WHERE o.uid < 8
UPDATE users u SET email = (SELECT MAX(o.item) FROM orders o WHERE o.uid = u.uid) WHERE u.uid BETWEEN 3 AND 30
UPDATE orders o SET qty = (SELECT COUNT(*) FROM order_line l WHERE l.order_id = o.id), price = (SELECT SUM(l.amount) FROM order_line l WHERE l.order_id = o.id) WHERE o.id < 60
[params 2] UPDATE orders o SET o.qty = ? WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.uid = o.uid AND u.email IS NOT NULL)
UPDATE event e SET val = (SELECT COUNT(*) FROM orders o WHERE o.uid = e.uid) WHERE e.id < 1500
UPDATE customer c SET score = (SELECT COUNT(*) FROM users u WHERE u.country = c.country) WHERE c.name IN ('cust1', 'cust2', 'cust3')
UPDATE merchant m SET rating = (SELECT MIN(p.price) / 10 FROM product p WHERE p.merchant_id = m.id) WHERE m.id <= 6
DELETE FROM order_line WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = order_line.order_id AND o.status <> 'cancelled')
DELETE FROM orders WHERE uid IN (SELECT u.uid FROM users u WHERE u.uid = orders.uid AND u.country = 'zz')
[params 'fr'] UPDATE orders SET note = 'fr user' WHERE uid IN (SELECT uid FROM users WHERE country = ?)
[params 3] DELETE FROM event WHERE id < 1000 AND uid > ? AND EXISTS (SELECT 1 FROM orders o WHERE o.uid = event.uid AND o.qty > 4)
# one table whose SET value reads a column assigned before it: kept as written in the write by key, where the server
# applies the SET in its order (MySQL: left to right); with two tables joined MySQL documents no order: refused
UPDATE orders o SET note = (SELECT u.name FROM users u WHERE u.uid = o.uid), item = CONCAT(IFNULL(note, '-'), '/', IFNULL(o.item, '-')) WHERE o.uid < 6
[params 3] UPDATE orders o SET qty = (SELECT COUNT(*) FROM order_line l WHERE l.order_id = o.id), price = qty * ? WHERE o.id < 40
UPDATE users u SET email = (SELECT MAX(o.item) FROM orders o WHERE o.uid = u.uid), name = CONCAT(IFNULL(u.name, ''), ':', IFNULL(email, 'none')), country = DEFAULT WHERE u.uid BETWEEN 5 AND 12
[params '#'] UPDATE orders o SET note = (SELECT u.country FROM users u WHERE u.uid = o.uid), item = CONCAT(IFNULL(note, ''), ?) WHERE o.uid IN (35, 36)
UPDATE orders o SET note = (SELECT u.name FROM users u WHERE u.uid = o.uid), uid = uid + 1, item = CONCAT(IFNULL(note, ''), '@', uid) WHERE o.uid IN (37, 38)
[refused 100403] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = u.name, o.item = o.note WHERE u.uid = 3
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = u.name WHERE u.country = 'fr'
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.status = u.country, o.qty = o.qty + 1 WHERE u.country IN ('de', 'it') AND o.status = 'new'
[mariadb] UPDATE users u JOIN orders o ON o.uid = u.uid SET u.email = 'has paid orders' WHERE o.status = 'paid'
[mariadb] UPDATE order_line l JOIN product p ON p.sku = l.sku SET l.amount = p.price WHERE p.category = 'office'
[mariadb] UPDATE order_line l JOIN orders o ON o.id = l.order_id SET l.amount = o.price * 2 WHERE o.uid < 10 AND o.price IS NOT NULL
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.price = NULL WHERE u.email IS NULL
[mariadb] UPDATE orders o LEFT JOIN users u ON u.uid = o.uid SET o.note = IFNULL(u.name, 'nobody') WHERE o.id > 100
[mariadb] [params 'de'] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = CONCAT(u.name, '!') WHERE u.country = ?
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = 'never' WHERE u.country = 'nowhere'
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.qty = o.qty WHERE u.uid < 5
[mariadb] UPDATE country c JOIN orders o ON o.country = c.code SET c.name = 'x' WHERE o.uid = 1
[mariadb] DELETE o FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country = 'jp' AND o.status = 'cancelled'
[mariadb] UPDATE users u LEFT JOIN orders o ON o.uid = u.uid AND o.status = 'paid' SET o.note = 'outer' WHERE u.uid BETWEEN 30 AND 45
[mariadb] UPDATE orders o, users u SET o.qty = o.qty * 2 WHERE u.uid = o.uid AND u.country = 'it'
[mariadb] DELETE o FROM users u LEFT JOIN orders o ON o.uid = u.uid AND o.qty > 8 WHERE u.uid > 20
[mariadb] DELETE o, l FROM orders o JOIN order_line l ON l.order_id = o.id WHERE o.status = 'cancelled' AND o.uid < 12
[mariadb] DELETE u, o FROM users u LEFT JOIN orders o ON o.uid = u.uid WHERE u.uid BETWEEN 40 AND 45
[mariadb] DELETE l FROM order_line l JOIN orders o ON o.id = l.order_id WHERE o.status = 'shipped' AND l.amount < 10
[mariadb] DELETE l FROM order_line l, product p WHERE p.sku = l.sku AND p.category = 'books' AND l.uid > 30
# a multi-table DELETE naming an alias as its target, on one shard and per shard: MariaDB needs a default database
[mariadb] DELETE l FROM order_line l JOIN orders o ON o.uid = l.uid AND o.id = l.order_id WHERE o.uid = 9 AND o.qty > 4
[mariadb] DELETE o FROM orders o WHERE o.uid IN (3, 4, 5, 6) AND o.qty > 7
[mariadb] DELETE FROM l USING order_line l JOIN orders o ON o.uid = l.uid AND o.id = l.order_id WHERE o.uid = 11
# UPDATE and DELETE with ORDER BY / LIMIT over several shards: the merge picks the rows (SELECT .. ORDER BY .. LIMIT),
# then each is written by key with the statement's own SET and WHERE, one batch
[mariadb] UPDATE orders SET qty = 1 WHERE uid IN (1, 2) ORDER BY id LIMIT 1
[mariadb] UPDATE orders SET note = 'first ten', qty = qty + 1 WHERE status = 'new' ORDER BY id LIMIT 10
[mariadb] UPDATE orders SET qty = qty * 2, price = qty + 1 WHERE price IS NOT NULL ORDER BY price DESC, id LIMIT 7
[mariadb] [params 'paged', 3] UPDATE orders SET note = ? WHERE uid > 2 ORDER BY uid DESC, id DESC LIMIT ?
[mariadb] UPDATE orders o SET o.status = 'late' WHERE o.created < '2024-03-01' ORDER BY o.created, o.id LIMIT 4
[mariadb] UPDATE event SET val = val + 1 WHERE id BETWEEN 900 AND 2100 ORDER BY id DESC LIMIT 5
[mariadb] UPDATE country SET region = 'first' ORDER BY code LIMIT 2
[mariadb] UPDATE orders SET note = 'none' WHERE item = 'nothing like this' ORDER BY id LIMIT 3
[mariadb] UPDATE orders SET qty = 0 WHERE uid = 4 ORDER BY id LIMIT 100
[mariadb] DELETE FROM orders WHERE created < '2024-02-01' ORDER BY id LIMIT 5
[mariadb] [params 20.0, 4] DELETE FROM order_line WHERE amount < ? ORDER BY amount DESC, id LIMIT ?
[mariadb] DELETE FROM event WHERE kind = 'view' ORDER BY val DESC, id LIMIT 3
[mariadb] DELETE FROM users WHERE country = 'fr' ORDER BY signup DESC, uid LIMIT 2
[mariadb] DELETE FROM orders WHERE uid IN (SELECT uid FROM users WHERE country = 'de') ORDER BY id LIMIT 2
[mariadb] DELETE FROM order_line WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = order_line.order_id) ORDER BY id LIMIT 3
UPDATE orders SET qty = 7 WHERE uid IN (5, 6, 7) LIMIT 100
DELETE FROM merchant WHERE id > 4 LIMIT 100
[refused 100403] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = u.name ORDER BY o.id LIMIT 2
# DELETE FROM t USING ..: MySQL's other spelling of DELETE t FROM .., read as it
[mariadb] DELETE FROM o USING orders o JOIN users u ON u.uid = o.uid WHERE u.country = 'jp' AND o.qty > 4
[mariadb] DELETE FROM l, o USING orders o JOIN order_line l ON l.order_id = o.id WHERE o.status = 'new' AND o.uid BETWEEN 20 AND 30
[mariadb] DELETE QUICK FROM order_line USING order_line, product p WHERE p.sku = order_line.sku AND p.category = 'home' AND order_line.uid >= 10
[mariadb] DELETE FROM o.* USING orders o JOIN order_line l ON l.order_id = o.id WHERE o.uid BETWEEN 1 AND 9 AND l.amount > 10
[mariadb] [params 'shipped'] DELETE FROM o USING orders AS o LEFT JOIN order_line l ON l.order_id = o.id WHERE l.id IS NULL AND o.status = ?
# UPDATE of two tables whose values read no column the SET assigns: each table's rows written by key, one batch;
# an unqualified SET column belongs to the one table that has it
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = 'a', u.name = 'b' WHERE u.uid BETWEEN 10 AND 14
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET note = 'unqualified' WHERE u.country = 'it'
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = u.country, u.email = CONCAT(u.name, '@shop') WHERE u.uid IN (7, 8, 9) AND o.qty > 1
[mariadb] UPDATE users u JOIN orders o ON o.uid = u.uid SET signup = '2024-12-24', o.qty = o.qty + 1 WHERE o.status = 'paid' AND u.country = 'de'
[mariadb] UPDATE order_line l JOIN orders o ON o.id = l.order_id SET amount = o.price, o.note = 'lined' WHERE o.uid < 6 AND o.price IS NOT NULL
[mariadb] UPDATE orders o LEFT JOIN users u ON u.uid = o.uid AND u.email IS NULL SET o.qty = 0, u.name = 'no mail' WHERE o.id BETWEEN 20 AND 40
[mariadb] [params 'de', 'joined'] UPDATE orders o JOIN users u ON u.uid = o.uid AND u.country = ? SET o.note = CONCAT(?, '-', u.name) WHERE o.qty > 3
[refused 100403] UPDATE users u JOIN orders o ON o.uid = u.uid SET u.name = o.id
[refused 100403] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = 'a', u.name = o.note
[refused 100403] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.note = u.name, u.name = 'b'
[refused 100403] UPDATE orders o JOIN users u ON u.uid = o.uid SET country = 'de'
[refused 100403] UPDATE orders o JOIN users u ON u.uid = o.uid SET u.email = o.item WHERE u.uid IN (1, 2, 3, 4, 5)
[refused 100403] UPDATE orders o SET o.qty = o.qty + 1, o.note = (SELECT MAX(u.name) FROM users u WHERE u.uid = o.uid AND o.qty > 1)
# IGNORE evaluated then written by key: each row's write is its own statement and keeps IGNORE, so it skips the rows
# MySQL skips (a duplicate key) and writes what MySQL writes (NULL into NOT NULL: the implicit default), counted alike
[mariadb] UPDATE IGNORE config c JOIN users u ON u.uid = 1 SET c.k = CASE c.k WHEN 'key1' THEN 'key2' WHEN 'key4' THEN NULL ELSE CONCAT(c.k, '-', u.uid) END WHERE c.k <> 'key2'
[mariadb] UPDATE IGNORE orders o JOIN users u ON u.uid = o.uid SET o.note = u.name WHERE u.country = 'fr'
[mariadb] UPDATE IGNORE country SET code = IF(code = 'br', 'de', CONCAT(LEFT(code, 1), 'z')) ORDER BY code LIMIT 3
[mariadb] UPDATE IGNORE country SET code = NULL ORDER BY code DESC LIMIT 1
[mariadb] UPDATE IGNORE orders SET qty = qty + 10 WHERE status = 'new' ORDER BY id DESC LIMIT 4
[mariadb] DELETE IGNORE o FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country = 'br' AND o.qty > 3
[mariadb] DELETE IGNORE FROM orders WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.uid = orders.uid AND u.country <> 'cn') AND qty < 3
[mariadb] DELETE IGNORE o, l FROM orders o JOIN order_line l ON l.uid = o.uid AND l.order_id = o.id WHERE o.status = 'cancelled' AND o.qty = 2
[mariadb] DELETE IGNORE FROM orders WHERE status = 'paid' ORDER BY id LIMIT 2
[mariadb] UPDATE IGNORE orders o JOIN users u ON u.uid = o.uid SET o.note = 'both', u.email = NULL WHERE u.uid IN (3, 4)
[mariadb] UPDATE IGNORE orders SET note = 'limited' WHERE qty = 1 LIMIT 100
# product has no PRIMARY KEY but a UNIQUE key of a NOT NULL column (sku): its rows are written by that key
[mariadb] UPDATE product p JOIN merchant m ON m.id = p.merchant_id SET p.price = m.rating WHERE m.country IN ('de', 'fr')
UPDATE product p SET p.category = 'rated' WHERE EXISTS (SELECT 1 FROM merchant m WHERE m.id = p.merchant_id AND m.rating > 5)
[mariadb] UPDATE IGNORE product p JOIN merchant m ON m.id = p.merchant_id SET p.sku = IF(p.sku = 'sku1', 'sku2', CONCAT(p.sku, m.id)), p.name = NULL WHERE m.id <= 3
[mariadb] DELETE p FROM product p JOIN merchant m ON m.id = p.merchant_id WHERE m.country = 'it'
[mariadb] DELETE IGNORE FROM event WHERE kind = 'view' LIMIT 100

# ---- probes of subtle semantics over several shards: NULLs in NOT IN, collations, empty sets, windows, USING ------
SELECT id FROM orders WHERE item NOT IN (SELECT name FROM users)
SELECT id FROM orders WHERE item NOT IN (SELECT name FROM users WHERE name IS NOT NULL) AND uid < 6
SELECT id FROM orders WHERE uid NOT IN (SELECT uid FROM event WHERE kind = 'buy')
SELECT id FROM orders o WHERE o.qty > ALL (SELECT qty FROM orders WHERE uid = 3)
SELECT id FROM orders o WHERE o.price < ANY (SELECT amount FROM order_line WHERE sku = 'sku3')
SELECT id FROM orders WHERE (uid, country) IN (SELECT uid, country FROM users)
SELECT id FROM orders WHERE (uid, country) NOT IN (SELECT uid, country FROM users WHERE uid < 20)
SELECT COUNT(DISTINCT item) FROM orders
[mariadb] SELECT COUNT(DISTINCT uid, item) FROM orders
[ci] SELECT DISTINCT item FROM orders o JOIN users u ON u.uid = o.uid
[ci] SELECT GROUP_CONCAT(DISTINCT item ORDER BY item SEPARATOR '|') FROM orders WHERE item <> 'pen'
[ordered] SELECT id, uid, ROW_NUMBER() OVER (PARTITION BY uid ORDER BY id) rn FROM orders WHERE uid < 10 ORDER BY uid, id
[ordered] SELECT id, LAG(id) OVER (ORDER BY id) prev, LEAD(qty, 2) OVER w nxt FROM orders WINDOW w AS (ORDER BY id) ORDER BY id LIMIT 10
[ordered] SELECT uid, id, NTILE(3) OVER (ORDER BY uid, id) t FROM orders ORDER BY uid, id
[ordered] SELECT uid, SUM(qty) OVER (ORDER BY uid RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) s FROM orders ORDER BY uid, id
[mariadb] [ordered] SELECT AVG(qty), AVG(price), SUM(price) / COUNT(*), SUM(qty) / COUNT(*), SUM(qty) DIV 7 FROM orders
[mariadb] [ordered] SELECT STDDEV_SAMP(qty), VAR_POP(price), STD(uid) FROM orders
[mariadb] [ordered] SELECT BIT_XOR(qty), BIT_AND(uid), BIT_OR(qty) FROM orders
[mariadb] [ordered] SELECT qty DIV 2 AS h, COUNT(*) FROM orders GROUP BY qty DIV 2 ORDER BY h
[ordered] SELECT SUM(qty) + 0.5, CAST(SUM(qty) AS CHAR), SUM(price) * 1.000 FROM orders
[ordered] SELECT SUM(qty), AVG(qty), MAX(id), COUNT(*), GROUP_CONCAT(id), JSON_ARRAYAGG(id) FROM orders WHERE qty > 100
[mariadb] SELECT uid, COUNT(*) FROM orders WHERE qty > 100 GROUP BY uid WITH ROLLUP
[ordered] SELECT uid, COUNT(*) c FROM orders GROUP BY uid HAVING c > 3 ORDER BY c DESC, uid LIMIT 5
[ordered] SELECT uid, GROUP_CONCAT(id ORDER BY id DESC SEPARATOR ';') FROM orders GROUP BY uid ORDER BY uid LIMIT 5
[ordered] SELECT uid, MAX(price) - MIN(price) AS spread FROM orders GROUP BY uid HAVING COUNT(*) > 1 ORDER BY uid
SELECT COUNT(*) > 0 FROM orders WHERE status = 'x'
[ordered] SELECT o.id FROM orders o WHERE o.price > (SELECT AVG(price) FROM orders) ORDER BY o.id
[ordered] SELECT uid, id FROM orders o WHERE id = (SELECT MAX(id) FROM orders o2 WHERE o2.uid = o.uid) ORDER BY uid
[ordered] SELECT u.country, COUNT(DISTINCT o.uid) FROM users u JOIN orders o ON o.uid = u.uid GROUP BY u.country ORDER BY u.country
SELECT * FROM country c WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.country = c.code)
[ci] SELECT e.kind, SUM(e.val), COUNT(*) FROM event e GROUP BY e.kind
[mariadb] [ordered] SELECT o.id, o.created + INTERVAL 1 DAY FROM orders o JOIN users u USING (uid) WHERE u.country = 'de' ORDER BY o.id
[ordered] SELECT * FROM orders o JOIN users u USING (uid, country) ORDER BY o.id LIMIT 5
SELECT * FROM orders NATURAL JOIN users
[mariadb] SELECT o.id FROM orders o STRAIGHT_JOIN users u ON u.uid = o.uid WHERE u.signup > '2023-11-15'
SELECT * FROM (SELECT uid, COUNT(*) c FROM orders GROUP BY uid) t WHERE c >= 5
SELECT 1 FROM DUAL WHERE EXISTS (SELECT * FROM orders WHERE qty = 5)
SELECT (SELECT name FROM users WHERE uid = 3), (SELECT COUNT(*) FROM orders)
SELECT id FROM orders WHERE uid = 3 OR id IN (SELECT order_id FROM order_line WHERE amount > 45)
SELECT id FROM orders ORDER BY id LIMIT 0
[ordered] SELECT id FROM orders WHERE uid IN (SELECT uid FROM users WHERE name LIKE 'user1%') ORDER BY id
[ordered] (SELECT id FROM orders WHERE uid < 10) UNION ALL (SELECT id FROM event) ORDER BY id LIMIT 5, 5
[ordered] SELECT NULL AS x UNION SELECT uid FROM users WHERE uid < 3 ORDER BY x
[ordered] SELECT DISTINCT * FROM orders ORDER BY uid, id LIMIT 7
[mariadb] SELECT uid FROM orders EXCEPT ALL SELECT uid FROM users
[mariadb] SELECT uid FROM orders INTERSECT ALL SELECT uid FROM order_line
[mariadb] [ordered] SELECT status, MEDIAN(price) OVER (PARTITION BY status) m FROM orders GROUP BY status, price ORDER BY status, price LIMIT 10
[ordered] SELECT o.id, m.name FROM orders o LEFT JOIN product p ON p.sku = o.item LEFT JOIN merchant m ON m.id = p.merchant_id ORDER BY o.id
[ordered] WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT o.id FROM orders o JOIN r ON r.n = o.uid ORDER BY o.id
[ordered] SELECT uid, COUNT(*), SUM(qty) FROM orders WHERE uid IN (SELECT uid FROM users WHERE country IN ('de', 'fr')) GROUP BY uid ORDER BY uid
[ordered] SELECT p.category, COUNT(l.id), SUM(l.amount) FROM product p LEFT JOIN order_line l ON l.sku = p.sku GROUP BY p.category ORDER BY 1
[ordered] SELECT c.region, COUNT(*) FROM orders o JOIN country c ON c.code = o.country JOIN users u ON u.uid = o.uid AND u.country = o.country GROUP BY c.region ORDER BY c.region
INSERT INTO users (uid, name, country) SELECT id + 100, item, country FROM orders WHERE id < 6
UPDATE orders SET qty = qty + 1, price = qty * 2 WHERE uid = 7
DELETE FROM orders WHERE uid IN (SELECT uid FROM users WHERE name IS NULL) AND qty = 5

[ordered] SELECT SUM(9223372036854775807), SUM(uid * 1000000000000), SUM(-uid), MIN(-price), AVG(uid) FROM orders
[ordered] SELECT uid, SUM(9223372036854775807) s FROM orders GROUP BY uid ORDER BY uid LIMIT 4
SELECT COUNT(note), COUNT(*), note FROM orders GROUP BY note
[ordered] SELECT uid % 3 AS m, SUM(price), AVG(price), MIN(created), MAX(note) FROM orders GROUP BY uid % 3 ORDER BY m
[ordered] SELECT id, price FROM orders ORDER BY price DESC, id LIMIT 10
[ordered] SELECT id, price FROM orders ORDER BY price, id LIMIT 15
[ordered] SELECT id FROM orders ORDER BY price IS NULL, price, id LIMIT 10
[mariadb] [ordered] SELECT id, item FROM orders ORDER BY CAST(item AS BINARY), id LIMIT 12
[mariadb] [ordered] SELECT id, status FROM orders ORDER BY FIELD(status, 'paid', 'new'), id LIMIT 10
[ordered] SELECT * FROM orders ORDER BY id LIMIT 3 OFFSET 117
[ordered] SELECT id FROM orders WHERE uid BETWEEN 3 AND 9 ORDER BY id DESC LIMIT 4
[mariadb] SELECT SQL_NO_CACHE id FROM orders WHERE uid = 3
SELECT MAX(uid) FROM orders HAVING MAX(uid) > 100
SELECT COUNT(*) FROM orders HAVING COUNT(*) > 5
SELECT DISTINCT uid % 5 FROM orders
[ordered] SELECT uid, SUM(price) FROM orders GROUP BY uid ORDER BY SUM(price) DESC, uid LIMIT 3
[ordered] SELECT * FROM orders WHERE uid IN (1, 2, 3) ORDER BY uid, id LIMIT 2, 3
SELECT COUNT(*) FROM orders o, users u WHERE o.uid = u.uid
[ordered] [params 3, 'pen'] SELECT id FROM orders WHERE uid > ? AND item = ? ORDER BY id
[ordered] [params 5] SELECT id FROM orders ORDER BY id LIMIT ?
[ordered] [params 'de', 2] SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid WHERE u.country = ? ORDER BY o.id LIMIT ?
[ordered] SELECT o.uid, COUNT(*) FROM orders o JOIN order_line l ON l.order_id = o.id GROUP BY o.uid ORDER BY o.uid
[ordered] SELECT l.sku, COUNT(DISTINCT o.uid), GROUP_CONCAT(DISTINCT o.status ORDER BY o.status) FROM order_line l JOIN orders o ON o.id = l.order_id GROUP BY l.sku ORDER BY l.sku
[ordered] SELECT m.name, SUM(l.amount) FROM merchant m JOIN product p ON p.merchant_id = m.id JOIN order_line l ON l.sku = p.sku GROUP BY m.name ORDER BY m.name
[ordered] SELECT u.uid, (SELECT COUNT(*) FROM orders o WHERE o.uid = u.uid) n FROM users u WHERE u.uid > 35 ORDER BY u.uid
[ordered] SELECT id FROM event WHERE id BETWEEN 900 AND 1300 ORDER BY id
[ordered] SELECT uid, kind, COUNT(*) FROM event WHERE id > 500 GROUP BY uid, kind HAVING COUNT(*) > 1 ORDER BY uid, kind
UPDATE orders SET note = CONCAT(IFNULL(note, ''), 'x') WHERE uid IN (1, 2) ORDER BY id LIMIT 3
[mariadb] DELETE FROM orders WHERE uid IN (SELECT uid FROM users WHERE country = 'jp') ORDER BY id LIMIT 2
INSERT INTO orders (id, uid, item) SELECT id + 1000, uid, 'copy' FROM orders WHERE uid = 3 ON DUPLICATE KEY UPDATE item = 'dup'
INSERT INTO orders (id, uid, item) SELECT id + 1000, uid, 'copy' FROM orders WHERE uid = 3 ON DUPLICATE KEY UPDATE item = 'dup'
[mariadb] REPLACE INTO users (uid, name) SELECT uid, 'rep' FROM orders WHERE id = 4
INSERT IGNORE INTO users (uid, name) SELECT uid, 'ign' FROM orders WHERE id < 10
UPDATE users u SET u.email = (SELECT MAX(o.item) FROM orders o WHERE o.uid = u.uid) WHERE u.uid < 10
DELETE FROM users WHERE uid NOT IN (SELECT uid FROM orders) AND uid > 40
[mariadb] UPDATE orders SET price = NULL WHERE price > (SELECT AVG(price) FROM orders) AND qty = 1
[mariadb] DELETE FROM orders WHERE id IN (SELECT MAX(id) FROM orders GROUP BY uid) AND qty = 2

# ---- UPDATE of the hint column: a row whose new uid routes to another shard moves there (written on its shard by its
# key, read back, deleted there, inserted on the new shard); users' primary key is its hint column: found by its new value
UPDATE orders SET uid = 2 WHERE uid = 1
UPDATE orders SET uid = uid + 4 WHERE uid = 2
UPDATE orders SET uid = uid + 1, note = CONCAT('was ', uid - 1) WHERE uid IN (3, 4, 5)
[params 6, 7] UPDATE orders SET uid = ? WHERE uid = ?
UPDATE orders SET uid = 8, note = 'moved' WHERE id BETWEEN 100 AND 120
[ordered] SELECT id, uid, note FROM orders WHERE uid = 8 ORDER BY id
UPDATE orders SET uid = CASE WHEN qty > 3 THEN uid + 1 ELSE uid END WHERE uid IN (9, 10, 11, 12)
[params 3] UPDATE orders SET uid = uid + ? WHERE uid = 14
UPDATE orders SET uid = uid + 4 WHERE uid = 21
UPDATE order_line SET uid = uid + 2 WHERE uid = 16
UPDATE orders SET uid = uid * 2, qty = NULL WHERE status = 'cancelled' AND uid BETWEEN 22 AND 30
UPDATE users SET uid = uid + 1000 WHERE uid IN (1, 2, 3)
UPDATE users SET uid = uid + 2000, name = CONCAT(IFNULL(name, ''), '*') WHERE country = 'de' AND uid < 40
[params 'm', 4] UPDATE users SET email = ?, uid = uid + 3000 WHERE uid = ?
UPDATE orders o SET uid = (SELECT MAX(u.uid) FROM users u WHERE u.uid <= o.uid + 5) WHERE o.uid IN (17, 18)
[mariadb] UPDATE orders SET uid = 13 ORDER BY id DESC LIMIT 3
[mariadb] UPDATE orders SET uid = uid + 1, qty = qty + uid WHERE status = 'paid' ORDER BY price DESC, id LIMIT 5
[mariadb] [params 31, 2] UPDATE orders SET uid = ? WHERE uid > 30 ORDER BY id LIMIT ?
[mariadb] UPDATE orders o JOIN users u ON u.uid = o.uid SET o.uid = u.uid + 20 WHERE u.uid IN (19, 20)
# UPDATE IGNORE that moves rows: a row meeting a duplicate key (on its own shard or its new one) stays unchanged and is
# counted as found; rows go in the statement's order, so ORDER BY decides which of two rows takes a free key
[mariadb] INSERT INTO users (uid, name) VALUES (5001, 'a'), (5002, 'b'), (5003, 'c'), (5004, 'd')
[mariadb] UPDATE IGNORE users SET uid = 5002, name = 'dup elsewhere' WHERE uid = 5001
[mariadb] UPDATE IGNORE users SET uid = 5004, name = 'dup here' WHERE uid = 5001
[mariadb] UPDATE IGNORE users SET uid = uid + 100, name = CONCAT(name, '+') WHERE uid IN (5001, 5002, 5003)
[mariadb] UPDATE IGNORE users SET uid = 5201 WHERE uid IN (5101, 5102) ORDER BY uid DESC
[mariadb] UPDATE IGNORE users SET uid = 5300 WHERE uid IN (5101, 5103, 5201) ORDER BY uid
[mariadb] UPDATE IGNORE users SET uid = uid + 1 WHERE uid IN (5004, 5201, 5300) ORDER BY uid DESC
[mariadb] UPDATE IGNORE orders SET uid = uid + 1, qty = 'x' WHERE uid = 31
[ordered] SELECT uid, name FROM users WHERE uid > 5000 ORDER BY uid
# a batch holding a move runs its items in the caller's order, as one atomic unit: each item sees the ones before it
INSERT INTO orders (id, uid, item, qty, status) VALUES (7001, 41, 'chain', 1, 'new'), (7002, 41, 'chain', 2, 'new')
[batch 42, 41 | 43, 42 | 44, 99] UPDATE orders SET uid = ?, note = 'batch move' WHERE uid = ? AND item = 'chain'
[ordered] SELECT id, uid, note FROM orders WHERE item = 'chain' ORDER BY id
INSERT INTO users (uid, name) VALUES (6001, 'chain')
[batch 6102, 6001 | 6203, 6102] UPDATE users SET uid = ? WHERE uid = ?
# an UPDATE of two tables setting one's hint column: each target row written by key, a moving one moved
[mariadb] UPDATE orders o JOIN users u ON u.name = 'chain' SET o.uid = 46, u.email = 'joined' WHERE o.item = 'chain'
[ordered] SELECT o.id, o.uid, u.uid, u.email FROM orders o JOIN users u ON u.name = 'chain' WHERE o.item = 'chain' ORDER BY o.id
[ordered] SELECT uid, COUNT(*), SUM(qty) FROM orders GROUP BY uid ORDER BY uid

# ---- a target without a key (issue 14): ledger's rows may be equal in every column; a write evaluated first that a step
# per shard would not answer (several targets, ORDER BY/LIMIT over several shards, a SET of uid, ledger read again) runs
# once over copies of all its shards on one server, each changed or deleted row written back by its old values
UPDATE ledger SET note = 'vip' WHERE EXISTS (SELECT 1 FROM users u WHERE u.uid = ledger.uid AND u.country = 'fr')
UPDATE ledger SET uid = uid + 1 WHERE note = 'refund'
[params 2, 'sale'] UPDATE ledger SET uid = uid + ?, amount = amount - 1 WHERE note = ? AND uid < 6
UPDATE ledger SET uid = 40, note = 'moved' WHERE EXISTS (SELECT 1 FROM users u WHERE u.uid = ledger.uid AND u.country = 'de')
DELETE FROM ledger WHERE amount > (SELECT AVG(l2.amount) FROM ledger l2 WHERE l2.uid = ledger.uid + 1)
UPDATE ledger SET note = CONCAT(note, '+') WHERE EXISTS (SELECT 1 FROM ledger l2 WHERE l2.uid = ledger.uid - 1 AND l2.note = 'chargeback')
[mariadb] DELETE FROM ledger WHERE note = 'fee' ORDER BY uid DESC, amount LIMIT 5
[mariadb] UPDATE ledger SET amount = amount + 1 WHERE note <> 'sale' ORDER BY uid, amount, note LIMIT 7
[mariadb] DELETE l, o FROM ledger l JOIN orders o ON o.uid = l.uid WHERE l.note = 'chargeback' AND o.status = 'new'
[mariadb] UPDATE ledger l JOIN users u ON u.uid = l.uid SET l.amount = l.amount * 2, u.email = CONCAT('l', u.uid) WHERE u.uid BETWEEN 5 AND 9
# ledger written through two references: one copy, each changed row written back once
[mariadb] UPDATE ledger a JOIN ledger b ON b.uid = a.uid + 1 SET a.note = 'pair', b.amount = b.amount + 1 WHERE a.note = 'sale'
[mariadb] UPDATE ledger a JOIN ledger b ON b.uid = a.uid - 1 SET a.uid = a.uid + 3, b.note = 'left' WHERE a.note IN ('refund', 'pair')
[mariadb] DELETE a, b FROM ledger a JOIN ledger b ON b.uid = a.uid WHERE a.note = 'left' AND b.note <> 'vip'
[ordered] SELECT uid, note, COUNT(*), SUM(amount) FROM ledger GROUP BY uid, note ORDER BY uid, note

# ---- operators spelled as words (issue 14): infix MOD is %; BINARY x compares, sorts and groups by bytes (H2 reads
# neither) ------------------------------------------------------------------------------------------------------------
[ordered] [mariadb] SELECT id, qty MOD 3 FROM orders WHERE uid = 7 ORDER BY id
[mariadb] SELECT id, uid FROM orders WHERE qty MOD 2 = 0
[ordered] [mariadb] SELECT id, id MOD 3 AS m FROM orders ORDER BY m, id
[ordered] [mariadb] SELECT uid MOD 3 AS g, COUNT(*), SUM(qty) FROM orders GROUP BY uid MOD 3 ORDER BY g
[mariadb] SELECT id, MOD(qty, 3), qty mod (4) FROM orders WHERE uid IN (1, 2, 3)
[mariadb] SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.qty MOD 2 = 0 AND u.uid MOD 3 = 1
[mariadb] UPDATE orders SET note = 'odd qty' WHERE qty MOD 2 = 1 AND uid < 10
[mariadb] SELECT id, item FROM orders WHERE BINARY item = 'pen'
[mariadb] SELECT id, item FROM orders WHERE item = BINARY 'Pen'
[mariadb] SELECT id, item FROM orders WHERE BINARY uid = 7
[mariadb] SELECT COUNT(*) FROM orders WHERE BINARY item = 'Book '
[mariadb] SELECT id, BINARY item = 'book', BINARY item FROM orders
[ordered] [mariadb] SELECT id, item FROM orders ORDER BY BINARY item, id
[ordered] [mariadb] SELECT id, item FROM orders ORDER BY BINARY item DESC, id LIMIT 7
[ordered] [mariadb] SELECT BINARY item AS b, COUNT(*), SUM(qty) FROM orders GROUP BY BINARY item ORDER BY BINARY item
[mariadb] SELECT DISTINCT BINARY item FROM orders
[mariadb] SELECT MIN(BINARY item), MAX(BINARY item) FROM orders
[mariadb] SELECT uid, MAX(BINARY item) FROM orders GROUP BY uid HAVING MAX(BINARY item) = 'Pen'
[mariadb] SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE BINARY o.item = 'Pen'
[mariadb] UPDATE orders SET note = 'exact pen' WHERE BINARY item = 'pen'
[ci] [mariadb] SELECT DISTINCT SQL_NO_CACHE item FROM orders
[mariadb] SELECT id, item FROM orders WHERE item SOUNDS LIKE 'pin'
[ordered] [mariadb] SELECT id, item SOUNDS LIKE 'bok' FROM orders ORDER BY id
[mariadb] SELECT uid, COUNT(*) FROM orders GROUP BY uid HAVING MAX(item) SOUNDS LIKE 'pen'
[mariadb] SELECT o.id FROM orders o JOIN users u ON u.uid = o.uid WHERE o.item SOUNDS LIKE 'paper'
[mariadb] SELECT SQL_BUFFER_RESULT DISTINCT SQL_SMALL_RESULT uid, status FROM orders WHERE uid > 20

# ---- refused, with the reason and DBProxy's code --------------------------------------------------------------------
[refused 100403] SELECT o.id, u.name FROM orders o JOIN users u ON u.uid = o.uid FOR UPDATE
[refused 100403] SELECT LAST_INSERT_ID(), o.id FROM orders o JOIN users u ON u.uid = o.uid
[refused 100403] SELECT @n := @n + 1, o.id FROM orders o JOIN users u ON u.uid = o.uid
[refused 100403] SELECT * FROM customer
[refused 100403] SELECT * FROM customer WHERE tier = 1
[refused 100403] SELECT *, COUNT(*) FROM orders GROUP BY uid
[refused 100403] EXPLAIN SELECT * FROM orders
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
