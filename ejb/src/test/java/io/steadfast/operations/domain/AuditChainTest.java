package io.steadfast.operations.domain;

import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private final AuditChain chain = new AuditChain(AuditChain.auditKey(new SecretKeySpec(new byte[32], "HmacSHA256")));

    private List<AuditEntry> entries(int n) {
        List<AuditEntry> list = new ArrayList<>();
        String previous = "";
        for (int i = 1; i <= n; i++) {
            Instant at = Instant.parse("2026-11-26T03:00:00Z").plusSeconds(i);
            String before = i % 2 == 0 ? null : "{\"state\":\"NEEDS_OPERATOR\"}";
            String mac = chain.mac(previous, i, at, "admin", "payment.settle-approved", "p-" + i, "reason " + i, before, "{\"state\":\"CAPTURED\"}");
            list.add(new AuditEntry(i, at, "admin", "payment.settle-approved", "p-" + i, "reason " + i, before, "{\"state\":\"CAPTURED\"}", mac));
            previous = mac;
        }
        return list;
    }

    private AuditChain.Verdict verify(List<AuditEntry> list, long headSeq, String headMac) {
        AuditChain.Walk walk = chain.walk();
        for (AuditEntry e : list) {
            if (!walk.next(e)) {
                break;
            }
        }
        return walk.end(headSeq, headMac);
    }

    @Test
    void anUntouchedChainIsIntact() {
        List<AuditEntry> list = entries(5);
        AuditChain.Verdict v = verify(list, 5, list.get(4).getMac());
        assertThat(v.intact()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
        assertThat(verify(List.of(), 0, "").intact()).as("an empty trail").isTrue();
    }

    @Test
    void anEditedEntryIsTheFirstBrokenLink() {
        List<AuditEntry> list = entries(5);
        AuditEntry e = list.get(2);
        list.set(2, new AuditEntry(e.getSeq(), e.getRecordedAt(), e.getActor(), e.getAction(), e.getTarget(), "edited",
                e.getBeforeState(), e.getAfterState(), e.getMac()));
        AuditChain.Verdict v = verify(list, 5, list.get(4).getMac());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSeq()).contains(3L);
    }

    @Test
    void aNullAndAnEmptyFieldDiffer() {
        Instant at = Instant.EPOCH;
        assertThat(chain.mac("", 1, at, "a", "b", "c", "d", null, "x")).isNotEqualTo(chain.mac("", 1, at, "a", "b", "c", "d", "", "x"));
        assertThat(chain.mac("", 1, at, "ab", "c", "c", "d", null, null)).isNotEqualTo(chain.mac("", 1, at, "a", "bc", "c", "d", null, null));
    }

    @Test
    void aDeletedEntryOrATruncatedEndIsFound() {
        List<AuditEntry> list = entries(5);
        String headMac = list.get(4).getMac();
        List<AuditEntry> gap = new ArrayList<>(list);
        gap.remove(1);
        assertThat(verify(gap, 5, headMac).firstBrokenSeq()).contains(2L);
        List<AuditEntry> truncated = new ArrayList<>(list.subList(0, 4));
        AuditChain.Verdict v = verify(truncated, 5, headMac);
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSeq()).contains(5L);
    }

    @Test
    void anotherKeyCannotForgeALink() {
        AuditChain other = new AuditChain(AuditChain.auditKey(new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "HmacSHA256")));
        Instant at = Instant.EPOCH;
        assertThat(other.mac("", 1, at, "a", "b", "c", "d", null, null)).isNotEqualTo(chain.mac("", 1, at, "a", "b", "c", "d", null, null));
    }
}
