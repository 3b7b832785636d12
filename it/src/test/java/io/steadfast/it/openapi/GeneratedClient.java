package io.steadfast.it.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Java client generated from an OpenAPI document by openapi-generator (generator {@code java},
 * library {@code native}: java.net.http and Jackson, nothing else at run time), compiled with the
 * JDK's compiler and loaded in its own class loader, so a test can call the API through it.
 */
final class GeneratedClient implements AutoCloseable {

    static final String PACKAGE = "io.steadfast.client";

    private final URLClassLoader loader;
    private final Object apiClient;
    private final ObjectMapper mapper;

    private GeneratedClient(URLClassLoader loader, String baseUri) throws ReflectiveOperationException {
        this.loader = loader;
        Class<?> type = loader.loadClass(PACKAGE + ".ApiClient");
        this.apiClient = type.getConstructor().newInstance();
        type.getMethod("updateBaseUri", String.class).invoke(apiClient, baseUri);
        this.mapper = (ObjectMapper) type.getMethod("getObjectMapper").invoke(apiClient);
    }

    /**
     * Generates the client from {@code document} into {@code dir}/src, compiles it into
     * {@code dir}/classes and loads it, pointed at {@code baseUri}. Fails with the generator's or
     * compiler's messages when the document cannot make a client that compiles.
     */
    static GeneratedClient generate(Path document, Path dir, String baseUri) throws Exception {
        deleteRecursively(dir);
        Path src = dir.resolve("src");
        CodegenConfigurator config = new CodegenConfigurator()
                .setInputSpec(document.toAbsolutePath().toString())
                .setGeneratorName("java")
                .setLibrary("native")
                .setOutputDir(src.toString())
                .setInvokerPackage(PACKAGE)
                .setApiPackage(PACKAGE + ".api")
                .setModelPackage(PACKAGE + ".model")
                // An invalid document fails here, with the parser's messages.
                .setValidateSpec(true)
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("annotationLibrary", "none")
                .addAdditionalProperty("hideGenerationTimestamp", true)
                .addAdditionalProperty("useOneOfDiscriminatorLookup", true)
                .addGlobalProperty("apiTests", "false")
                .addGlobalProperty("modelTests", "false")
                .addGlobalProperty("apiDocs", "false")
                .addGlobalProperty("modelDocs", "false");
        new DefaultGenerator().opts(config.toClientOptInput()).generate();

        List<Path> sources;
        try (Stream<Path> files = Files.walk(src.resolve("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        if (sources.isEmpty()) {
            throw new AssertionError("the generator wrote no Java sources under " + src);
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(sources, classes);
        URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, GeneratedClient.class.getClassLoader());
        return new GeneratedClient(loader, baseUri);
    }

    /** What the generated sources need: Jackson (with java.time) and the Jakarta annotations. */
    private static List<Path> compileClassPath() {
        return Stream.of(ObjectMapper.class, JsonInclude.class, JsonFactory.class, JavaTimeModule.class,
                        jakarta.annotation.Generated.class)
                .map(GeneratedClient::jarOf).distinct().toList();
    }

    private static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new AssertionError("no Java compiler: the tests need a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, compileClassPath());
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            // -parameters: the tests call operations by their parameters' names.
            List<String> options = List.of("--release", "17", "-parameters", "-proc:none", "-nowarn", "-Xlint:none");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
            String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(Object::toString).collect(Collectors.joining("\n"));
            if (!ok || !errors.isEmpty()) {
                throw new AssertionError("the generated client does not compile:\n" + errors);
            }
        }
        System.out.printf("generated and compiled %d client sources%n", sources.size());
    }

    /** The jar (or folder) a class was loaded from. */
    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The client's own JSON mapper (as configured by the generated ApiClient). */
    ObjectMapper mapper() {
        return mapper;
    }

    /** A class of the generated client, such as {@code model.PaymentListResponse}. */
    Class<?> type(String relativeName) throws ClassNotFoundException {
        return loader.loadClass(PACKAGE + "." + relativeName);
    }

    /** A new instance of the API class {@code api.<name>} (such as PaymentsApi) on this client. */
    Object api(String name) throws ReflectiveOperationException {
        Class<?> type = type("api." + name);
        return type.getConstructor(apiClient.getClass()).newInstance(apiClient);
    }

    /**
     * Calls operation {@code operation} of {@code api} with arguments by parameter name (a missing
     * one is null). A model argument may be given as JSON text: the client's mapper reads it into
     * the parameter's type. Returns what the operation returns; an error answer is thrown as the
     * client's {@code ApiException}.
     */
    Object call(Object api, String operation, Map<String, Object> args) throws Throwable {
        Method method = Arrays.stream(api.getClass().getMethods())
                .filter(m -> m.getName().equals(operation))
                .filter(m -> Arrays.stream(m.getParameterTypes()).noneMatch(Map.class::isAssignableFrom))
                .findFirst().orElseThrow(() -> new AssertionError(api.getClass().getSimpleName() + " has no operation " + operation));
        List<Object> values = new ArrayList<>();
        for (java.lang.reflect.Parameter p : method.getParameters()) {
            Object value = args.get(p.getName());
            if (value instanceof String json && p.getType() != String.class) {
                value = mapper.readValue(json, p.getType());
            }
            values.add(value);
        }
        try {
            return method.invoke(api, values.toArray());
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The HTTP status of the client's {@code ApiException}. */
    static int code(Throwable apiException) throws ReflectiveOperationException {
        return (int) apiException.getClass().getMethod("getCode").invoke(apiException);
    }

    /** The body of the client's {@code ApiException}. */
    static String body(Throwable apiException) throws ReflectiveOperationException {
        return (String) apiException.getClass().getMethod("getResponseBody").invoke(apiException);
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
