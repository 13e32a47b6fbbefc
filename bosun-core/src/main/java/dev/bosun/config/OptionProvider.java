package dev.bosun.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Lists the options of one module, so that the command line, {@code bosun config sample} and {@code
 * bosun config show} know every option on the class path (oslo's {@code oslo.config.opts} entry
 * points). Register an implementation in {@code META-INF/services/dev.bosun.config.OptionProvider}.
 */
public interface OptionProvider {

  /** The module's options, in groups. */
  List<OptionGroup> optionGroups();

  /** Every provider's groups on the class path of {@code loader}, ordered by provider class. */
  static List<OptionGroup> discover(ClassLoader loader) {
    List<OptionProvider> providers = new ArrayList<>();
    ServiceLoader.load(OptionProvider.class, loader).forEach(providers::add);
    providers.sort(Comparator.comparing(provider -> provider.getClass().getName()));
    List<OptionGroup> groups = new ArrayList<>();
    for (OptionProvider provider : providers) {
      groups.addAll(provider.optionGroups());
    }
    return groups;
  }
}
