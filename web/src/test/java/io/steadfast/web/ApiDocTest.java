package io.steadfast.web;

import io.steadfast.cart.interfaces.rest.CartResource;
import io.steadfast.integrity.interfaces.rest.QuarantineResource;
import io.steadfast.payment.domain.PaymentMethod;
import io.steadfast.payment.domain.PaymentStatus;
import io.steadfast.payment.interfaces.rest.CreatePaymentRequest;
import io.steadfast.payment.interfaces.rest.LedgerResource;
import io.steadfast.payment.interfaces.rest.PaymentListItem;
import io.steadfast.payment.interfaces.rest.PaymentResource;
import io.steadfast.payment.interfaces.rest.PaymentResponse;
import io.steadfast.payment.interfaces.rest.QuarantinedPaymentResponse;
import io.steadfast.payment.interfaces.rest.ReceiptKeyResource;
import io.steadfast.vault.interfaces.rest.VaultAdminResource;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The annotations that describe the API repeat what Java cannot put into an annotation: the
 * payment statuses and methods as strings, and the names of shared components. These checks
 * keep them equal to the code, so the document at /openapi cannot drift from it unnoticed.
 */
class ApiDocTest {

    private static final List<Class<?>> RESOURCES = List.of(PaymentResource.class, CartResource.class, ReceiptKeyResource.class,
            LedgerResource.class, QuarantineResource.class, VaultAdminResource.class);

    private static List<String> statuses() {
        return Arrays.stream(PaymentStatus.values()).map(Enum::name).toList();
    }

    private static List<String> methods() {
        return Arrays.stream(PaymentMethod.values()).map(PaymentMethod::apiName).toList();
    }

    private static Schema schemaOf(Class<?> record, String component) throws NoSuchFieldException {
        Schema schema = record.getDeclaredField(component).getAnnotation(Schema.class);
        assertThat(schema).as(record.getSimpleName() + "." + component + " has @Schema").isNotNull();
        return schema;
    }

    @Test
    void everyPaymentStatusIsDocumented() throws Exception {
        assertThat(schemaOf(PaymentResponse.class, "status").enumeration()).containsExactlyElementsOf(statuses());
        Method list = Arrays.stream(PaymentResource.class.getMethods()).filter(m -> m.getName().equals("list")).findFirst().orElseThrow();
        Parameter status = list.getParameters()[1].getAnnotation(Parameter.class);
        assertThat(status.schema().enumeration()).containsExactlyElementsOf(statuses());
    }

    @Test
    void theListingTellsItsItemsApartByEveryStatus() {
        Schema item = PaymentListItem.class.getAnnotation(Schema.class);
        assertThat(item.discriminatorProperty()).isEqualTo("status");
        Map<String, Class<?>> mapping = new LinkedHashMap<>();
        for (DiscriminatorMapping m : item.discriminatorMapping()) {
            assertThat(mapping.put(m.value(), m.schema())).as("mapped once: " + m.value()).isNull();
        }
        List<String> expected = new ArrayList<>(statuses());
        expected.add(QuarantinedPaymentResponse.STATUS);
        assertThat(mapping.keySet()).containsExactlyElementsOf(expected);
        mapping.forEach((status, type) -> assertThat(type).as(status)
                .isEqualTo(status.equals(QuarantinedPaymentResponse.STATUS) ? QuarantinedPaymentResponse.class : PaymentResponse.class));
        assertThat(item.oneOf()).containsExactly(PaymentResponse.class, QuarantinedPaymentResponse.class);
    }

    @Test
    void everyPaymentMethodIsDocumented() throws Exception {
        assertThat(schemaOf(CreatePaymentRequest.class, "method").enumeration()).containsExactlyElementsOf(methods());
        assertThat(schemaOf(PaymentResponse.class, "method").enumeration()).containsExactlyElementsOf(methods());
        assertThat(schemaOf(CartResource.Checkout.class, "method").enumeration()).containsExactlyElementsOf(methods());
    }

    @Test
    void everyReferencedComponentIsDeclared() {
        var components = RestApplication.class.getAnnotation(OpenAPIDefinition.class).components();
        Set<String> responses = Arrays.stream(components.responses()).map(APIResponse::name).collect(Collectors.toSet());
        Set<String> parameters = Arrays.stream(components.parameters()).map(Parameter::name).collect(Collectors.toSet());
        Set<String> headers = Arrays.stream(components.headers())
                .map(org.eclipse.microprofile.openapi.annotations.headers.Header::name).collect(Collectors.toSet());
        List<String> checked = new ArrayList<>();
        for (Class<?> resource : RESOURCES) {
            List<APIResponse> declared = new ArrayList<>(Arrays.asList(resource.getAnnotationsByType(APIResponse.class)));
            assertThat(declared).as(resource.getSimpleName() + " declares 406 and 500 for all its operations")
                    .extracting(APIResponse::responseCode).contains("406", "500");
            for (Method m : resource.getDeclaredMethods()) {
                declared.addAll(Arrays.asList(m.getAnnotationsByType(APIResponse.class)));
                for (java.lang.reflect.Parameter p : m.getParameters()) {
                    Parameter param = p.getAnnotation(Parameter.class);
                    if (param != null && !param.ref().isEmpty()) {
                        assertThat(parameters).as(m.getName()).contains(param.ref());
                        checked.add(param.ref());
                    }
                }
            }
            for (APIResponse r : declared) {
                if (!r.ref().isEmpty()) {
                    assertThat(responses).as(resource.getSimpleName() + " " + r.responseCode()).contains(r.ref());
                    checked.add(r.ref());
                }
                for (var h : r.headers()) {
                    if (!h.ref().isEmpty()) {
                        assertThat(headers).contains(h.ref());
                        assertThat(h.name()).isEqualTo(h.ref());
                    }
                }
            }
        }
        assertThat(checked).as("the resources refer to the shared parts").contains(ApiDoc.IDEMPOTENCY_KEY, ApiDoc.BAD_REQUEST,
                ApiDoc.KEY_REUSED, ApiDoc.INTERNAL_ERROR);
    }

    @Test
    void everyPostThatTakesAnIdempotencyKeyDocumentsItAsTheSharedRequiredParameter() {
        var shared = Arrays.stream(RestApplication.class.getAnnotation(OpenAPIDefinition.class).components().parameters())
                .filter(p -> p.name().equals(ApiDoc.IDEMPOTENCY_KEY)).findFirst().orElseThrow();
        assertThat(shared.required()).isTrue();
        int keyed = 0;
        for (Class<?> resource : RESOURCES) {
            for (Method m : resource.getDeclaredMethods()) {
                for (java.lang.reflect.Parameter p : m.getParameters()) {
                    jakarta.ws.rs.HeaderParam header = p.getAnnotation(jakarta.ws.rs.HeaderParam.class);
                    if (header != null && header.value().equals(ApiDoc.IDEMPOTENCY_KEY)) {
                        Parameter doc = p.getAnnotation(Parameter.class);
                        assertThat(doc).as(resource.getSimpleName() + "." + m.getName()).isNotNull();
                        assertThat(doc.ref()).as(resource.getSimpleName() + "." + m.getName()).isEqualTo(ApiDoc.IDEMPOTENCY_KEY);
                        keyed++;
                    }
                }
            }
        }
        assertThat(keyed).as("payments, capture, void, refunds, cart add, checkout").isEqualTo(6);
    }
}
