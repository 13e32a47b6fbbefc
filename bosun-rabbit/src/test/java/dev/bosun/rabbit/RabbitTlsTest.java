package dev.bosun.rabbit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bosun.config.Config;
import dev.bosun.config.OptionProvider;
import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Target;
import dev.bosun.tck.PrivateRabbitNode;
import dev.bosun.tck.TestCertificates;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportException;
import dev.bosun.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS against a real RabbitMQ: a private node (one per class) listening with TLS, with a server
 * certificate for {@value TestCertificates#SERVER_NAME} made by the test's own CA. Bosun is
 * configured with oslo's {@code [oslo_messaging_rabbit]} names only, as a Python service would be.
 */
class RabbitTlsTest {
  @TempDir static Path dir;
  private static TestCertificates pki;
  private static PrivateRabbitNode node;

  @BeforeAll
  static void startNode() throws Exception {
    pki = TestCertificates.create(Files.createDirectory(dir.resolve("pki")));
    node = PrivateRabbitNode.withTls(pki);
    node.start();
    node.addCertificateUser(TestCertificates.CLIENT_NAME);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** A transport that connects at once or throws, from oslo option names and values. */
  private static RabbitTransport connect(RabbitBroker broker, Map<String, String> osloOptions) {
    return RabbitTransport.builder()
        .broker(broker)
        .options(RabbitOptions.fromMap(osloOptions))
        .connectionName("bosun-tls-test")
        .failFast(true)
        .build();
  }

  private static RabbitBroker guestAt(String host) {
    return RabbitBroker.guest(host, node.tlsPort());
  }

  @Test
  void anRpcCallGoesOverAVerifiedTlsConnectionConfiguredWithOslosOptionNames() throws Exception {
    Path conf = dir.resolve("bosun.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "[DEFAULT]",
            "transport_url = rabbit://guest:guest@"
                + TestCertificates.SERVER_NAME
                + ":"
                + node.tlsPort()
                + "/",
            "[oslo_messaging_rabbit]",
            "ssl = true",
            "ssl_ca_file = " + pki.caCert(),
            "ssl_version = TLSv1_2",
            "ssl_enforce_hostname_verification = true",
            "ssl_enforce_fips_mode = false",
            ""));
    Config.Builder builder = Config.builder().environment(Map.of());
    OptionProvider.discover(getClass().getClassLoader()).forEach(builder::register);
    Config config = builder.args(List.of("--config-file", conf.toString())).build();

    try (Transport transport = Transports.open(config)) {
      RabbitOptions options = ((RabbitTransport) transport).options();
      assertThat(options.ssl()).isTrue();
      assertThat(options.sslCaFile()).isEqualTo(pki.caCert().toString());
      RpcServer server =
          RpcServer.builder(transport)
              .target(Target.topic("tls-rpc").withServer("tls-host"))
              .endpoint(new InteropEndpoint(), "", "1.3")
              .build();
      server.start();
      try (RpcClient client =
          RpcClient.builder(transport).target(Target.topic("tls-rpc").withVersion("1.3")).build()) {
        RequestContext ctx = RequestContext.builder().userId("u-tls").build();
        Long sum =
            await()
                .atMost(60, SECONDS)
                .ignoreExceptions()
                .until(
                    () ->
                        client.call(ctx, "add", Map.of("a", 2, "b", 40), Long.class).orElseThrow(),
                    v -> v == 42L);
        assertThat(sum).isEqualTo(42L);
        // what the broker says of the connections: TLS, at the ssl_version asked for
        assertThat(node.connections().lines().filter(l -> l.contains("guest")))
            .isNotEmpty()
            .allSatisfy(l -> assertThat(l.split("\t")).startsWith("true", "tlsv1.2"));
      } finally {
        server.stop();
      }
    }
  }

  @Test
  void aBrokerCertificateThatSslCaFileDoesNotVouchForIsRefused() {
    String otherCa = pki.otherCaCert().toString();
    assertThatThrownBy(
            () ->
                connect(
                    guestAt(TestCertificates.SERVER_NAME),
                    Map.of("ssl", "true", "ssl_ca_file", otherCa)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("Cannot connect to RabbitMQ")
        .hasMessageContaining(TestCertificates.SERVER_NAME + ":" + node.tlsPort())
        .hasMessageContaining("the broker's certificate is not signed by a CA that ssl_ca_file '")
        .hasMessageContaining(otherCa);
  }

  @Test
  void aBrokerCertificateIsNotTrustedByDefaultJustBecauseItIsThere() {
    // no ssl_ca_file: the JVM's trust store, which does not hold the test's CA
    assertThatThrownBy(() -> connect(guestAt(TestCertificates.SERVER_NAME), Map.of("ssl", "true")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("ssl_ca_file names: it is empty, so the JVM's default trust store");
  }

  @Test
  void aHostNameThatTheBrokerCertificateDoesNotCarryIsRefused() throws Exception {
    String ca = pki.caCert().toString();
    // the default of ssl_enforce_hostname_verification is true
    assertThatThrownBy(
            () ->
                connect(
                    guestAt(TestCertificates.UNNAMED_HOST),
                    Map.of("ssl", "true", "ssl_ca_file", ca)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining(TestCertificates.UNNAMED_HOST + ":" + node.tlsPort())
        .hasMessageContaining(
            "the broker's certificate does not name the host '"
                + TestCertificates.UNNAMED_HOST
                + "' of transport_url");

    // oslo 14.0's default, kept as an option: the CA is checked, the name is not
    try (RabbitTransport t =
        connect(
            guestAt(TestCertificates.UNNAMED_HOST),
            Map.of(
                "ssl", "true", "ssl_ca_file", ca, "ssl_enforce_hostname_verification", "false"))) {
      roundTrip(t);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rsa-pkcs8", "rsa-pkcs1", "ec-pkcs8", "ec-sec1", "rsa-in-cert-file"})
  void aClientCertificateLogsInWithExternalWhateverTheFormOfItsKey(String form) throws Exception {
    String name = pki.newClient("client-" + form, form.substring(0, form.indexOf('-')));
    Path cert = pki.dir().resolve(name + ".pem");
    Path key = pki.dir().resolve(name + ".key");
    if (form.equals("rsa-in-cert-file")) {
      // ssl_cert_file alone, holding the certificate and the key, as Python's ssl allows
      Path both = pki.dir().resolve(name + ".both.pem");
      Files.writeString(both, Files.readString(cert) + Files.readString(key));
      cert = both;
      key = null;
    } else if (form.equals("rsa-pkcs1")) {
      pki.openssl("pkey", "-in", key.toString(), "-traditional", "-out", name + ".pkcs1.key");
      key = pki.dir().resolve(name + ".pkcs1.key");
      assertThat(Files.readString(key)).contains("-----BEGIN RSA PRIVATE KEY-----");
    } else if (form.equals("ec-sec1")) {
      pki.openssl("pkey", "-in", key.toString(), "-traditional", "-out", name + ".sec1.key");
      key = pki.dir().resolve(name + ".sec1.key");
      assertThat(Files.readString(key)).contains("-----BEGIN EC PRIVATE KEY-----");
    } else {
      assertThat(Files.readString(key)).contains("-----BEGIN PRIVATE KEY-----");
    }
    // a user that does not exist and a wrong password: EXTERNAL ignores both
    RabbitBroker nobody =
        new RabbitBroker(TestCertificates.SERVER_NAME, node.tlsPort(), "nobody", "wrong");
    Map<String, String> options = new java.util.HashMap<>();
    options.put("ssl", "true");
    options.put("ssl_ca_file", pki.caCert().toString());
    options.put("ssl_cert_file", cert.toString());
    if (key != null) {
      options.put("ssl_key_file", key.toString());
    }
    options.put("rabbit_login_method", "EXTERNAL");
    try (RabbitTransport t = connect(nobody, options)) {
      roundTrip(t);
    }

    // the same broker and account without EXTERNAL: the password is checked, and wrong
    Map<String, String> plain = new java.util.HashMap<>(options);
    plain.put("rabbit_login_method", "AMQPLAIN");
    assertThatThrownBy(() -> connect(nobody, plain))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("ACCESS_REFUSED");
  }

  @Test
  void aClientCertificateFromACaTheBrokerDoesNotTrustDoesNotLogIn() throws Exception {
    // the broker asks for certificates of its CAs; the JVM offers none of another's, so the
    // handshake succeeds without one and EXTERNAL has nobody to log in
    String name = pki.newClientOfOtherCa("client-other-ca");
    Map<String, String> options =
        Map.of(
            "ssl", "true",
            "ssl_ca_file", pki.caCert().toString(),
            "ssl_cert_file", pki.dir().resolve(name + ".pem").toString(),
            "ssl_key_file", pki.dir().resolve(name + ".key").toString(),
            "rabbit_login_method", "EXTERNAL");
    assertThatThrownBy(() -> connect(guestAt(TestCertificates.SERVER_NAME), options))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("Cannot connect to RabbitMQ")
        .hasMessageContaining("Login was refused using authentication mechanism EXTERNAL")
        .hasMessageContaining(
            "with rabbit_login_method = EXTERNAL the broker takes the user from the client"
                + " certificate: check that ssl_cert_file '"
                + pki.dir().resolve(name + ".pem")
                + "' is signed by a CA the broker trusts");
  }

  /** Publishes to a reply queue of {@code t} and reads it back: the connection works. */
  private static void roundTrip(RabbitTransport t) throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Subscription reply =
        t.subscribe(
            new Source.Reply(),
            d -> {
              got.add(new String(d.body(), StandardCharsets.UTF_8));
              d.ack();
            });
    byte[] body = "{\"tls\": true}".getBytes(StandardCharsets.UTF_8);
    await()
        .atMost(30, SECONDS)
        .ignoreExceptions()
        .until(
            () -> {
              t.publish(
                      new Destination.Reply(reply.queue()),
                      body,
                      PublishOptions.DEFAULT.withMandatory(true))
                  .get(10, SECONDS);
              return true;
            });
    assertThat(got.poll(30, SECONDS)).isEqualTo("{\"tls\": true}");
  }
}
