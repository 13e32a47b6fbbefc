package dev.bosun.rabbit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the private key of {@code ssl_key_file} (or of {@code ssl_cert_file} alone, holding both
 * the certificate and the key, as Python's ssl allows) in the unencrypted PEM forms that Python's
 * ssl module (and so oslo.messaging) loads: PKCS#8 ({@code BEGIN PRIVATE KEY}; RSA, EC, Ed25519,
 * DSA), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}). The last
 * two are wrapped into PKCS#8 here with a few lines of DER, which the JDK then reads.
 *
 * <p>Encrypted keys ({@code BEGIN ENCRYPTED PRIVATE KEY}, or a legacy PEM with {@code Proc-Type:
 * 4,ENCRYPTED}) are refused with the command that decrypts them: oslo.messaging has no option for
 * the password (Python's ssl would ask for it on the terminal, which a service does not have), so
 * neither has Bosun.
 */
final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);

  /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");

  /** id-ecPublicKey, 1.2.840.10045.2.1. */
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

  private PemKeys() {}

  /** A key file and the option that named it; reads {@code <option> '<path>'}. */
  private record KeyFile(String option, Path path) {
    @Override
    public String toString() {
      return option + " '" + path + "'";
    }
  }

  /**
   * The first private key of {@code path}, the value of {@code option} ({@code ssl_key_file}, or
   * {@code ssl_cert_file} when it holds the key too).
   *
   * @throws IllegalArgumentException naming the option, the file, the form found and how to convert
   *     it
   */
  static PrivateKey read(String option, Path path) throws IOException {
    KeyFile file = new KeyFile(option, path);
    String pem = Files.readString(path, StandardCharsets.ISO_8859_1);
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      String body = m.group(2);
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(file, decode(file, body), "PKCS#8");
        case "RSA PRIVATE KEY":
          refuseEncrypted(file, body);
          return pkcs8(
              file,
              der(
                  0x30,
                  concat(der(0x02, new byte[] {0}), RSA_ALGORITHM, der(0x04, decode(file, body)))),
              "PKCS#1 RSA");
        case "EC PRIVATE KEY":
          refuseEncrypted(file, body);
          return pkcs8(file, sec1ToPkcs8(file, decode(file, body)), "SEC1 EC");
        case "ENCRYPTED PRIVATE KEY":
          throw encrypted(file);
        default:
          if (type.endsWith("PRIVATE KEY")) {
            throw new IllegalArgumentException(
                file
                    + " holds a '"
                    + type
                    + "', which Bosun does not read; convert it to PKCS#8 with: openssl pkcs8"
                    + " -topk8 -nocrypt -in "
                    + file.path()
                    + " -out "
                    + file.path()
                    + ".pk8");
          }
      }
    }
    throw new IllegalArgumentException(
        file
            + " holds no PEM private key (-----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE"
            + " KEY----- or -----BEGIN EC PRIVATE KEY-----); a DER or PKCS#12 key converts with:"
            + " openssl pkey -in <key> -out "
            + file.path()
            + " (add -inform DER for DER; openssl pkcs12 -in <file.p12> -nocerts -nodes for"
            + " PKCS#12)");
  }

  /**
   * Checks that {@code key} belongs to {@code certificate}, by signing with one and verifying with
   * the other, so a mismatch is one clear line here rather than a handshake the broker refuses.
   *
   * @throws IllegalArgumentException naming both files when they do not match
   */
  static void requireMatch(PrivateKey key, Certificate certificate, String keyFile, String certFile)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "DSA" -> "SHA256withDSA";
          default -> key.getAlgorithm();
        };
    byte[] probe = "bosun key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    boolean matches;
    try {
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "ssl_key_file '"
              + keyFile
              + "' is not the key of the certificate in ssl_cert_file '"
              + certFile
              + "' (a "
              + key.getAlgorithm()
              + " key; the certificate's is "
              + certificate.getPublicKey().getAlgorithm()
              + "): give the key the certificate was issued for");
    }
  }

  private static PrivateKey pkcs8(KeyFile file, byte[] der, String form) {
    GeneralSecurityException last = new NoSuchAlgorithmException("no algorithm tried");
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException(
        file
            + " holds a "
            + form
            + " private key that the JDK cannot read ("
            + last.getMessage()
            + "); check it with: openssl pkey -in "
            + file.path()
            + " -noout",
        last);
  }

  /**
   * PKCS#8 {@code PrivateKeyInfo} around a SEC1 {@code ECPrivateKey}: the curve moves from the
   * key's {@code [0] parameters} into the algorithm identifier.
   */
  private static byte[] sec1ToPkcs8(KeyFile file, byte[] sec1) {
    byte[] curve = null;
    int[] outer = header(file, sec1, 0, 0x30);
    int pos = outer[0];
    int end = outer[0] + outer[1];
    while (pos < end) {
      int tag = sec1[pos] & 0xff;
      int[] h = header(file, sec1, pos, tag);
      if (tag == 0xa0) {
        int[] oid = header(file, sec1, h[0], 0x06);
        curve = Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
      }
      pos = h[0] + h[1];
    }
    if (curve == null) {
      throw new IllegalArgumentException(
          file
              + " is an EC key that does not name its curve; convert it with: openssl pkcs8"
              + " -topk8 -nocrypt -in "
              + file.path()
              + " -out "
              + file.path()
              + ".pk8");
    }
    return der(
        0x30,
        concat(
            der(0x02, new byte[] {0}),
            der(0x30, concat(EC_PUBLIC_KEY_OID, curve)),
            der(0x04, sec1)));
  }

  /** {content start, content length} of the DER element with {@code tag} at {@code pos}. */
  private static int[] header(KeyFile file, byte[] der, int pos, int tag) {
    if (pos + 2 > der.length || (der[pos] & 0xff) != tag) {
      throw malformed(file);
    }
    int first = der[pos + 1] & 0xff;
    if (first < 0x80) {
      return checked(file, der, pos + 2, first);
    }
    int bytes = first & 0x7f;
    if (bytes == 0 || bytes > 3 || pos + 2 + bytes > der.length) {
      throw malformed(file);
    }
    int length = 0;
    for (int i = 0; i < bytes; i++) {
      length = (length << 8) | (der[pos + 2 + i] & 0xff);
    }
    return checked(file, der, pos + 2 + bytes, length);
  }

  private static int[] checked(KeyFile file, byte[] der, int start, int length) {
    if (start + length > der.length) {
      throw malformed(file);
    }
    return new int[] {start, length};
  }

  private static IllegalArgumentException malformed(KeyFile file) {
    return new IllegalArgumentException(
        file
            + " is not a well-formed key; check it with: openssl pkey -in "
            + file.path()
            + " -noout");
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static void refuseEncrypted(KeyFile file, String body) {
    if (body.contains("Proc-Type:") && body.contains("ENCRYPTED")) {
      throw encrypted(file);
    }
  }

  private static IllegalArgumentException encrypted(KeyFile file) {
    return new IllegalArgumentException(
        file
            + " is encrypted with a password, and oslo.messaging has no option for the"
            + " password (Python's ssl would ask for it on a terminal), so Bosun reads only"
            + " unencrypted keys: decrypt it into a file only the service's user can read, with:"
            + " (umask 077; openssl pkey -in "
            + file.path()
            + " -out "
            + file.path()
            + ".plain)");
  }

  private static byte[] decode(KeyFile file, String body) {
    if (body.contains(":")) {
      throw malformed(file);
    }
    try {
      return Base64.getMimeDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw malformed(file);
    }
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
