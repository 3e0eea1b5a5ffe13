package io.heimdall.plugin.events;

/** Receives the broker's events; called on the event loop, so it must hand work off rather than block. */
public interface EventCollector {
  /** Reports one event. */
  void report(Event event);

  /** Releases resources when the broker stops. */
  default void close() {
  }
}
