package io.steadfast.security.infrastructure;

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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * The receipt-signing key pair: an Ed25519 key under the alias {@value #ALIAS} of a PKCS12 store
 * outside the code ({@link KeyStoreSettings#receipts()}, default
 * {@code <server data dir>/steadfast-receipts.p12}), opened with {@code steadfast.keystore.password}.
 * When the store does not exist it is created with a new key pair and a self-signed certificate
 * (STEADFAST-INTEGRITY-0010); production may supply its own. A store that exists but holds no key
 * pair under the alias is refused, never given a new one: receipts signed before would then stop
 * verifying against the published key without anyone having chosen that.
 */
public final class ReceiptKeys {

    /** The signature algorithm (the application's {@code Receipt.SIGNATURE_ALGORITHM}; a test compares). */
    public static final String ALGORITHM = "Ed25519";
    static final String ALIAS = "receipts";

    /** How long the certificate made with a new key pair is valid (it only carries the public key; nothing checks its dates). */
    static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private ReceiptKeys() {
    }

    /** The key pair of the configured store ({@link KeyStoreSettings#current()}). */
    public static KeyStore.PrivateKeyEntry current() {
        KeyStoreSettings settings = KeyStoreSettings.current();
        return load(settings.receipts(), settings.requirePassword(settings.receipts()));
    }

    /**
     * The key pair under {@value #ALIAS} of the store at {@code path}, created first when the
     * store does not exist.
     *
     * @throws IllegalStateException STEADFAST-INTEGRITY-0007, naming the store, when it cannot be
     *                               opened or holds no Ed25519 key pair under the alias
     */
    public static KeyStore.PrivateKeyEntry load(Path path, char[] password) {
        KeyStores.Opened opened = KeyStores.open(path, password, Map.of(ALIAS, ReceiptKeys::newEntry), false);
        if (!opened.existed()) {
            KeyStoreLogger.LOG.receiptStoreCreated(path.toString(), ALGORITHM);
        }
        try {
            KeyStore.Entry e = opened.store().getEntry(ALIAS, new KeyStore.PasswordProtection(password));
            if (!(e instanceof KeyStore.PrivateKeyEntry pke)) {
                throw new GeneralSecurityException("it has no key pair under the alias '" + ALIAS + "'");
            }
            seedOf(pke.getPrivateKey());
            return pke;
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw KeyStoreFiles.cannotOpen(path, e);
        }
    }

    /** The 32-byte Ed25519 private key (RFC 8032's seed) of a JDK key. */
    public static byte[] seedOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalStateException("the receipt key is not an Ed25519 private key (" + key.getAlgorithm() + ")");
        }
        return ed.getBytes().get();
    }

    /**
     * A new key pair (the JDK's Ed25519) with a self-signed certificate: a PKCS12 key entry needs
     * a certificate. This replaced running the JDK's keytool in a child process.
     */
    private static KeyStore.PrivateKeyEntry newEntry() throws GeneralSecurityException, IOException {
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        X509Certificate certificate = selfSigned(pair, "CN=Steadfast receipts", Instant.now(), CERTIFICATE_VALIDITY);
        return new KeyStore.PrivateKeyEntry(pair.getPrivate(), new java.security.cert.Certificate[] {certificate});
    }

    /**
     * A self-signed X.509 v3 certificate for {@code pair} (Ed25519), valid from {@code from} for
     * {@code validity}: Bouncy Castle's ASN.1 structures, signed by the JDK (which has no public
     * API to make a certificate).
     */
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
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded(ASN1Encoding.DER)));
    }
}
