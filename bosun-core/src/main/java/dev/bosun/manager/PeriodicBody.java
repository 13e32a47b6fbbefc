package dev.bosun.manager;

/** The work of a periodic task. Anything it throws is caught, logged and counted by the runner. */
@FunctionalInterface
public interface PeriodicBody {
  void run(PeriodicContext context) throws Exception;
}
