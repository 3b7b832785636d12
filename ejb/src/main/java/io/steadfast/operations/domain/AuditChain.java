package io.steadfast.operations.domain;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The audit trail's hash chain. Each entry's MAC is HMAC-SHA256, under the audit key, over the
 * previous entry's MAC and every field of the entry (each length-prefixed, so no two different
 * entries encode alike). Editing, deleting or reordering any entry, or inserting one, breaks the
 * chain at that point; forging a link needs the key, which is not in the database. The audit key
 * is derived from the row-seal key ({@link #auditKey}), so existing key stores need nothing new.
 */
public final class AuditChain {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKey key;

    public AuditChain(SecretKey key) {
        this.key = key;
    }

    /** The audit key: HMAC-SHA256 of a fixed label under the seal key, a key of its own for its own purpose. */
    public static SecretKey auditKey(SecretKey sealKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(sealKey);
            return new SecretKeySpec(mac.doFinal("steadfast audit chain v1".getBytes(StandardCharsets.US_ASCII)), ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the audit key", e);
        }
    }

    /** The MAC of an entry with these fields, following the link {@code previousMac} ("" for the first). */
    public String mac(String previousMac, long seq, Instant at, String actor, String action, String target, String reason,
                      String before, String after) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            field(out, previousMac);
            out.writeLong(seq);
            field(out, at.toString());
            field(out, actor);
            field(out, action);
            field(out, target);
            field(out, reason);
            field(out, before);
            field(out, after);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(bytes.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute an audit MAC", e);
        }
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** What a verification found: intact, or the first entry whose link does not hold and why. */
    public record Verdict(boolean intact, long entries, Optional<Long> firstBrokenSeq, String problem) {
    }

    /** A walk along the chain from its first entry, one entry at a time (so a long trail is read in pages). */
    public Walk walk() {
        return new Walk();
    }

    /** Checks each link as it comes; stops at the first broken one. */
    public final class Walk {
        private String previous = "";
        private long expectedSeq = 1;
        private long entries;
        private Verdict broken;

        private Walk() {
        }

        /** Checks the next entry; false once the chain is broken (later entries are not looked at). */
        public boolean next(AuditEntry e) {
            if (broken != null) {
                return false;
            }
            entries++;
            if (e.getSeq() != expectedSeq) {
                broken = new Verdict(false, entries, Optional.of(expectedSeq),
                        "entry " + expectedSeq + " is missing (the next one is " + e.getSeq() + ")");
                return false;
            }
            String expected = mac(previous, e.getSeq(), e.getRecordedAt(), e.getActor(), e.getAction(), e.getTarget(), e.getReason(),
                    e.getBeforeState(), e.getAfterState());
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), e.getMac().getBytes(StandardCharsets.US_ASCII))) {
                broken = new Verdict(false, entries, Optional.of(e.getSeq()),
                        "entry " + e.getSeq() + " does not match its MAC: it was changed after it was written");
                return false;
            }
            previous = e.getMac();
            expectedSeq++;
            return true;
        }

        /**
         * The verdict, given what the head row says the last link is ({@code headSeq}, {@code headMac}),
         * so that entries removed from the end are found too.
         */
        public Verdict end(long headSeq, String headMac) {
            if (broken != null) {
                return broken;
            }
            long last = expectedSeq - 1;
            if (last != headSeq || !previous.equals(headMac)) {
                return new Verdict(false, entries, Optional.of(last + 1),
                        "the chain ends at entry " + last + " but its head says " + headSeq + ": entries are missing at the end");
            }
            return new Verdict(true, entries, Optional.empty(), null);
        }
    }
}
