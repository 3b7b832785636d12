package io.steadfast.readiness.infrastructure;

import io.steadfast.readiness.application.TransactionsReadiness.RecoverySettings;
import org.junit.jupiter.api.Test;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The model as WildFly's jmx subsystem exposes it: attributes in camel case, undefined ones null. */
class ManagementModelTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ManagementModel model = new ManagementModel(server);

    private void register(String name, Map<String, Object> attributes) throws Exception {
        server.registerMBean(new DynamicMBean() {
            @Override
            public Object getAttribute(String attribute) throws AttributeNotFoundException {
                if (!attributes.containsKey(attribute)) {
                    throw new AttributeNotFoundException(attribute);
                }
                return attributes.get(attribute);
            }

            @Override
            public void setAttribute(Attribute attribute) {
                throw new UnsupportedOperationException();
            }

            @Override
            public AttributeList getAttributes(String[] names) {
                throw new UnsupportedOperationException();
            }

            @Override
            public AttributeList setAttributes(AttributeList attributes) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object invoke(String actionName, Object[] params, String[] signature) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MBeanInfo getMBeanInfo() {
                return new MBeanInfo(getClass().getName(), "test", null, null, null, null);
            }
        }, new ObjectName(name));
    }

    @Test
    void readsTheResolvedNodeIdentifier() throws Exception {
        register(ManagementModel.TRANSACTIONS, Map.of("nodeIdentifier", "steadfast-it"));

        assertThat(model.nodeIdentifier()).isEqualTo("steadfast-it");
    }

    @Test
    void theVaultWithARecoveryUserIsRecovered() throws Exception {
        java.util.HashMap<String, Object> a = new java.util.HashMap<>();
        a.put("noRecovery", false);
        a.put("recoveryUsername", "vault-recovery");
        a.put("recoverySecurityDomain", null);
        register(ManagementModel.VAULT_CONNECTION_DEFINITION, a);

        RecoverySettings s = model.vaultRecovery();

        assertThat(s.exists()).isTrue();
        assertThat(s.noRecovery()).isFalse();
        assertThat(s.credential()).isTrue();
    }

    @Test
    void theVaultWithoutRecoveryCredentialsHasNone() throws Exception {
        java.util.HashMap<String, Object> a = new java.util.HashMap<>();
        a.put("noRecovery", null);
        a.put("recoveryUsername", null);
        register(ManagementModel.VAULT_CONNECTION_DEFINITION, a);

        RecoverySettings s = model.vaultRecovery();

        assertThat(s.noRecovery()).isFalse();
        assertThat(s.credential()).isFalse();
    }

    @Test
    void resourcesNotConfiguredAreSaidToBeMissing() throws Exception {
        assertThat(model.vaultRecovery().exists()).isFalse();
        assertThat(model.datasourceRecovery().exists()).isFalse();
    }

    @Test
    void theDatasourceWithNoRecoveryIsSeen() throws Exception {
        register(ManagementModel.XA_DATASOURCE, Map.of("noRecovery", true));

        assertThat(model.datasourceRecovery().noRecovery()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void startingIsTheServersStateWhileItBoots() throws Exception {
        org.assertj.core.api.Assertions.assertThat(model.starting()).as("no state to read: not starting").isFalse();
        register(ManagementModel.SERVER, Map.of("serverState", "starting"));
        org.assertj.core.api.Assertions.assertThat(model.starting()).isTrue();
        server.unregisterMBean(new ObjectName(ManagementModel.SERVER));
        register(ManagementModel.SERVER, Map.of("serverState", "running"));
        org.assertj.core.api.Assertions.assertThat(model.starting()).isFalse();
    }
}
