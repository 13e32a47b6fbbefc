package dev.bosun.service;

import dev.bosun.config.OptionGroup;
import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * A kind of service that {@code bosun run NAME} can start: its names and how to make its manager.
 * Register an implementation in {@code META-INF/services/dev.bosun.service.ServiceDefinition}; it
 * needs a public no-argument constructor.
 *
 * <p>This replaces nova's hard-coded {@code SERVICE_MANAGERS} map and cinder's {@code
 * <topic>_manager} options: the jar that brings a manager brings its definition.
 */
public interface ServiceDefinition {

  /** The name {@code bosun run} takes, e.g. {@code volume}; also the manager's service name. */
  String name();

  /** One line for {@code bosun run --help}. */
  String description();

  /** The services table's {@code binary}; default {@code bosun-<name>}. */
  default String binary() {
    return "bosun-" + name();
  }

  /** The RPC topic; default the name. */
  default String topic() {
    return name();
  }

  /** The options the manager and its drivers read, shown by {@code bosun config sample}. */
  default List<OptionGroup> optionGroups() {
    return List.of();
  }

  /**
   * The RPC topics the manager calls through its {@link dev.bosun.rpc.Messaging}, e.g. {@code
   * scheduler}: {@code bosun run} declares their {@code [upgrade_levels] <topic>} options before it
   * reads the command line, so they can be set there too, and checks their values at start. Topics
   * not listed still work; their option is registered when the first client is made, and can then
   * be set in a file or the environment only. Default: none.
   */
  default List<String> calledTopics() {
    return List.of();
  }

  /** Makes the manager; called once per service, before anything starts. */
  Manager createManager(ManagerContext context);

  /** Every definition on the class path of {@code loader}, by name. */
  static List<ServiceDefinition> discover(ClassLoader loader) {
    List<ServiceDefinition> found = new ArrayList<>();
    ServiceLoader.load(ServiceDefinition.class, loader).forEach(found::add);
    found.sort(Comparator.comparing(ServiceDefinition::name));
    return found;
  }

  /**
   * The definition called {@code name}.
   *
   * @throws ServiceException naming the unknown service and the known ones
   */
  static ServiceDefinition find(String name, ClassLoader loader) {
    List<ServiceDefinition> known = discover(loader);
    return known.stream()
        .filter(definition -> definition.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ServiceException(
                    "Unknown service '"
                        + name
                        + "'; known services: "
                        + (known.isEmpty()
                            ? "none (add a jar that registers a "
                                + ServiceDefinition.class.getName()
                                + ")"
                            : known.stream()
                                .map(ServiceDefinition::name)
                                .collect(Collectors.joining(", ")))));
  }
}
