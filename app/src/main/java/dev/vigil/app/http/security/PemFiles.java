package dev.vigil.app.http.security;

import dev.vigil.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files a web configuration names: certificate chains and an unencrypted private key
 * in any of the forms tools write (PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, SEC1
 * {@code EC PRIVATE KEY}; the JDK alone reads only the first). Each problem is a
 * {@link ConfigException} naming the key and the file, since it is found at start-up.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /**
     * @param key the configuration key that named the file, for the message (e.g.
     *            {@code tls_server_config.cert_file})
     * @return the certificates in file order (leaf first for a chain)
     */
    public static List<X509Certificate> certificates(Path file, String key) {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new ConfigException(key + ": " + file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new ConfigException(key + ": no certificate in " + file + " (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The unencrypted private key of a PEM file. */
    public static PrivateKey privateKey(Path file, String key) {
        Object object;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            object = parser.readObject();
            // Skip parameters that precede an EC key (openssl ecparam -genkey writes them first).
            while (object != null && !(object instanceof PrivateKeyInfo) && !(object instanceof PEMKeyPair)
                    && !(object instanceof PEMEncryptedKeyPair) && !(object instanceof PKCS8EncryptedPrivateKeyInfo)) {
                object = parser.readObject();
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key + ": " + file + " is not a PEM private key: " + e.getMessage(), e);
        }
        if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new ConfigException(key + ": the key in " + file + " is encrypted; give it unencrypted "
                    + "(e.g. openssl pkey -in key.pem -out plain.pem) and protect the file instead");
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                // The private part only: a SEC1 key may leave out its public key.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException e) {
            throw new ConfigException(key + ": the key in " + file + " cannot be read: " + e.getMessage(), e);
        }
        throw new ConfigException(key + ": no private key in " + file + " (expected -----BEGIN PRIVATE KEY-----, "
                + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    }

    /**
     * Fails unless {@code key} is the private key of {@code certificate}: a mismatch would otherwise
     * show only as handshake failures on the clients' side.
     */
    public static void requireMatch(PrivateKey key, X509Certificate certificate, Path keyFile, Path certFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // an algorithm without a known signature: leave it to the handshake
        }
        try {
            byte[] probe = "vigil key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: a mismatch
        }
        throw new ConfigException("tls_server_config.key_file: the key in " + keyFile
                + " does not belong to the certificate in " + certFile);
    }
}
