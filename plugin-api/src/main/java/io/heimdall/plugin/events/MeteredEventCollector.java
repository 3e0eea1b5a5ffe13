package io.heimdall.plugin.events;

import io.heimdall.plugin.loader.PluginMeter;

/** An event collector whose calls are timed; a failing collector is counted and never disturbs the caller. */
public final class MeteredEventCollector implements EventCollector {
  private final EventCollector delegate;
  private final PluginMeter meter;

  /** Wraps the collector. */
  public MeteredEventCollector(EventCollector delegate, PluginMeter meter) {
    this.delegate = delegate;
    this.meter = meter;
  }

  @Override
  public void report(Event event) {
    try {
      meter.call("report", () -> {
        delegate.report(event);
        return null;
      });
    } catch (RuntimeException e) {
      // Already counted; losing an event is better than failing the client it describes.
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
