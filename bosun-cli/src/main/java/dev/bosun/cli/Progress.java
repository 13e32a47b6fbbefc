package dev.bosun.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.function.LongFunction;

/**
 * Says what a command waits for when a wait lasts over a second: on a terminal one line redrawn in
 * place every second (cleared when the wait ends); otherwise a plain line after the first second
 * and then every {@link #PLAIN_INTERVAL}, so a log is not flooded. Runs on a daemon thread; {@link
 * #close()} ends it.
 */
final class Progress implements AutoCloseable {
  /** How long a wait may be silent. */
  static final Duration FIRST = Duration.ofSeconds(1);

  /** How often a plain line repeats when output is not a terminal. */
  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

  private final PrintWriter err;
  private final boolean interactive;
  private final LongFunction<String> text;
  private final Thread ticker;
  private final long start = System.nanoTime();
  private boolean drawn;
  private boolean closed;

  private Progress(PrintWriter err, boolean interactive, LongFunction<String> text) {
    this.err = err;
    this.interactive = interactive;
    this.text = text;
    this.ticker = new Thread(this::tick, "bosun-progress");
    this.ticker.setDaemon(true);
  }

  /**
   * Starts reporting on {@code err}.
   *
   * @param text the line for the seconds waited so far, without the {@code bosun: } prefix
   */
  static Progress start(PrintWriter err, Terminal terminal, LongFunction<String> text) {
    Progress progress = new Progress(err, terminal.interactive(), text);
    progress.ticker.start();
    return progress;
  }

  private void tick() {
    try {
      Thread.sleep(FIRST.toMillis());
      long interval = interactive ? 1000 : PLAIN_INTERVAL.toMillis();
      while (true) {
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        synchronized (this) {
          if (closed) {
            return;
          }
          String line = "bosun: " + text.apply(seconds);
          if (interactive) {
            err.print("\r" + line + "\u001b[K");
            drawn = true;
          } else {
            err.println(line);
          }
          err.flush();
        }
        Thread.sleep(interval);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** {@code out}, which ends this progress before its first character is written. */
  Writer endBefore(Writer out) {
    return new FilterWriter(out) {
      @Override
      public void write(int c) throws IOException {
        Progress.this.close();
        super.write(c);
      }

      @Override
      public void write(char[] chars, int offset, int length) throws IOException {
        Progress.this.close();
        super.write(chars, offset, length);
      }

      @Override
      public void write(String text, int offset, int length) throws IOException {
        Progress.this.close();
        super.write(text, offset, length);
      }
    };
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (drawn) {
        err.print("\r\u001b[K");
        err.flush();
      }
    }
    ticker.interrupt();
  }
}
