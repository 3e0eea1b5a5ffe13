package io.heimdall.kv.balance.controller;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.BalancerContext;
import io.heimdall.kv.balance.LandscapeView;
import io.heimdall.kv.balance.StoreBalancerFactory;
import io.heimdall.kv.balance.config.BalancerFactories;
import io.heimdall.kv.balance.config.BuiltinBalancers;
import io.heimdall.kv.balance.config.ConfiguredBalancer;
import io.heimdall.kv.range.StoreDescriptor;
import io.heimdall.kv.store.KVRangeException;
import io.heimdall.kv.store.KVRangeStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the balancers of one store: on every landscape change, local descriptor change, rules change and a jittered
 * retry timer it asks the enabled balancers in order and executes the first command that is addressed to this
 * store and passes the check against the store's own descriptor. At most one command is in flight; a stale one
 * comes back BAD_VERSION and is dropped. Everything runs on the controller's own single thread.
 */
public final class BalanceController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BalanceController.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final KVRangeStore store;
    private final LandscapeSource landscape;
    private final BalancerContext context;
    private final Duration retryDelay;
    private final List<BalancerSlot> slots = new ArrayList<>();
    private final ScheduledExecutorService thread;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private boolean evaluationQueued;
    private boolean inFlight;
    private boolean closed;
    private ScheduledFuture<?> retry;

    /**
     * @param store      the local store
     * @param landscape  the landscape of the store's name
     * @param configured the configurable balancers, in the order they are asked (after the always-on ones)
     * @param context    clock and randomness for the balancers and the retry jitter
     * @param meters     where the command counters go
     * @param retryDelay mean time between evaluations when nothing changes
     */
    public BalanceController(KVRangeStore store, LandscapeSource landscape, List<ConfiguredBalancer> configured,
                             BalancerContext context, MeterRegistry meters, Duration retryDelay) {
        this.store = store;
        this.landscape = landscape;
        this.context = context;
        this.retryDelay = retryDelay;
        Map<String, ConfiguredBalancer> byClass = new LinkedHashMap<>();
        configured.forEach(c -> byClass.put(c.factoryClass(), c));
        List<String> order = new ArrayList<>(BuiltinBalancers.ALWAYS_ON);
        byClass.keySet().stream().filter(c -> !order.contains(c)).forEach(order::add);
        for (String cls : order) {
            ConfiguredBalancer c = byClass.get(cls);
            StoreBalancerFactory factory = c != null ? c.factory() : BalancerFactories.load(cls);
            JsonObject rules = c != null ? c.rules() : factory.initialLoadRules();
            var balancer = factory.newBalancer(store.storeName(), store.id(), context);
            balancer.update(rules);
            slots.add(new BalancerSlot(cls, factory, balancer, BuiltinBalancers.isAlwaysOn(cls), rules, meters,
                store.storeName(), store.id()));
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "balancer-" + store.storeName() + "-" + store.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes to the landscape and the local store and runs the first evaluation. */
    public BalanceController start() {
        thread.execute(() -> {
            try {
                subscriptions.add(landscape.onChange(this::trigger));
                subscriptions.add(store.onDescriptorChange(d -> trigger()));
            } catch (RuntimeException e) {
                LOG.error("balance controller of {} {} could not subscribe", store.storeName(), store.id(), e);
            }
            evaluate();
        });
        return this;
    }

    /** The factories this controller runs, in the order it asks them. */
    public List<String> factories() {
        return slots.stream().map(s -> s.factoryClass).toList();
    }

    /** What every balancer runs with, by factory class. */
    public CompletableFuture<Map<String, BalancerStatus>> status() {
        return onThread(() -> {
            Map<String, BalancerStatus> out = new LinkedHashMap<>();
            slots.forEach(s -> out.put(s.factoryClass, s.status()));
            return Collections.unmodifiableMap(out);
        });
    }

    /**
     * Disables or enables a balancer; fails with IllegalArgumentException for an always-on or unknown one.
     */
    public CompletableFuture<Void> setDisabled(String factoryName, boolean disable) {
        return onThread(() -> {
            BalancerSlot s = slot(factoryName);
            if (s.alwaysOn && disable) {
                throw new IllegalArgumentException(s.factoryClass + " is always on and cannot be disabled");
            }
            if (s.disabled != disable) {
                s.disabled = disable;
                LOG.info("{} {}: balancer {} {}", store.storeName(), store.id(), s.shortName,
                    disable ? "disabled" : "enabled");
                trigger();
            }
            return null;
        });
    }

    /**
     * Replaces a balancer's rules by its current rules overlaid with {@code rules}; fails with
     * IllegalArgumentException listing the problems when the result is invalid.
     */
    public CompletableFuture<Void> updateRules(String factoryName, JsonObject rules) {
        return onThread(() -> {
            BalancerSlot s = slot(factoryName);
            JsonObject next = s.rules.copy().mergeIn(rules);
            List<String> problems = s.factory.validate(next);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            if (!next.equals(s.rules)) {
                s.rules = next;
                s.balancer.update(next.copy());
                LOG.info("{} {}: balancer {} rules now {}", store.storeName(), store.id(), s.shortName, next);
                trigger();
            }
            return null;
        });
    }

    private BalancerSlot slot(String factoryName) {
        String cls = BuiltinBalancers.canonical(factoryName);
        return slots.stream().filter(s -> s.factoryClass.equals(cls)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("store " + store.id() + " of " + store.storeName()
                + " runs no balancer " + factoryName));
    }

    private <T> CompletableFuture<T> onThread(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(task.call());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("balance controller is closed", e));
        }
        return f;
    }

    /** Asks for an evaluation soon; coalesces bursts of triggers into one. */
    private void trigger() {
        try {
            thread.execute(() -> {
                if (!evaluationQueued) {
                    evaluationQueued = true;
                    thread.execute(this::evaluate);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: nothing left to evaluate
        }
    }

    private void evaluate() {
        evaluationQueued = false;
        if (closed || inFlight) {
            return;
        }
        Duration next = retryDelay;
        try {
            StoreDescriptor local = store.describe();
            LandscapeView view = LandscapeView.of(withLocal(local));
            // every balancer sees every landscape, disabled or not, so time-based suspicions (unreachable,
            // cold) start from what happened rather than from when it was switched on
            for (BalancerSlot s : slots) {
                s.balancer.update(view);
            }
            for (BalancerSlot s : slots) {
                if (s.disabled) {
                    continue;
                }
                BalanceResult result = s.balancer.balance();
                if (result instanceof BalanceResult.AwaitBalance a && a.delay().compareTo(next) < 0) {
                    next = a.delay();
                } else if (result instanceof BalanceResult.BalanceNow now) {
                    String refusal = CommandGate.refusal(now.command(), local);
                    if (refusal == null) {
                        execute(s, now);
                        return;
                    }
                    LOG.debug("{} {}: skipping {} of {}: {}", store.storeName(), store.id(), now.command(),
                        s.shortName, refusal);
                }
            }
        } catch (RuntimeException e) {
            // typically the store describing itself mid-change: the next evaluation sees it settled
            LOG.warn("{} {}: balance evaluation failed, retrying: {}", store.storeName(), store.id(), e.toString());
            LOG.debug("balance evaluation failure", e);
        }
        scheduleRetry(next);
    }

    private List<StoreDescriptor> withLocal(StoreDescriptor local) {
        // The local descriptor is fresher than its published copy: decide on what this store is now.
        List<StoreDescriptor> all = new ArrayList<>();
        for (StoreDescriptor d : landscape.current()) {
            if (!d.id().equals(local.id())) {
                all.add(d);
            }
        }
        all.add(local);
        return all;
    }

    private void execute(BalancerSlot s, BalanceResult.BalanceNow now) {
        BalanceCommand cmd = now.command();
        if (!cmd.equals(s.lastLogged)) {
            LOG.info("{} {}: {} runs {} because {}", store.storeName(), store.id(), s.shortName, cmd, now.reason());
            s.lastLogged = cmd;
        }
        inFlight = true;
        s.issued.increment();
        CompletableFuture<Void> f;
        try {
            f = CommandRunner.run(store, cmd);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .whenCompleteAsync((v, e) -> completed(s, cmd, e), thread);
    }

    private void completed(BalancerSlot s, BalanceCommand cmd, Throwable error) {
        inFlight = false;
        if (error == null) {
            s.succeeded.increment();
            trigger();
            return;
        }
        s.failed.increment();
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof KVRangeException k && k.code() == KVRangeException.Code.BAD_VERSION) {
            LOG.debug("{} {}: dropped stale {}: {}", store.storeName(), store.id(), cmd, cause.getMessage());
            trigger();
            return;
        }
        if (cause instanceof KVRangeException k && k.code() == KVRangeException.Code.TRY_LATER) {
            LOG.info("{} {}: {} to be retried: {}", store.storeName(), store.id(), cmd, cause.getMessage());
        } else if (cause instanceof TimeoutException) {
            LOG.warn("{} {}: {} did not finish within {}", store.storeName(), store.id(), cmd, COMMAND_TIMEOUT);
        } else {
            LOG.warn("{} {}: {} failed: {}", store.storeName(), store.id(), cmd, cause.toString());
        }
        // the same plan would ask for the same command at once: give the range time to get over it
        scheduleRetry(retryDelay);
    }

    private void scheduleRetry(Duration delay) {
        if (retry != null) {
            retry.cancel(false);
        }
        // Jitter keeps stores that saw the same change from retrying in lockstep.
        long millis = Math.max(1, delay.toMillis());
        long jittered = millis / 2 + context.random().nextLong(millis + 1);
        retry = thread.schedule(this::trigger, jittered, TimeUnit.MILLISECONDS);
    }

    /** Stops evaluating; a command in flight finishes on its own. */
    @Override
    public void close() {
        CompletableFuture<Void> done = onThread(() -> {
            closed = true;
            for (AutoCloseable c : subscriptions) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("unsubscribe failed", e);
                }
            }
            return null;
        });
        done.exceptionally(e -> null).join();
        thread.shutdownNow();
    }
}
