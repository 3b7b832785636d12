package io.steadfast.vault.api;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;

import java.io.Serializable;

/**
 * Hands out connections to the vault. Look it up (or inject it with {@code @Resource(lookup=...)})
 * under the JNDI name configured for the resource adapter, by default {@code java:/eis/steadfast/Vault}.
 */
public interface VaultConnectionFactory extends Serializable, Referenceable {

    /** The JNDI name that {@code standalone-config/configure-vault.cli} binds the connection factory under. */
    String JNDI_NAME = "java:/eis/steadfast/Vault";

    /**
     * Returns a connection handle. Inside a JTA transaction its writes are enlisted in that
     * transaction; outside one every write commits on its own. Close the handle when done.
     */
    VaultConnection getConnection() throws ResourceException;
}
