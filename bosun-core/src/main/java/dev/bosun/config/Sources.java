package dev.bosun.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw text of every value read from files, the environment and the command line, by normalised
 * key, including keys of options not registered (yet). Immutable once built.
 */
final class Sources {

  /** One value's text and where it was found. */
  record Raw(String text, ValueSource source) {}

  /** A {@code --config-file} or {@code --config-dir}; {@code optional} ones may be missing. */
  record PathSpec(Path path, boolean directory, boolean optional) {}

  final Map<Key, Raw> commandLine;
  final Map<Key, Raw> environment;

  /** Per file, in the order read (weakest first). */
  final List<Map<Key, Raw>> files;

  final List<IniFile> iniFiles;

  private Sources(
      Map<Key, Raw> commandLine,
      Map<Key, Raw> environment,
      List<Map<Key, Raw>> files,
      List<IniFile> iniFiles) {
    this.commandLine = commandLine;
    this.environment = environment;
    this.files = files;
    this.iniFiles = iniFiles;
  }

  List<Path> paths() {
    List<Path> paths = new ArrayList<>();
    for (IniFile file : iniFiles) {
      paths.add(file.path());
    }
    return List.copyOf(paths);
  }

  /** Reads the files and environment; problems go to {@code problems}. */
  static Sources read(
      List<PathSpec> paths,
      Map<Key, Raw> commandLine,
      Map<String, String> env,
      String envPrefix,
      List<ConfigException> problems) {
    List<IniFile> iniFiles = new ArrayList<>();
    for (PathSpec spec : paths) {
      if (spec.directory()) {
        ConfigFileException open = SecretFiles.worldWritable(spec.path(), "config directory");
        if (open != null) {
          problems.add(open);
          continue;
        }
        for (Path file : listConfDir(spec, problems)) {
          readUnlessWorldWritable(file, iniFiles, problems);
        }
      } else if (!spec.optional() || Files.isRegularFile(spec.path())) {
        readUnlessWorldWritable(spec.path(), iniFiles, problems);
      }
    }
    List<Map<Key, Raw>> files = new ArrayList<>();
    for (IniFile file : iniFiles) {
      Map<Key, Raw> values = new HashMap<>();
      for (IniFile.Entry entry : file.entries()) {
        values.put(
            Key.of(entry.section(), entry.key()),
            new Raw(entry.value(), new ValueSource.File(file.path(), entry.line())));
      }
      files.add(Map.copyOf(values));
    }
    return new Sources(
        Map.copyOf(commandLine),
        environment(env, envPrefix),
        List.copyOf(files),
        List.copyOf(iniFiles));
  }

  private static void readUnlessWorldWritable(
      Path file, List<IniFile> iniFiles, List<ConfigException> problems) {
    ConfigFileException open = SecretFiles.worldWritable(file, "config file");
    if (open != null) {
      problems.add(open);
    } else {
      iniFiles.add(IniFile.read(file, problems));
    }
  }

  private static List<Path> listConfDir(PathSpec spec, List<ConfigException> problems) {
    if (!Files.isDirectory(spec.path())) {
      if (!spec.optional()) {
        problems.add(new ConfigFileException(spec.path(), 0, "config directory not found"));
      }
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(spec.path(), "*.conf")) {
      for (Path file : dir) {
        if (Files.isRegularFile(file)) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      problems.add(new ConfigFileException(spec.path(), "cannot list config directory: " + e, e));
    }
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return files;
  }

  private static Map<Key, Raw> environment(Map<String, String> env, String prefix) {
    Map<Key, Raw> values = new LinkedHashMap<>();
    String start = prefix + "_";
    for (Map.Entry<String, String> var : env.entrySet()) {
      String name = var.getKey();
      if (!name.startsWith(start) || name.length() == start.length() || var.getValue() == null) {
        continue;
      }
      String[] parts = name.substring(start.length()).split("__", -1);
      if (parts.length == 1) {
        values.put(
            Key.of(Key.DEFAULT_GROUP, parts[0]),
            new Raw(var.getValue(), new ValueSource.Environment(name)));
      } else if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
        values.put(
            Key.of(parts[0], parts[1]), new Raw(var.getValue(), new ValueSource.Environment(name)));
      }
    }
    return Map.copyOf(values);
  }
}
