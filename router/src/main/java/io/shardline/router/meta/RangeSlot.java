package io.shardline.router.meta;

/** One slot of a range category: a single database, or an odd/even pair split by the hint's parity. */
public sealed interface RangeSlot {
    record Single(Placement placement) implements RangeSlot {
    }

    record OddEven(Placement odd, Placement even) implements RangeSlot {
    }

    default boolean oddEven() {
        return this instanceof OddEven;
    }
}
