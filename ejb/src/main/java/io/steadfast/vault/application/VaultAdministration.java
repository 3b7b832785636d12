package io.steadfast.vault.application;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultStatistics;
import jakarta.ejb.Local;

/** What an operator can see and do with the payments vault. Runs outside transactions. */
@Local
public interface VaultAdministration {

    VaultHealth health();

    VaultStatistics statistics();

    /** Verifies every chunk and repairs what it can, reading at most {@code bytesPerSecond} (0: no limit). */
    ScrubReport scrub(long bytesPerSecond);

    /** Restores full redundancy onto a replaced, empty disk directory. */
    ScrubReport rebuild(int disk);
}
