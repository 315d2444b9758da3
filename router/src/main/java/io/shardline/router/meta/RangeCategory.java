package io.shardline.router.meta;

import java.util.List;

/** A DBProxy database category: slots {@code 0..size-1}, without gaps (checked on load). */
public record RangeCategory(String cluster, String name, List<RangeSlot> slots) {
    public RangeCategory {
        slots = List.copyOf(slots);
    }

    public int oddEvenCount() {
        int n = 0;
        for (RangeSlot s : slots) {
            if (s.oddEven()) {
                n++;
            }
        }
        return n;
    }
}
