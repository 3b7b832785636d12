package io.steadfast.vault.api;

import java.util.List;

/**
 * The result of a scrub (or rebuild) pass.
 *
 * @param objects       objects visited
 * @param chunksChecked chunks read and verified
 * @param errorsFound   chunks that were missing, damaged or misplaced
 * @param repaired      chunks rewritten from redundancy
 * @param unrecoverable objects that could not be rebuilt, by key
 */
public record ScrubReport(long objects, long chunksChecked, long errorsFound, long repaired, List<String> unrecoverable) {

    @Override
    public String toString() {
        return "objects=" + objects + " chunksChecked=" + chunksChecked + " errorsFound=" + errorsFound
                + " repaired=" + repaired + " unrecoverable=" + unrecoverable.size();
    }
}
