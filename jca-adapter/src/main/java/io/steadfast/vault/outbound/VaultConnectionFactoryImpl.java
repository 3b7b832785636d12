package io.steadfast.vault.outbound;

import io.steadfast.vault.api.VaultConnection;
import io.steadfast.vault.api.VaultConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;

/** The connection factory that applications look up; it asks the container's connection manager for handles. */
public class VaultConnectionFactoryImpl implements VaultConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final transient VaultManagedConnectionFactory mcf;
    private final transient ConnectionManager connectionManager;
    private Reference reference;

    VaultConnectionFactoryImpl(VaultManagedConnectionFactory mcf, ConnectionManager connectionManager) {
        this.mcf = mcf;
        this.connectionManager = connectionManager;
    }

    @Override
    public VaultConnection getConnection() throws ResourceException {
        return (VaultConnection) connectionManager.allocateConnection(mcf, null);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
