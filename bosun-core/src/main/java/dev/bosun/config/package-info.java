/**
 * Typed configuration, oslo.config done in Java.
 *
 * <p>Options are declared in code as {@link dev.bosun.config.Opt} values (string, integer, float,
 * boolean, list, dict, duration, enum, port, URL), each with a group, default, help text and the
 * flags secret, mutable and required, and any deprecated names. A {@link dev.bosun.config.Config}
 * reads them from defaults, INI files ({@code --config-file}, {@code --config-dir}), the
 * environment ({@code BOSUN_<NAME>}, {@code BOSUN_<GROUP>__<NAME>}) and the command line, weakest
 * first; reports every problem of a load at once; reloads mutable options on demand (SIGHUP);
 * generates a commented sample file; and lists every effective value with its source, secrets
 * masked.
 *
 * <p>Where Bosun differs from oslo.config, on purpose: every option can be set on the command line
 * and from the environment; durations take units ({@code 500ms}, {@code 5m}, {@code PT10S}) as well
 * as plain seconds; list values may also be separated by line breaks (one item per continuation
 * line); unknown options in files produce a warning with the nearest known name; a reload that
 * finds errors changes nothing and says so.
 */
package dev.bosun.config;
