package dev.bosun.rabbit;

import dev.bosun.tck.TransportContract;
import dev.bosun.transport.Transport;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RabbitMQ transport against the byte-level transport contract, on the shared broker. */
@ExtendWith(SharedBroker.class)
class RabbitTransportContractTest extends TransportContract {
  @Override
  protected Transport openTransport() {
    return SharedBroker.openTransport();
  }
}
