package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The k-way merge of units that each send their rows in the statement's order: a tree of losers over the units
 * (internal node {@code n} keeps the loser of the match between its two subtrees, {@code tree[0]} the overall
 * winner), so a row costs exactly log2(k) comparisons, one per level from the advanced unit's leaf up; a binary heap
 * sifting down compared twice per level (4 against up to 8 for 16 units, a fifth of a 16-shard GROUP BY's merge
 * time on H2). Ties keep unit order, so the merge is deterministic and emits the same sequence as before. Holds one
 * row per unit.
 *
 * <p>Grouped input (a streaming GROUP BY's) starts by scanning instead: one pass over the units' rows finds the
 * smallest key and every unit tied on it, whose rows then come out in unit order, each checked once against the next
 * tied unit's (a unit may hold the key twice). A key that r of k units hold costs k - 1 + r - 1 comparisons, where the
 * tree pays r log2(k): 5 groups over 16 shards, each group on every shard, compare 155 times instead of 320. Keys
 * held by few units make the scan dearer than the tree, so it measures the rows per key and turns into the tree for
 * good once they are too few. Both emit the same sequence.
 */
final class MergeSort implements RowStream {
    private final Source[] inputs;
    private final RowOrder order;
    /** {@code tree[0]}: the unit on the smallest row; {@code tree[1..k-1]}: each match's loser (leaves are k..2k-1). */
    private final int[] tree;
    /** Units whose rows are all read: they lose every match (ties among them broken by unit order). */
    private final boolean[] done;
    /** Scanning: the units whose rows tie for the smallest key, in unit order; null once (or if) the tree merges. */
    private int[] ties;
    private int tieCount;
    /** The position in {@link #ties} of the unit whose row is current. */
    private int tiePos;
    /** Scans made and rows they emitted: whether the tree would compare less. */
    private long scans;
    private long scannedRows;
    /** Whether the current row's keys equal the previous row's: known without comparing while a scan's ties last. */
    private boolean tied;
    /**
     * Each unit holds each key at most once (the shards grouped by exactly the merge's keys): after a tied unit's
     * row, the next tied unit's comes without checking whether the first unit holds the key again.
     */
    private boolean keysOncePerUnit;
    private Source current;
    private boolean started;

    MergeSort(List<Source> inputs, RowOrder order) {
        this(inputs, order, false);
    }

    /** {@code grouped}: most keys are expected on many units (partial groups), so it starts by scanning. */
    MergeSort(List<Source> inputs, RowOrder order, boolean grouped) {
        this.inputs = inputs.toArray(new Source[0]);
        this.order = order;
        this.tree = new int[this.inputs.length];
        this.done = new boolean[this.inputs.length];
        this.ties = grouped && this.inputs.length > 2 ? new int[this.inputs.length] : null; // 2 units: 1 comparison a row either way
    }

    @Override
    public boolean next() throws SQLException {
        int k = inputs.length;
        if (!started) {
            started = true;
            for (int i = 0; i < k; i++) {
                done[i] = !inputs[i].next();
            }
            if (ties != null) {
                return scan();
            }
            tree[0] = k == 1 ? 0 : play(1);
        } else if (current != null && ties != null) {
            return nextTied();
        } else if (current != null) {
            int unit = tree[0];
            done[unit] = !current.next();
            for (int node = (unit + k) >>> 1; node >= 1; node >>>= 1) { // replay the matches on the way up
                int rival = tree[node];
                if (less(rival, unit)) {
                    tree[node] = unit;
                    unit = rival;
                }
            }
            tree[0] = unit;
        }
        current = done[tree[0]] ? null : inputs[tree[0]];
        tied = false;
        return current != null;
    }

    /** Scanning: the current unit's next row if it still holds the key, else the next tied unit's, else a new scan. */
    private boolean nextTied() throws SQLException {
        int unit = ties[tiePos];
        done[unit] = !current.next();
        scannedRows++;
        tied = true;
        if (tiePos + 1 < tieCount) {
            Source following = inputs[ties[tiePos + 1]]; // still on the key: compare before moving on
            if (keysOncePerUnit || done[unit] || order.compare(current, following) != 0) {
                tiePos++;
                current = following;
            }
            return true;
        }
        return scan(); // the last tied unit: a row of its own on the same key is the next scan's smallest
    }

    /** Finds the smallest key among the units' rows and the units holding it; or hands over to the tree. */
    private boolean scan() throws SQLException {
        int k = inputs.length;
        if (treeComparesLess()) {
            ties = null;
            tree[0] = play(1);
            current = done[tree[0]] ? null : inputs[tree[0]];
            tied = false;
            return current != null;
        }
        tieCount = 0;
        for (int i = 0; i < k; i++) {
            if (done[i]) {
                continue;
            }
            int c = tieCount == 0 ? -1 : order.compare(inputs[i], inputs[ties[0]]);
            if (c < 0) {
                tieCount = 0;
            }
            if (c <= 0) {
                ties[tieCount++] = i;
            }
        }
        tied = false;
        tiePos = 0;
        if (tieCount == 0) {
            current = null;
            return false;
        }
        scans++;
        current = inputs[ties[0]];
        return true;
    }

    /**
     * Per key held by r units a scan compares k - 2 + r times and the tree r log2(k) times: the tree wins once the
     * rows per key so far fall below (k - 2) / (log2(k) - 1), judged after a few keys.
     */
    private boolean treeComparesLess() {
        int k = inputs.length;
        int levels = 32 - Integer.numberOfLeadingZeros(k - 1);
        return scans >= 8 && scannedRows * (levels - 1) < scans * (k - 2);
    }

    /** Whether the merge orders by exactly these columns (in any order and direction): its ties are their ties. */
    boolean ordersBy(int[] columns) {
        return order.hasColumns(columns);
    }

    /**
     * Declares, before the first row, that each unit holds each key at most once (the shards grouped by exactly the
     * keys this merge orders by), which halves a scan's comparisons. Should a unit still hold a key twice (a server
     * grouping finer than the merge compares), its second row comes at the next scan, not at once: the rows stay in
     * key order and the group merge compares keys at each scan's first row, so the groups are the same; only the
     * order of that key's partial rows differs.
     */
    void keysOncePerUnit() {
        keysOncePerUnit = true;
    }

    /** Whether the current row's keys equal the previous row's, known without comparing (false: compare them). */
    boolean tiedWithPrevious() {
        return tied;
    }

    /** The winner of the subtree under {@code node}; each match's loser stays at its node. */
    private int play(int node) throws SQLException {
        int k = inputs.length;
        if (node >= k) {
            return node - k;
        }
        int a = play(2 * node);
        int b = play(2 * node + 1);
        if (less(b, a)) {
            tree[node] = a;
            return b;
        }
        tree[node] = b;
        return a;
    }

    private boolean less(int a, int b) throws SQLException {
        if (done[a] || done[b]) {
            return done[a] == done[b] ? a < b : done[b];
        }
        int c = order.compare(inputs[a], inputs[b]);
        return c != 0 ? c < 0 : a < b;
    }

    @Override
    public Object get(int column) throws SQLException {
        return current.get(column);
    }

    @Override
    public long getCount(int column) throws SQLException {
        return current.getCount(column);
    }

    @Override
    public ResultSet current() {
        return current == null ? null : current.current();
    }

    @Override
    public int width() {
        return inputs[0].width();
    }

    @Override
    public void close() throws SQLException {
        Streams.closeAll(List.of(inputs));
    }
}
