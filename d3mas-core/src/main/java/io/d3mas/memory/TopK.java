package io.d3mas.memory;

/**
 * The best {@code k} (score, row) pairs seen, as a bounded binary min-heap over primitive arrays: O(n log k) for n
 * offers, no boxing. Better means a higher score, then a lower row (insertion order breaks ties), so the result
 * does not depend on the order of the offers or on how the rows were split between threads.
 */
final class TopK {

    private final float[] score;
    private final int[] row;
    private int size;

    TopK(int k) {
        this.score = new float[k];
        this.row = new int[k];
    }

    /** Whether a candidate with this score could still enter (a cheap test before computing more). */
    boolean admits(float s) {
        return size < score.length || s >= score[0];
    }

    void offer(float s, int r) {
        if (size < score.length) {
            score[size] = s;
            row[size] = r;
            up(size++);
        } else if (better(s, r, score[0], row[0])) {
            score[0] = s;
            row[0] = r;
            down(0);
        }
    }

    void addAll(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.score[i], other.row[i]);
        }
    }

    int size() {
        return size;
    }

    /** Empties the heap into rows and scores, best first. */
    int drain(int[] rows, float[] scores) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            rows[i] = row[0];
            scores[i] = score[0];
            size--;
            score[0] = score[size];
            row[0] = row[size];
            down(0);
        }
        return n;
    }

    private static boolean better(float s1, int r1, float s2, int r2) {
        return s1 > s2 || (s1 == s2 && r1 < r2);
    }

    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(score[parent], row[parent], score[i], row[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(int i) {
        while (true) {
            int l = 2 * i + 1;
            int worst = i;
            if (l < size && better(score[worst], row[worst], score[l], row[l])) {
                worst = l;
            }
            if (l + 1 < size && better(score[worst], row[worst], score[l + 1], row[l + 1])) {
                worst = l + 1;
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        float s = score[a];
        score[a] = score[b];
        score[b] = s;
        int r = row[a];
        row[a] = row[b];
        row[b] = r;
    }
}
