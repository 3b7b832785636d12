package io.steadfast.vault.outbound;

import io.steadfast.vault.api.VaultConnection;
import io.steadfast.vault.api.VaultConnectionFactory;
import io.steadfast.vault.engine.Vault;
import io.steadfast.vault.engine.VaultConfig;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Creates managed connections to one vault, described by its config properties (set in the
 * resource adapter's connection definition, see {@code standalone-config/configure-vault.cli}).
 */
@ConnectionDefinition(
        connectionFactory = VaultConnectionFactory.class,
        connectionFactoryImpl = VaultConnectionFactoryImpl.class,
        connection = VaultConnection.class,
        connectionImpl = VaultConnectionImpl.class)
public class VaultManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private transient ResourceAdapter ra;
    private transient PrintWriter logWriter;

    @ConfigProperty(description = "Comma-separated disk directories", defaultValue = "")
    private String directories = "";
    @ConfigProperty(description = "mirror, parity, reed-solomon or stripe", defaultValue = "mirror")
    private String layout = "mirror";
    @ConfigProperty(description = "Data chunks k (parity, reed-solomon, stripe)", defaultValue = "2")
    private Integer dataChunks = 2;
    @ConfigProperty(description = "Parity chunks m (reed-solomon)", defaultValue = "1")
    private Integer parityChunks = 1;
    @ConfigProperty(description = "Allow the stripe layout, which has no redundancy", defaultValue = "false")
    private Boolean allowStripe = Boolean.FALSE;
    /**
     * The node id when none is configured: the same default as the CLI scripts'
     * ({@code ${steadfast.node.id:steadfast-1}}, for the transaction manager and this property)
     * and the scheduler's, so that an unconfigured vault's journal belongs to the node the
     * transaction manager recovers as.
     */
    public static final String DEFAULT_NODE_ID = "steadfast-1";

    @ConfigProperty(description = "Cluster node id that owns this vault's journal (steadfast.node.id)", defaultValue = DEFAULT_NODE_ID)
    private String nodeId = DEFAULT_NODE_ID;
    @ConfigProperty(description = "For a vault shared by a cluster: the folder holding one folder per node id, this node's disks "
            + "inside its own; reads that miss this node's vault look in the others'. none (or empty) for a vault of its own",
            defaultValue = NO_CLUSTER)
    private String clusterRoot = NO_CLUSTER;
    /** The clusterRoot of a vault of its own: WildFly refuses a config-property that resolves to an empty value. */
    static final String NO_CLUSTER = "none";

    /**
     * Checks the settings first, so that a layout that cannot work on its disks stops the
     * deployment (STEADFAST-VAULT-0013, naming every setting and what is allowed) instead of
     * failing the first payment.
     */
    @Override
    public Object createConnectionFactory(ConnectionManager cxManager) throws ResourceException {
        try {
            config();
            VaultSettings.tuning();
        } catch (IllegalArgumentException e) {
            ResourceException invalid = VaultLogger.LOG.invalidTuning(e.getMessage());
            VaultLogger.LOG.error(invalid.getMessage());
            throw invalid;
        } catch (ResourceException e) {
            VaultLogger.LOG.error(e.getMessage());
            throw e;
        }
        return new VaultConnectionFactoryImpl(this, cxManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new jakarta.resource.NotSupportedException("the vault is only usable inside an application server");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        return new VaultManagedConnection(this, engine());
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public ManagedConnection matchManagedConnections(Set connectionSet, Subject subject, ConnectionRequestInfo info) {
        for (Object o : connectionSet) {
            if (o instanceof VaultManagedConnection mc && mc.factory().equals(this)) {
                return mc;
            }
        }
        return null;
    }

    Vault engine() throws ResourceException {
        if (!(ra instanceof VaultResourceAdapter vra)) {
            throw new jakarta.resource.spi.IllegalStateException("the vault connection factory is not associated with its resource adapter");
        }
        return vra.engine(config());
    }

    /**
     * The engine's configuration from the settings, checked against the layout.
     *
     * @throws jakarta.resource.spi.InvalidPropertyException (STEADFAST-VAULT-0013) naming what is wrong, every setting and what is allowed
     */
    VaultConfig config() throws ResourceException {
        List<String> names = directories == null ? List.of()
                : Arrays.stream(directories.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        try {
            List<Path> disks = names.stream().map(Path::of).toList();
            if (disks.isEmpty()) {
                throw new IllegalArgumentException("'directories' names no disk directory (it takes comma-separated directories)");
            }
            if (layout == null || dataChunks == null || parityChunks == null || nodeId == null) {
                throw new IllegalArgumentException("a setting is empty");
            }
            VaultConfig config = new VaultConfig(disks, VaultConfig.Layout.parse(layout), dataChunks, parityChunks,
                    Boolean.TRUE.equals(allowStripe), nodeId,
                    clusterRoot == null || clusterRoot.isBlank() || clusterRoot.trim().equals(NO_CLUSTER) ? null : Path.of(clusterRoot.trim()));
            Vault.validate(config);
            return config;
        } catch (IllegalArgumentException e) {
            throw VaultLogger.LOG.invalidConfiguration(e.getMessage(), layout, directories, names.size(), dataChunks, parityChunks,
                    allowStripe, nodeId);
        }
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return ra;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.ra = ra;
    }

    public String getDirectories() {
        return directories;
    }

    public void setDirectories(String directories) {
        this.directories = directories;
    }

    public String getLayout() {
        return layout;
    }

    public void setLayout(String layout) {
        this.layout = layout;
    }

    public Integer getDataChunks() {
        return dataChunks;
    }

    public void setDataChunks(Integer dataChunks) {
        this.dataChunks = dataChunks;
    }

    public Integer getParityChunks() {
        return parityChunks;
    }

    public void setParityChunks(Integer parityChunks) {
        this.parityChunks = parityChunks;
    }

    public Boolean getAllowStripe() {
        return allowStripe;
    }

    public void setAllowStripe(Boolean allowStripe) {
        this.allowStripe = allowStripe;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public String getClusterRoot() {
        return clusterRoot;
    }

    public void setClusterRoot(String clusterRoot) {
        this.clusterRoot = clusterRoot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaultManagedConnectionFactory m && Objects.equals(directories, m.directories)
                && Objects.equals(layout, m.layout) && Objects.equals(dataChunks, m.dataChunks)
                && Objects.equals(parityChunks, m.parityChunks) && Objects.equals(allowStripe, m.allowStripe)
                && Objects.equals(nodeId, m.nodeId) && Objects.equals(clusterRoot, m.clusterRoot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directories, layout, dataChunks, parityChunks, allowStripe, nodeId, clusterRoot);
    }
}
