package dev.bosun.config;

import java.nio.file.Path;

/**
 * Where an option's effective value came from. {@code toString()} gives the short form used in
 * reports and error messages: {@code default}, {@code file /etc/bosun/bosun.conf:12}, {@code env
 * BOSUN_REPORT_INTERVAL}, {@code command line --report-interval}, {@code override}.
 */
public sealed interface ValueSource {

  /** The text put before an error about a value from this source, e.g. {@code /etc/x.conf:12}. */
  String location();

  /** The option's declared default (or no value at all). */
  record Default() implements ValueSource {
    @Override
    public String location() {
      return "default";
    }

    @Override
    public String toString() {
      return "default";
    }
  }

  /** A line of an INI config file. */
  record File(Path path, int line) implements ValueSource {
    public File {
      if (line < 1) {
        throw new IllegalArgumentException("line must be >= 1, found " + line);
      }
    }

    @Override
    public String location() {
      return path + ":" + line;
    }

    @Override
    public String toString() {
      return "file " + location();
    }
  }

  /**
   * A file holding a secret's value, named by the option's {@code name_file} companion.
   *
   * @param namedBy where the file's path came from
   */
  record SecretFile(Path path, ValueSource namedBy) implements ValueSource {
    public SecretFile {
      java.util.Objects.requireNonNull(path, "path");
      java.util.Objects.requireNonNull(namedBy, "namedBy");
    }

    @Override
    public String location() {
      return "secret file " + path + " (named by " + namedBy.location() + ")";
    }

    @Override
    public String toString() {
      return location();
    }
  }

  /** An environment variable. */
  record Environment(String variable) implements ValueSource {
    @Override
    public String location() {
      return "env " + variable;
    }

    @Override
    public String toString() {
      return location();
    }
  }

  /** A command-line argument, as spelled by the user (e.g. {@code --report-interval}). */
  record CommandLine(String argument) implements ValueSource {
    @Override
    public String location() {
      return "command line " + argument;
    }

    @Override
    public String toString() {
      return location();
    }
  }

  /**
   * A value handed to a component by code rather than read by a {@link Config}, e.g. an option in
   * the query of a transport URL or an argument of a builder.
   *
   * @param location where it came from, e.g. {@code transport_url query}
   */
  record Given(String location) implements ValueSource {
    public Given {
      java.util.Objects.requireNonNull(location, "location");
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /** A value set in code with {@link Config#set(Opt, Object)}. */
  record Overridden() implements ValueSource {
    @Override
    public String location() {
      return "override";
    }

    @Override
    public String toString() {
      return "override";
    }
  }
}
