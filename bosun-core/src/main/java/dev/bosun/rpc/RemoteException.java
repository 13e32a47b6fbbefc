package dev.bosun.rpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A handler failed on the server and its exception could not (or may not) be rebuilt as a Java type
 * in the caller: oslo's {@code RemoteError}. It carries the remote failure as sent (oslo-wire
 * §6.5): the exception's class and module, its message, the remote traceback, and its {@code
 * args}/{@code kwargs}. A Java server sends the package as {@code module} and the class name
 * without the package (nested classes as {@code Outer$Inner}) as {@code class}; a Python server
 * sends its module and class, for example {@code builtins}/{@code ValueError}.
 *
 * <p>Thrown on a server, a {@code RemoteException} is passed on as it came (the failure of a call
 * the handler made itself), so the original class, module and traceback reach the first caller.
 */
public class RemoteException extends RpcException {
  private final String remoteClass;
  private final String remoteModule;
  private final String remoteMessage;
  private final List<String> traceback;
  private final List<Object> args;
  private final Map<String, Object> kwargs;

  public RemoteException(
      String remoteClass,
      String remoteModule,
      String remoteMessage,
      List<String> traceback,
      List<Object> args,
      Map<String, Object> kwargs) {
    super(
        "Remote error: "
            + (remoteModule.isEmpty() ? "" : remoteModule + ".")
            + remoteClass
            + ": "
            + remoteMessage);
    this.remoteClass = remoteClass;
    this.remoteModule = remoteModule;
    this.remoteMessage = remoteMessage;
    this.traceback = List.copyOf(traceback);
    this.args = Collections.unmodifiableList(new ArrayList<>(args));
    this.kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
  }

  /**
   * The remote exception's class name, e.g. {@code ValueError} or {@code IllegalStateException}.
   */
  public String remoteClass() {
    return remoteClass;
  }

  /** The remote exception's module (Python) or package (Java), e.g. {@code builtins}. */
  public String remoteModule() {
    return remoteModule;
  }

  /** The remote exception's message, {@code str(exc)} in Python. */
  public String remoteMessage() {
    return remoteMessage;
  }

  /** The remote traceback, one entry per line or frame; informational, may be empty. */
  public List<String> traceback() {
    return traceback;
  }

  /** The remote exception's positional arguments, as JSON values (String, Number, List, Map...). */
  public List<Object> args() {
    return args;
  }

  /** The remote exception's keyword arguments (oslo/nova-style exceptions), else empty. */
  public Map<String, Object> kwargs() {
    return kwargs;
  }
}
