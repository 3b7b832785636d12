package io.steadfast.overview.application.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A ring buffer of the last {@code capacity} samples, oldest first; safe for concurrent use. */
final class OverviewHistory<T> {

    private final int capacity;
    private final ArrayDeque<T> points;

    OverviewHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.points = new ArrayDeque<>(capacity);
    }

    /** Adds the newest sample, dropping the oldest when full. */
    synchronized void add(T point) {
        if (points.size() == capacity) {
            points.removeFirst();
        }
        points.addLast(point);
    }

    /** A copy, oldest first. */
    synchronized List<T> points() {
        return new ArrayList<>(points);
    }
}
