package io.heimdall.kv.balance.config;

import io.heimdall.kv.balance.StoreBalancerFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Loads balancer factories by class name (reference aliases accepted), one shared instance per class. */
public final class BalancerFactories {
    private static final ConcurrentMap<String, StoreBalancerFactory> LOADED = new ConcurrentHashMap<>();

    private BalancerFactories() {
    }

    /**
     * The factory named {@code factoryName}.
     *
     * @throws IllegalArgumentException naming the class when it is missing, not a {@link StoreBalancerFactory}, or
     *                                  has no public no-arg constructor
     */
    public static StoreBalancerFactory load(String factoryName) {
        String cls = BuiltinBalancers.canonical(factoryName);
        StoreBalancerFactory f = LOADED.get(cls);
        if (f == null) {
            f = instantiate(cls);
            StoreBalancerFactory prior = LOADED.putIfAbsent(cls, f);
            f = prior == null ? f : prior;
        }
        return f;
    }

    private static StoreBalancerFactory instantiate(String cls) {
        Class<?> c;
        try {
            c = Class.forName(cls, true, Thread.currentThread().getContextClassLoader() == null
                ? BalancerFactories.class.getClassLoader() : Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("balancer factory class not found: " + cls, e);
        }
        if (!StoreBalancerFactory.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(cls + " is not a " + StoreBalancerFactory.class.getName());
        }
        try {
            return (StoreBalancerFactory) c.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(cls + " needs a public no-arg constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(cls + " failed to construct: " + e.getCause(), e.getCause());
        }
    }
}
