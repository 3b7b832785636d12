package io.steadfast.vault.engine;

import javax.transaction.xa.Xid;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable copy of an {@link Xid} with value equality, usable as a map key and a file name. */
public final class TxId implements Xid {

    private final int formatId;
    private final byte[] gtrid;
    private final byte[] bqual;

    public TxId(int formatId, byte[] gtrid, byte[] bqual) {
        this.formatId = formatId;
        this.gtrid = gtrid.clone();
        this.bqual = bqual.clone();
    }

    public static TxId of(Xid xid) {
        if (xid instanceof TxId t) {
            return t;
        }
        return new TxId(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return gtrid.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return bqual.clone();
    }

    byte[] gtridUnsafe() {
        return gtrid;
    }

    byte[] bqualUnsafe() {
        return bqual;
    }

    /** A file-name-safe, unique rendering: formatId, gtrid and bqual in hex. */
    public String fileName() {
        HexFormat hex = HexFormat.of();
        return Integer.toHexString(formatId) + "-" + hex.formatHex(gtrid) + "-" + hex.formatHex(bqual);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxId t && t.formatId == formatId && Arrays.equals(t.gtrid, gtrid) && Arrays.equals(t.bqual, bqual);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
    }

    @Override
    public String toString() {
        return "TxId[" + fileName() + "]";
    }
}
