package io.callwire.simulator;

import java.util.Map;

/**
 * Counters of a running simulator.
 *
 * @param generated events generated and handed to the AMQP sender
 * @param accepted  events the broker accepted
 * @param failed    events the broker refused or that were lost with the connection
 * @param inFlight  events sent and not yet settled
 * @param acceptedByEventType accepted events per event name
 */
public record SimulatorStats(long generated, long accepted, long failed, int inFlight,
                             Map<String, Long> acceptedByEventType) {
}
