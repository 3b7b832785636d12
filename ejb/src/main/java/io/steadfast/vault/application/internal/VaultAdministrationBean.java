package io.steadfast.vault.application.internal;

import io.steadfast.vault.api.ScrubReport;
import io.steadfast.vault.api.VaultConnection;
import io.steadfast.vault.api.VaultConnectionFactory;
import io.steadfast.vault.api.VaultHealth;
import io.steadfast.vault.api.VaultStatistics;
import io.steadfast.vault.application.VaultAdministration;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.resource.ResourceException;

import java.util.function.Function;

/** Implements {@link VaultAdministration} over a vault connection. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VaultAdministrationBean implements VaultAdministration {

    @Resource(lookup = VaultConnectionFactory.JNDI_NAME)
    VaultConnectionFactory vault;

    private <T> T withConnection(Function<VaultConnection, T> work) {
        try (VaultConnection c = vault.getConnection()) {
            return work.apply(c);
        } catch (ResourceException e) {
            throw new IllegalStateException("the vault is unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public VaultHealth health() {
        return withConnection(VaultConnection::health);
    }

    @Override
    public VaultStatistics statistics() {
        return withConnection(VaultConnection::statistics);
    }

    @Override
    public ScrubReport scrub(long bytesPerSecond) {
        return withConnection(c -> c.scrub(bytesPerSecond));
    }

    @Override
    public ScrubReport rebuild(int disk) {
        return withConnection(c -> c.rebuild(disk));
    }
}
