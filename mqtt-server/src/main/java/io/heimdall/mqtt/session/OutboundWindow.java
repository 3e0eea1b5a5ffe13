package io.heimdall.mqtt.session;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Flow control of QoS 1/2 deliveries to one client: broker-allocated packet ids, at most the
 * client's receive maximum in flight, and a bounded queue behind them.
 */
final class OutboundWindow {
  /** Sends one delivery with its packet id. */
  interface Sender {
    void send(int packetId, Outbound outbound);
  }

  private final int receiveMaximum;
  private final int queueLimit;
  private final Sender sender;
  private final Consumer<Outbound> completed;
  private final Map<Integer, Outbound> inFlight = new HashMap<>();
  private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
  private int nextId = 1;

  OutboundWindow(int receiveMaximum, int queueLimit, Sender sender, Consumer<Outbound> completed) {
    this.receiveMaximum = receiveMaximum;
    this.queueLimit = queueLimit;
    this.sender = sender;
    this.completed = completed;
  }

  /** Sends now or queues; false when the queue is full and the delivery was dropped. */
  boolean offer(Outbound outbound) {
    if (inFlight.size() < receiveMaximum && queue.isEmpty()) {
      sendNow(outbound);
      return true;
    }
    if (queue.size() >= queueLimit) {
      return false;
    }
    queue.add(outbound);
    return true;
  }

  /** Completes a delivery (PUBACK, PUBCOMP, or a PUBREC with an error code); false for an unknown id. */
  boolean complete(int packetId) {
    Outbound done = inFlight.remove(packetId);
    if (done == null) {
      return false;
    }
    while (!queue.isEmpty() && inFlight.size() < receiveMaximum) {
      sendNow(queue.poll());
    }
    completed.accept(done);
    return true;
  }

  /** Takes up a QoS 2 delivery that a previous connection of the session left waiting for PUBCOMP. */
  void resumeReleased(int packetId, Outbound outbound) {
    inFlight.put(packetId, outbound);
  }

  /** The delivery in flight under a packet id, or null. */
  Outbound inFlight(int packetId) {
    return inFlight.get(packetId);
  }

  /** Deliveries in flight or queued. */
  int size() {
    return inFlight.size() + queue.size();
  }

  /** True when a QoS 2 delivery with this id awaits its PUBREC or PUBCOMP. */
  boolean isInFlight(int packetId) {
    return inFlight.containsKey(packetId);
  }

  private void sendNow(Outbound outbound) {
    // An inbox message keeps the packet id derived from its sequence number, so a redelivery to a resumed session
    // carries the id the client saw before (its QoS 2 state is keyed by it).
    int preferred = outbound.inboxSeq() < 0 ? 0 : (int) (outbound.inboxSeq() % 65535) + 1;
    int id = preferred > 0 && !inFlight.containsKey(preferred) ? preferred : allocate();
    inFlight.put(id, outbound);
    sender.send(id, outbound);
  }

  private int allocate() {
    // At most receiveMaximum (<= 65535) ids are taken, so a free one is always found.
    while (inFlight.containsKey(nextId)) {
      nextId = nextId == 65535 ? 1 : nextId + 1;
    }
    int id = nextId;
    nextId = nextId == 65535 ? 1 : nextId + 1;
    return id;
  }
}
