package io.steadfast.payment.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import io.steadfast.integrity.infrastructure.KeyStoreFiles;
import io.steadfast.integrity.infrastructure.KeyStoreSettings;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.Date;

/**
 * Signs receipts with an Ed25519 key pair kept in a PKCS12 key store outside the code:
 * {@code steadfast.receipts.keystore.path} (default {@code <server data dir>/steadfast-receipts.p12}),
 * alias {@code receipts}, opened with {@code steadfast.keystore.password}. When the store does not
 * exist yet, it is created with a new key pair and a self-signed certificate ({@link #create});
 * production may supply its own.
 */
@ApplicationScoped
public class ReceiptSigner {

    public static final String ALGORITHM = io.steadfast.payment.application.Receipt.SIGNATURE_ALGORITHM;
    static final String ALIAS = "receipts";
    private static final Logger LOG = Logger.getLogger(ReceiptSigner.class);

    private volatile KeyStore.PrivateKeyEntry entry;
    private volatile byte[] seed;

    private KeyStore.PrivateKeyEntry entry() {
        KeyStore.PrivateKeyEntry e = entry;
        if (e == null) {
            synchronized (this) {
                if (entry == null) {
                    KeyStore.PrivateKeyEntry loaded = load();
                    seed = seedOf(loaded.getPrivateKey());
                    entry = loaded;
                }
                e = entry;
            }
        }
        return e;
    }

    /** Base64 of the Ed25519 signature over the document's exact bytes. */
    public String sign(byte[] document) {
        entry();
        return Base64.getEncoder().encodeToString(sign(seed, document));
    }

    /** The 32-byte Ed25519 private key (RFC 8032's seed) of a JDK key. */
    static byte[] seedOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalStateException("the receipt key is not an Ed25519 private key (" + key.getAlgorithm() + ")");
        }
        return ed.getBytes().get();
    }

    /**
     * Signs with Bouncy Castle's RFC 8032 Ed25519. Ed25519 is deterministic, so this is the same
     * signature as the JDK's {@code Signature.getInstance("Ed25519")}, which verifies it; it is
     * several times cheaper than the JDK 17 signer, which took a third of the server's CPU per
     * payment (PERFORMANCE.md).
     */
    static byte[] sign(byte[] seed, byte[] document) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, document, 0, document.length, signature, 0);
        return signature;
    }

    public PublicKey publicKey() {
        return entry().getCertificate().getPublicKey();
    }

    private static KeyStore.PrivateKeyEntry load() {
        KeyStoreSettings settings = KeyStoreSettings.current();
        return load(settings.receipts(), settings.requirePassword(settings.receipts()));
    }

    /**
     * The key pair under {@value #ALIAS} of the store at {@code path}, created first when the
     * store does not exist. Synchronized on the class: two callers never create it at once.
     */
    public static synchronized KeyStore.PrivateKeyEntry load(Path path, char[] password) {
        try {
            if (!Files.exists(path)) {
                create(path, password);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                ks.load(in, password);
            }
            KeyStore.Entry e = ks.getEntry(ALIAS, new KeyStore.PasswordProtection(password));
            if (!(e instanceof KeyStore.PrivateKeyEntry pke) || !(pke.getPrivateKey() instanceof PrivateKey)) {
                throw new GeneralSecurityException("it has no key pair under the alias '" + ALIAS + "'");
            }
            seedOf(pke.getPrivateKey());
            return pke;
        } catch (IOException | GeneralSecurityException | IllegalStateException e) {
            throw KeyStoreFiles.cannotOpen(path, e);
        }
    }

    /** How long the certificate made with a new key pair is valid (it only carries the public key; nothing checks its dates). */
    static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    /**
     * Creates the store with a new key pair (the JDK's Ed25519) and a self-signed certificate
     * for it (Bouncy Castle's ASN.1 structures, signed by the JDK: a PKCS12 key entry needs a
     * certificate, and the JDK has no public API to make one), then publishes it with
     * {@link KeyStoreFiles#writePrivately} (owner-readable only, atomic): a crash never leaves a
     * half-written store in place, and the key is never readable by others, not even briefly.
     * This replaced running the JDK's keytool in a child process.
     */
    private static void create(Path path, char[] password) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        X509Certificate certificate = selfSigned(pair, "CN=Steadfast receipts", Instant.now(), CERTIFICATE_VALIDITY);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, password);
        ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new java.security.cert.Certificate[] {certificate});
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ks.store(out, password);
        KeyStoreFiles.writePrivately(path, out.toByteArray());
        LOG.infof("Created the receipt key store %s with a new %s key pair", path, ALGORITHM);
    }

    /** A self-signed X.509 v3 certificate for {@code pair} (Ed25519), valid from {@code from} for {@code validity}. */
    static X509Certificate selfSigned(KeyPair pair, String name, Instant from, Duration validity) throws GeneralSecurityException, IOException {
        X500Name subject = new X500Name(name);
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        AlgorithmIdentifier ed25519 = publicKey.getAlgorithm(); // id-Ed25519 (RFC 8410): the key's and the signature's, no parameters
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)));
        tbs.setSignature(ed25519);
        tbs.setIssuer(subject);
        tbs.setSubject(subject);
        tbs.setStartDate(new Time(Date.from(from)));
        tbs.setEndDate(new Time(Date.from(from.plus(validity))));
        tbs.setSubjectPublicKeyInfo(publicKey);
        TBSCertificate body = tbs.generateTBSCertificate();
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(pair.getPrivate());
        signer.update(body.getEncoded(ASN1Encoding.DER));
        Certificate certificate = Certificate.getInstance(new DERSequence(new ASN1Encodable[] {body, ed25519, new DERBitString(signer.sign())}));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(certificate.getEncoded(ASN1Encoding.DER)));
    }
}
