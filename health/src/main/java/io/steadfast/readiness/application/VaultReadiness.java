package io.steadfast.readiness.application;

import java.util.List;

/**
 * Whether the vault keeps payments from completing, from what its health says (the vault's
 * {@code VaultHealth}: status {@code UP}, {@code DEGRADED} or {@code DOWN}, the disks out of
 * service, and other problems, today the applier's).
 *
 * <p>Not ready when the vault is {@code DOWN} (too few disks, or the applier thread has stopped),
 * when it names a problem (the applier cannot write committed objects to the disks: it is
 * {@code DEGRADED} then, but every commit adds to memory and to a journal that no checkpoint can
 * trim), or when it cannot be asked. A vault that is {@code DEGRADED} only because disks are out
 * of service still serves and stores every object: ready, with the disks in the check's data.
 */
public final class VaultReadiness {

    /**
     * The MXBean through which the EJB module publishes the vault's health (the health library
     * cannot see the vault's classes). Its one attribute, {@value #ATTRIBUTE}, is a composite with
     * {@code status} (String), {@code offlineDisks} and {@code problems} (String arrays).
     */
    public static final String MXBEAN = "io.steadfast:type=VaultHealth";
    public static final String ATTRIBUTE = "Health";

    private VaultReadiness() {
    }

    public static Verdict of(String status, List<String> offlineDisks, List<String> problems) {
        if ("UP".equals(status)) {
            return Verdict.ready();
        }
        if ("DEGRADED".equals(status) && problems.isEmpty()) {
            return Verdict.ready();
        }
        if ("DEGRADED".equals(status)) {
            return Verdict.down("the vault is DEGRADED: " + String.join("; ", problems) + ". Check the disks (GET /api/v1/admin/vault)");
        }
        if ("DOWN".equals(status)) {
            StringBuilder why = new StringBuilder("the vault is DOWN");
            if (!problems.isEmpty()) {
                why.append(": ").append(String.join("; ", problems));
            }
            if (!offlineDisks.isEmpty()) {
                why.append(problems.isEmpty() ? ": " : "; ").append("disks out of service: ").append(String.join("; ", offlineDisks))
                        .append(" (replace them and rebuild: POST /api/v1/admin/vault/disks/{n}/rebuild)");
            }
            return Verdict.down(why.toString());
        }
        return Verdict.down("the vault reports an unknown status " + status);
    }

    /** The vault's health could not be read (the vault does not open, the EJB module is not deployed). */
    public static Verdict unreachable(String reason) {
        return Verdict.down("the vault's health cannot be read (" + reason + "); GET /api/v1/admin/vault and the "
                + "STEADFAST-VAULT lines of the log say more");
    }
}
