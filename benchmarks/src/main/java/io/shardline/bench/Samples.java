package io.shardline.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Summaries of a harness's rounds (each round a row of measured values), shared by CpuCost, ThreadsCost and AbCost. */
final class Samples {
    private Samples() {
    }

    /** The median of {@code f} over the rows (the upper one of an even count). */
    static double median(List<double[]> rows, ToDoubleFunction<double[]> f) {
        double[] v = rows.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    static double median(List<double[]> rows, int column) {
        return median(rows, r -> r[column]);
    }

    static double min(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).min().orElse(0);
    }

    static double max(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).max().orElse(0);
    }
}
