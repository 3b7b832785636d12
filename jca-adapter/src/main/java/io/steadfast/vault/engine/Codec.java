package io.steadfast.vault.engine;

/**
 * Turns an object into the shards a layout stores, one per disk, and back. Shard {@code i} of an
 * object goes to disk {@link #diskOf(String, int)}.
 */
abstract class Codec {

    final int disks;

    Codec(int disks) {
        this.disks = disks;
    }

    /** Shards the object is stored as; equal to the number of disks. */
    final int shardCount() {
        return disks;
    }

    /** How many shards must survive to read the object. */
    abstract int required();

    abstract byte[][] encode(byte[] object);

    /**
     * Rebuilds the missing shards ({@code null} entries) in place and returns the object.
     *
     * @throws IllegalArgumentException when too few shards survive
     */
    abstract byte[] decode(byte[][] shards, long objectLength);

    /** Rotates shards over disks by key, so parity does not always land on the same disk. */
    int diskOf(String key, int shard) {
        return Math.floorMod(shard + rotation(key), disks);
    }

    /** The shard that disk {@code disk} holds for {@code key}. */
    int shardOn(String key, int disk) {
        return Math.floorMod(disk - rotation(key), disks);
    }

    int rotation(String key) {
        return 0;
    }

    static Codec forConfig(VaultConfig c) {
        int n = c.disks().size();
        return switch (c.layout()) {
            case MIRROR -> new Mirror(n);
            case STRIPE -> new Erasure(n, c.dataChunks(), 0, c.layout());
            case PARITY -> new Erasure(n, c.dataChunks(), 1, c.layout());
            case REED_SOLOMON -> new Erasure(n, c.dataChunks(), c.parityChunks(), c.layout());
        };
    }

    /** RAID-1: every disk holds the whole object. */
    static final class Mirror extends Codec {

        Mirror(int disks) {
            super(disks);
        }

        @Override
        int required() {
            return 1;
        }

        @Override
        byte[][] encode(byte[] object) {
            byte[][] shards = new byte[disks][];
            for (int i = 0; i < disks; i++) {
                shards[i] = object;
            }
            return shards;
        }

        @Override
        byte[] decode(byte[][] shards, long objectLength) {
            byte[] good = null;
            for (byte[] s : shards) {
                if (s != null) {
                    good = s;
                    break;
                }
            }
            if (good == null) {
                throw new IllegalArgumentException("no copy left");
            }
            for (int i = 0; i < shards.length; i++) {
                if (shards[i] == null) {
                    shards[i] = good;
                }
            }
            return good;
        }
    }

    /** k data shards plus m parity shards: stripe (m = 0), RAID-5 parity (m = 1, XOR) or Reed-Solomon. */
    static final class Erasure extends Codec {

        private final int k;
        private final int m;
        private final boolean xor;
        private final ReedSolomon rs;

        Erasure(int disks, int k, int m, VaultConfig.Layout layout) {
            super(disks);
            if (k < 1 || k + m != disks) {
                throw new IllegalArgumentException("layout " + layout.configName() + " with k=" + k + " and m=" + m
                        + " needs exactly " + (k + m) + " disks, not " + disks);
            }
            this.k = k;
            this.m = m;
            this.xor = layout == VaultConfig.Layout.PARITY;
            this.rs = new ReedSolomon(k, m);
        }

        @Override
        int required() {
            return k;
        }

        @Override
        int rotation(String key) {
            return m == 0 ? 0 : key.hashCode();
        }

        static int shardSize(long objectLength, int k) {
            return (int) ((objectLength + k - 1) / k);
        }

        @Override
        byte[][] encode(byte[] object) {
            int size = shardSize(object.length, k);
            byte[][] shards = new byte[k + m][size];
            for (int d = 0; d < k; d++) {
                int from = d * size;
                int n = Math.max(0, Math.min(size, object.length - from));
                if (n > 0) {
                    System.arraycopy(object, from, shards[d], 0, n);
                }
            }
            if (xor) {
                byte[] p = shards[k];
                for (int d = 0; d < k; d++) {
                    byte[] in = shards[d];
                    for (int i = 0; i < size; i++) {
                        p[i] ^= in[i];
                    }
                }
            } else if (m > 0) {
                rs.encodeParity(shards, size);
            }
            return shards;
        }

        @Override
        byte[] decode(byte[][] shards, long objectLength) {
            int size = shardSize(objectLength, k);
            boolean[] present = new boolean[k + m];
            int missing = 0;
            for (int i = 0; i < k + m; i++) {
                present[i] = shards[i] != null && shards[i].length == size;
                if (!present[i]) {
                    shards[i] = new byte[size];
                    missing++;
                }
            }
            if (missing > m) {
                throw new IllegalArgumentException((k + m - missing) + " of " + (k + m) + " shards left; " + k + " are needed");
            }
            if (missing > 0) {
                if (xor) {
                    int lost = -1;
                    for (int i = 0; i <= k; i++) {
                        if (!present[i]) {
                            lost = i;
                        }
                    }
                    byte[] out = shards[lost];
                    for (int i = 0; i <= k; i++) {
                        if (i != lost) {
                            byte[] in = shards[i];
                            for (int b = 0; b < size; b++) {
                                out[b] ^= in[b];
                            }
                        }
                    }
                } else {
                    rs.reconstruct(shards, present, size);
                }
            }
            byte[] object = new byte[(int) objectLength];
            for (int d = 0; d < k; d++) {
                int from = d * size;
                int n = (int) Math.max(0, Math.min(size, objectLength - from));
                if (n > 0) {
                    System.arraycopy(shards[d], 0, object, from, n);
                }
            }
            return object;
        }
    }
}
