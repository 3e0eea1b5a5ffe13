package io.heimdall.plugin.loader;

import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/** Times every call into one plugin ({@code call.exec.timer}) and counts its failures ({@code call.exec.fail.count}). */
public final class PluginMeter {
  /** Name of the call timer. */
  public static final String TIMER = "call.exec.timer";
  /** Name of the failure counter. */
  public static final String FAIL_COUNTER = "call.exec.fail.count";

  private final MeterRegistry registry;
  private final String plugin;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> failures = new ConcurrentHashMap<>();

  /** Meters calls into the plugin with the given (class) name. */
  public PluginMeter(MeterRegistry registry, String plugin) {
    this.registry = registry;
    this.plugin = plugin;
  }

  /** Runs a synchronous call; a thrown exception is counted and rethrown. */
  public <T> T call(String method, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } catch (RuntimeException e) {
      failed(method);
      throw e;
    } finally {
      timer(method).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** Runs an asynchronous call, timed until its future completes; a throw or a failed future is counted. */
  public <T> CompletableFuture<T> callAsync(String method, Supplier<CompletableFuture<T>> call) {
    long start = System.nanoTime();
    CompletableFuture<T> future;
    try {
      future = call.get();
      if (future == null) {
        throw new IllegalStateException(plugin + "." + method + " returned no future");
      }
    } catch (RuntimeException e) {
      failed(method);
      timer(method).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return CompletableFuture.failedFuture(e);
    }
    return future.whenComplete((v, e) -> {
      timer(method).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (e != null) {
        failed(method);
      }
    });
  }

  private Timer timer(String method) {
    return timers.computeIfAbsent(method, m -> Timer.builder(TIMER).tag("plugin", plugin).tag("method", m)
      .register(registry));
  }

  private void failed(String method) {
    failures.computeIfAbsent(method, m -> Counter.builder(FAIL_COUNTER).tag("plugin", plugin).tag("method", m)
      .register(registry)).increment();
  }
}
