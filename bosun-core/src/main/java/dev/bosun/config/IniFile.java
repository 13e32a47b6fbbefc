package dev.bosun.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One parsed INI file, in oslo.config's dialect ({@code oslo_config/iniparser.py}): {@code
 * [section]} headers; {@code key = value} or {@code key: value} (split at the first {@code =} or
 * {@code :}); whole-line comments starting with {@code #} or {@code ;} (no inline comments, so
 * values may contain {@code #}); a line starting with a space or tab continues the previous value
 * (joined with a newline; an empty first line, as in {@code key =} followed by indented lines, is
 * dropped), except an indented comment line, which is skipped; a blank line ends a value; a value
 * wrapped in matching quotes loses them. Keys before the first section, continuation lines without
 * a key and malformed headers are errors with the file and line.
 */
record IniFile(Path path, List<Entry> entries) {
  /**
   * The largest config file read, 4 MiB: oslo's full sample of nova's options is about a tenth of
   * it. A larger file is an error naming the file and the limit, so that a wrong path (a log, a
   * database dump) costs no memory and no minutes.
   */
  static final long MAX_SIZE = 4L * 1024 * 1024;

  /**
   * One {@code key = value}, at the line where its key is, in the section headed at sectionLine.
   */
  record Entry(String section, String key, String value, int line, int sectionLine) {}

  /**
   * Reads and parses {@code path}, adding every problem found to {@code problems}; the entries
   * before and after a bad line are still returned.
   */
  static IniFile read(Path path, List<ConfigException> problems) {
    List<String> lines;
    try {
      byte[] bytes = readAtMost(path, MAX_SIZE);
      if (bytes.length > MAX_SIZE) {
        problems.add(
            new ConfigFileException(
                path,
                0,
                "config file is larger than "
                    + MAX_SIZE / (1024 * 1024)
                    + " MiB, the most Bosun reads; is this the right file?"));
        return new IniFile(path, List.of());
      }
      lines =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString()
              .lines()
              .toList();
    } catch (NoSuchFileException e) {
      problems.add(new ConfigFileException(path, 0, "config file not found"));
      return new IniFile(path, List.of());
    } catch (CharacterCodingException e) {
      problems.add(new ConfigFileException(path, 0, "config file is not valid UTF-8"));
      return new IniFile(path, List.of());
    } catch (IOException e) {
      problems.add(new ConfigFileException(path, "cannot read config file: " + e, e));
      return new IniFile(path, List.of());
    }
    return parse(path, lines, problems);
  }

  /** Up to {@code limit + 1} bytes of the file: more than {@code limit} means too large. */
  private static byte[] readAtMost(Path path, long limit) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes((int) limit + 1);
    }
  }

  static IniFile parse(Path path, List<String> lines, List<ConfigException> problems) {
    List<Entry> entries = new ArrayList<>();
    @Nullable String section = null;
    int sectionLine = 0;
    String key = null;
    int keyLine = 0;
    List<String> value = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = stripTrailing(lines.get(i));
      if (lineNo == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty()) {
        if (key != null) {
          entries.add(entry(section, sectionLine, key, value, keyLine));
          key = null;
        }
        continue;
      }
      if (line.startsWith(" ") || line.startsWith("\t")) {
        if (line.strip().startsWith("#") || line.strip().startsWith(";")) {
          continue;
        }
        if (key == null) {
          problems.add(
              new ConfigFileException(
                  path, lineNo, "indented line continues no value: '" + line.strip() + "'"));
        } else {
          value.add(line.strip());
        }
        continue;
      }
      if (key != null) {
        entries.add(entry(section, sectionLine, key, value, keyLine));
        key = null;
      }
      if (line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")
            || line.length() < 3
            || line.substring(1, line.length() - 1).isBlank()) {
          problems.add(
              new ConfigFileException(
                  path, lineNo, "bad section header '" + line + "', expected [name]"));
          section = null;
        } else {
          section = line.substring(1, line.length() - 1).strip();
          sectionLine = lineNo;
        }
        continue;
      }
      int eq = line.indexOf('=');
      int colon = line.indexOf(':');
      int split = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
      if (split < 0) {
        problems.add(
            new ConfigFileException(path, lineNo, "expected 'name = value', found '" + line + "'"));
        continue;
      }
      String name = line.substring(0, split).strip();
      if (name.isEmpty()) {
        problems.add(new ConfigFileException(path, lineNo, "empty option name in '" + line + "'"));
        continue;
      }
      if (section == null) {
        problems.add(
            new ConfigFileException(
                path,
                lineNo,
                "option '" + name + "' is outside any section; put it under [DEFAULT] or [group]"));
        continue;
      }
      key = name;
      keyLine = lineNo;
      value = new ArrayList<>();
      value.add(line.substring(split + 1).strip());
    }
    if (key != null) {
      entries.add(entry(section, sectionLine, key, value, keyLine));
    }
    return new IniFile(path, List.copyOf(entries));
  }

  private static Entry entry(
      @Nullable String section, int sectionLine, String key, List<String> parts, int line) {
    // a key is only taken under a section header (an option outside any is a problem)
    Objects.requireNonNull(section, "section");
    List<String> lines =
        parts.size() > 1 && parts.get(0).isEmpty() ? parts.subList(1, parts.size()) : parts;
    String value = String.join("\n", lines);
    if (lines.size() == 1
        && value.length() >= 2
        && (value.charAt(0) == '"' || value.charAt(0) == '\'')
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      value = value.substring(1, value.length() - 1);
    }
    return new Entry(section, key, value, line, sectionLine);
  }

  private static String stripTrailing(String line) {
    return line.stripTrailing();
  }
}
