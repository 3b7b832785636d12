package io.steadfast.it.arquillian;

import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * Every test class deploys an EAR named {@code steadfast.ear}, and the class before it undeploys
 * its own. Once on CI a class found a {@code steadfast.ear} still deployed ({@code WFLYCTL0212:
 * Duplicate resource}) although the class before it had passed, undeploy included. The cause
 * was not found from CI's output, which keeps only its tail; this guard removes such a leftover
 * before a deployment, and says so at WARNING with what the server reported of it (its status,
 * and whether the deployment scanner or the management API put it there), so that the next
 * occurrence names its origin instead of failing an unrelated class.
 */
public final class StaleDeploymentGuard {

    private static final Logger LOG = Logger.getLogger(StaleDeploymentGuard.class.getName());

    @Inject
    private Instance<ManagementClient> management;

    public void removeLeftover(@Observes BeforeDeploy event) throws IOException {
        DeploymentDescription deployment = event.getDeployment();
        ManagementClient client = management.get();
        if (client == null || deployment.getArchive() == null) {
            return;
        }
        String name = deployment.getArchive().getName();
        ModelNode address = Operations.createAddress("deployment", name);
        ModelNode readOp = Operations.createReadResourceOperation(address, false);
        readOp.get("include-runtime").set(true);
        ModelNode read = client.getControllerClient().execute(readOp);
        if (!Operations.isSuccessfulOutcome(read)) {
            return; // none: the normal case
        }
        ModelNode found = Operations.readResult(read);
        LOG.warning(() -> "A deployment named " + name + " was still on the server before " + deployment.getName()
                + " deployed: status " + found.get("status").asString("?") + ", enabled " + found.get("enabled").asString("?")
                + ", persistent " + found.get("persistent").asString("?") + " (false: the deployment scanner added it)"
                + ", owner " + found.get("owner").asString("none") + ". Removing it.");
        ModelNode remove = Operations.CompositeOperationBuilder.create()
                .addStep(Operations.createOperation("undeploy", address))
                .addStep(Operations.createRemoveOperation(address))
                .build().getOperation();
        ModelNode removed = client.getControllerClient().execute(remove);
        if (!Operations.isSuccessfulOutcome(removed)) {
            throw new IllegalStateException("could not remove the leftover deployment " + name + ": "
                    + Operations.getFailureDescription(removed).asString());
        }
    }

    /** Registered in META-INF/services. */
    public static final class Extension implements LoadableExtension {
        @Override
        public void register(ExtensionBuilder builder) {
            builder.observer(StaleDeploymentGuard.class);
        }
    }
}
