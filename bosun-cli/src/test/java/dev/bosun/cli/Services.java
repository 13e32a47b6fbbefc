package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code bosun service list --format json}, run in this JVM, as rows. */
final class Services {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Services() {}

  /** The rows that {@code bosun service list --format json CONFIG_ARGS} prints. */
  static List<Map<String, Object>> list(String... configArgs) {
    List<String> args = new ArrayList<>(List.of("service", "list", "--format", "json"));
    args.addAll(List.of(configArgs));
    Cli list = Cli.run(args.toArray(new String[0]));
    assertThat(list.exitCode()).as(list.toString()).isZero();
    return JSON.readValue(list.out(), new TypeReference<List<Map<String, Object>>>() {});
  }

  /** The row of {@code binary} on {@code host}, if listed. */
  static Optional<Map<String, Object>> row(String host, String binary, String... configArgs) {
    return list(configArgs).stream()
        .filter(row -> host.equals(row.get("host")) && binary.equals(row.get("binary")))
        .findFirst();
  }

  /** The state column of that row: {@code up}, {@code down}, or {@code missing}. */
  static String state(String host, String binary, String... configArgs) {
    return row(host, binary, configArgs).map(row -> (String) row.get("state")).orElse("missing");
  }

  static long number(Map<String, Object> row, String field) {
    return ((Number) row.get(field)).longValue();
  }
}
