package io.heimdall.plugin.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default collector: logs events at debug level. */
public final class LoggingEventCollector implements EventCollector {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingEventCollector.class);

  @Override
  public void report(Event event) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} {}", event.type(), event.client(), event.detail());
    }
  }
}
