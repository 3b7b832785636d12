package io.steadfast.overview.application;

import jakarta.ejb.Local;

import java.util.List;

/** The overview of this node, now and over the last hour. */
@Local
public interface OperationsOverview {

    /** Minutes of history kept, one sample a minute. */
    int HISTORY_POINTS = 60;

    /** The figures read now (nothing cached). */
    Overview current();

    /** The samples taken once a minute on this node, oldest first, at most {@link #HISTORY_POINTS}. */
    List<Overview> history();
}
