package dev.bosun.servicegroup;

/** No live (not deleted) service record exists for a host and binary. */
public class ServiceNotFoundException extends ServiceStoreException {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final String binary;

  /** The service {@code binary} on {@code host} is not in the services table. */
  public ServiceNotFoundException(String host, String binary) {
    super(
        "No service with binary '"
            + binary
            + "' on host '"
            + host
            + "' in the services table; list them with 'bosun service list'");
    this.host = host;
    this.binary = binary;
  }

  /** The host that was asked for. */
  public String host() {
    return host;
  }

  /** The binary that was asked for. */
  public String binary() {
    return binary;
  }
}
