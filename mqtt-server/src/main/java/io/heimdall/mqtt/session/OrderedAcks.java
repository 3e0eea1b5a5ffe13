package io.heimdall.mqtt.session;

import java.util.ArrayDeque;

/**
 * Sends the acknowledgements of inbound QoS 1/2 PUBLISH packets in the order the packets arrived,
 * although dist answers them in any order.
 */
final class OrderedAcks {
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();

  /** A place in the order; fill it when the ack is known. */
  final class Slot {
    private Runnable ack;

    void fill(Runnable ack) {
      this.ack = ack;
      drain();
    }
  }

  Slot reserve() {
    Slot slot = new Slot();
    slots.add(slot);
    return slot;
  }

  private void drain() {
    while (!slots.isEmpty() && slots.peek().ack != null) {
      slots.poll().ack.run();
    }
  }
}
