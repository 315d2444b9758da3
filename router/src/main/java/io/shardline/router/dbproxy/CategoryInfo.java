package io.shardline.router.dbproxy;

import io.shardline.router.meta.RangeCategory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code categoryInfo}: a range category's slot count, how many slots are odd/even pairs and which
 * ones (ascending).
 */
public record CategoryInfo(int splitCount, int oddEvenCount, List<Integer> oddEvenIndexes) {
    public CategoryInfo {
        oddEvenIndexes = List.copyOf(oddEvenIndexes);
    }

    public static CategoryInfo of(RangeCategory category) {
        List<Integer> oddEven = new ArrayList<>();
        for (int i = 0; i < category.slots().size(); i++) {
            if (category.slots().get(i).oddEven()) {
                oddEven.add(i);
            }
        }
        return new CategoryInfo(category.slots().size(), oddEven.size(), oddEven);
    }

    /** The spec's dictionary: {@code oddEvenIndexes} only when there are odd/even slots. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("splitCount", splitCount);
        m.put("oddEvenCount", oddEvenCount);
        if (oddEvenCount > 0) {
            m.put("oddEvenIndexes", oddEvenIndexes);
        }
        return m;
    }
}
