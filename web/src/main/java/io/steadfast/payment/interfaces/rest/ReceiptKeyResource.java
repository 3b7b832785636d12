package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.PaymentService;
import io.steadfast.payment.application.Receipt;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.steadfast.web.ApiDoc;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Base64;

/** Publishes the key that verifies receipt signatures. */
@Path("/receipts/public-key")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "receipts")
@APIResponse(responseCode = "406", ref = ApiDoc.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiDoc.INTERNAL_ERROR)
public class ReceiptKeyResource {

    /**
     * @param algorithm always {@code Ed25519}
     * @param publicKey Base64 of the X.509 SubjectPublicKeyInfo
     * @param pem       the same key as PEM
     */
    @Schema(requiredProperties = {"algorithm", "publicKey", "pem"})
    public record PublicKeyView(@Schema(enumeration = "Ed25519") String algorithm,
                                @Schema(description = "Base64 of the X.509 SubjectPublicKeyInfo.") String publicKey,
                                @Schema(description = "The same key as PEM.") String pem) {
    }

    @EJB
    PaymentService payments;

    @GET
    @Operation(operationId = "getReceiptPublicKey", summary = "The key that verifies receipt signatures")
    @APIResponse(responseCode = "200", description = "The Ed25519 public key.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PublicKeyView.class)))
    public PublicKeyView publicKey() {
        byte[] der = payments.receiptPublicKey().getEncoded();
        String b64 = Base64.getEncoder().encodeToString(der);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        return new PublicKeyView(Receipt.SIGNATURE_ALGORITHM, b64, pem);
    }
}
