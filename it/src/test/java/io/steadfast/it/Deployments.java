package io.steadfast.it;

import org.assertj.core.api.Assertions;
import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URISyntaxException;

/**
 * The test deployment: the real steadfast.ear, as the build made it, plus steadfast-it.war with
 * the test classes. The EAR keeps its name, so the resource adapter configured for
 * {@code steadfast.ear#steadfast-vault.rar} binds as in production.
 */
public final class Deployments {

    private Deployments() {
    }

    /** The real steadfast.ear alone, as a client sees it (for tests that run outside the server). */
    public static EnterpriseArchive steadfast() {
        String path = System.getProperty("steadfast.ear");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property steadfast.ear must name the built EAR, got " + path);
        }
        return ShrinkWrap.create(ZipImporter.class, "steadfast.ear").importFrom(new File(path)).as(EnterpriseArchive.class);
    }

    public static EnterpriseArchive steadfastWithTests() {
        EnterpriseArchive ear = steadfast();
        WebArchive tests = ShrinkWrap.create(WebArchive.class, "steadfast-it.war")
                .addPackage(Deployments.class.getPackage())
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .addAsLibraries(jarOf(Assertions.class), jarOf(org.awaitility.Awaitility.class), jarOf(org.hamcrest.Matcher.class));
        // Marked, so Arquillian knows which of the EAR's two WARs runs the tests.
        return ear.addAsModule(Testable.archiveToTest(tests));
    }

    private static JavaArchive jarOf(Class<?> type) {
        try {
            File jar = new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return ShrinkWrap.create(ZipImporter.class, jar.getName()).importFrom(jar).as(JavaArchive.class);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
