package dev.bosun.concurrent;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place where Bosun decides which kind of thread runs work: RPC handlers, periodic tasks
 * and other short-lived tasks run on virtual threads when the JVM has them (Java 21+), and on
 * platform threads from a bounded pool otherwise (Java 17).
 *
 * <p>Bosun compiles with {@code --release 17}, so virtual threads are reached reflectively, once,
 * when this class loads. The choice can be forced with the system property {@code bosun.threads} or
 * the environment variable {@code BOSUN_THREADS}, set to {@code virtual} or {@code platform};
 * asking for {@code virtual} on a JVM without them falls back to platform threads with a warning on
 * standard error.
 *
 * <p>Long-lived loops that must never be starved (the heartbeat, a transport's consumer loop) use
 * {@link #startDaemon(String, Runnable)}, which always makes a platform thread.
 */
public final class Threads {
  private static final Optional<Method> OF_VIRTUAL = findOfVirtual();
  private static final boolean VIRTUAL = chooseVirtual();

  private Threads() {}

  /** Whether task executors made by this class run on virtual threads. */
  public static boolean virtual() {
    return VIRTUAL;
  }

  /** A short description of the choice, for start-up logs and reports. */
  public static String describe() {
    return (VIRTUAL ? "virtual threads" : "platform threads")
        + " (Java "
        + Runtime.version().feature()
        + ")";
  }

  /**
   * An executor for independent tasks. On virtual threads every task gets its own thread and {@code
   * platformPoolSize} is ignored; on platform threads at most {@code platformPoolSize} tasks run at
   * once and the rest wait in an unbounded queue.
   *
   * @param namePrefix thread names are {@code namePrefix-N}
   * @param platformPoolSize the bound used when virtual threads are not available, at least 1
   */
  public static ExecutorService newTaskExecutor(String namePrefix, int platformPoolSize) {
    if (platformPoolSize < 1) {
      throw new IllegalArgumentException(
          "platformPoolSize must be >= 1, found " + platformPoolSize);
    }
    ThreadFactory factory = factory(namePrefix);
    if (VIRTUAL) {
      return newThreadPerTaskExecutor(factory);
    }
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            platformPoolSize,
            platformPoolSize,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A thread factory for task threads: virtual when available, else platform daemon threads. */
  public static ThreadFactory factory(String namePrefix) {
    if (VIRTUAL) {
      return virtualFactory(namePrefix);
    }
    AtomicLong counter = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, namePrefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts a platform daemon thread; for loops that must not share a carrier with user tasks. */
  public static Thread startDaemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static boolean chooseVirtual() {
    String wanted =
        Optional.ofNullable(System.getProperty("bosun.threads"))
            .or(() -> Optional.ofNullable(System.getenv("BOSUN_THREADS")))
            .map(value -> value.trim().toLowerCase(Locale.ROOT))
            .orElse("auto");
    switch (wanted) {
      case "platform":
        return false;
      case "virtual":
        if (OF_VIRTUAL.isEmpty()) {
          System.err.println(
              "bosun.threads=virtual asked for, but Java "
                  + Runtime.version().feature()
                  + " has no virtual threads; using platform threads");
        }
        return OF_VIRTUAL.isPresent();
      case "auto":
      case "":
        return OF_VIRTUAL.isPresent();
      default:
        System.err.println(
            "bosun.threads must be one of auto, virtual, platform; found '"
                + wanted
                + "'; using auto");
        return OF_VIRTUAL.isPresent();
    }
  }

  private static Optional<Method> findOfVirtual() {
    try {
      return Optional.of(Thread.class.getMethod("ofVirtual"));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }

  private static ThreadFactory virtualFactory(String namePrefix) {
    try {
      Object builder = OF_VIRTUAL.orElseThrow().invoke(null);
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      builder =
          builderType
              .getMethod("name", String.class, long.class)
              .invoke(builder, namePrefix + "-", 1L);
      return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads were found but could not be created", e);
    }
  }

  private static ExecutorService newThreadPerTaskExecutor(ThreadFactory factory) {
    try {
      return (ExecutorService)
          Executors.class
              .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
              .invoke(null, factory);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual-thread executor could not be created", e);
    }
  }
}
