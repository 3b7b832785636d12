package io.steadfast.vault.application.internal;

import io.steadfast.readiness.application.VaultReadiness;
import io.steadfast.vault.api.VaultHealth;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge's contract: what the readiness check in the health library reads from the MXBean. */
class VaultHealthPublisherTest {

    @Test
    void theHealthArrivesAsTheCompositeTheReadinessCheckReads() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        VaultHealth health = new VaultHealth(VaultHealth.Status.DEGRADED, List.of("disk-1: gone"), List.of("the applier cannot write (EIO)"));
        VaultHealthMXBean bean = () -> VaultHealthPublisher.view(health);
        ObjectName name = new ObjectName(VaultReadiness.MXBEAN);
        server.registerMBean(new StandardMBean(bean, VaultHealthMXBean.class, true), name);

        CompositeData read = (CompositeData) server.getAttribute(name, VaultReadiness.ATTRIBUTE);

        assertThat(read.get("status")).isEqualTo("DEGRADED");
        assertThat((String[]) read.get("offlineDisks")).containsExactly("disk-1: gone");
        assertThat((String[]) read.get("problems")).containsExactly("the applier cannot write (EIO)");
    }
}
