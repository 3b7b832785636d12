package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.infrastructure.ReceiptSigner;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Base64;

/** Publishes the key that verifies receipt signatures. */
@Path("/receipts/public-key")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptKeyResource {

    /**
     * @param algorithm always {@code Ed25519}
     * @param publicKey Base64 of the X.509 SubjectPublicKeyInfo
     * @param pem       the same key as PEM
     */
    public record PublicKeyView(String algorithm, String publicKey, String pem) {
    }

    @Inject
    ReceiptSigner signer;

    @GET
    public PublicKeyView publicKey() {
        byte[] der = signer.publicKey().getEncoded();
        String b64 = Base64.getEncoder().encodeToString(der);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        return new PublicKeyView(ReceiptSigner.ALGORITHM, b64, pem);
    }
}
