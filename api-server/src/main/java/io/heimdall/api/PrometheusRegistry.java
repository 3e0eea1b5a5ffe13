package io.heimdall.api;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's one Prometheus registry inside Micrometer's global registry. The node installs it before any role
 * registers a meter, because a registry added to the global composite later misses what was recorded before.
 */
public final class PrometheusRegistry {
  private PrometheusRegistry() {
  }

  /** The registry already in the global composite, or a new one added there with the JVM binders. */
  public static synchronized PrometheusMeterRegistry global() {
    for (var r : Metrics.globalRegistry.getRegistries()) {
      if (r instanceof PrometheusMeterRegistry p) {
        return p;
      }
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Metrics.addRegistry(registry);
    return registry;
  }
}
