package io.heimdall.mqtt.session;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

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
  private final Map<Integer, Outbound> inFlight = new HashMap<>();
  private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
  private int nextId = 1;

  OutboundWindow(int receiveMaximum, int queueLimit, Sender sender) {
    this.receiveMaximum = receiveMaximum;
    this.queueLimit = queueLimit;
    this.sender = sender;
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
    if (inFlight.remove(packetId) == null) {
      return false;
    }
    while (!queue.isEmpty() && inFlight.size() < receiveMaximum) {
      sendNow(queue.poll());
    }
    return true;
  }

  /** True when a QoS 2 delivery with this id awaits its PUBREC or PUBCOMP. */
  boolean isInFlight(int packetId) {
    return inFlight.containsKey(packetId);
  }

  private void sendNow(Outbound outbound) {
    int id = allocate();
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
