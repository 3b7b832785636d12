package io.steadfast.cluster;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The cluster shared by every test class of this module: started once for the run (kept in
 * JUnit's root store, stopped when the run ends); before each test every node runs again (a test
 * before may have killed one and failed before starting it) and the balancer lists them all.
 */
final class ClusterExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(ClusterExtension.class));
        Cluster cluster = store.get(Cluster.class, Cluster.class);
        if (cluster == null) {
            cluster = new Cluster();
            store.put(Cluster.class, cluster); // stopped at the end of the run even if it fails to start
            cluster.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        context.getRoot().getStore(ExtensionContext.Namespace.create(ClusterExtension.class)).get(Cluster.class, Cluster.class).heal();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(ClusterExtension.class)).get(Cluster.class, Cluster.class);
    }
}
