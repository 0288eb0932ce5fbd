package dev.lox.internal;

import java.lang.ref.WeakReference;

/**
 * Carries one static {@code ThreadLocal} field. Held weakly: a {@code ThreadLocal.withInitial}
 * holds its supplier, and so its class loader, and a web application that is undeployed must not
 * be kept by lox's list of what it carries.
 */
final class ThreadLocalCarrier implements Carrier {
    private final String name;
    private final WeakReference<ThreadLocal<Object>> local;

    @SuppressWarnings("unchecked")
    ThreadLocalCarrier(String name, ThreadLocal<?> local) {
        this.name = name;
        this.local = new WeakReference<>((ThreadLocal<Object>) local);
    }

    boolean carries(ThreadLocal<?> other) {
        return local.get() == other;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Object capture() {
        ThreadLocal<Object> l = local.get();
        return l == null ? null : l.get();
    }

    @Override
    public Object swapIn(Object value) {
        ThreadLocal<Object> l = local.get();
        if (l == null) {
            return null;
        }
        Object previous = l.get();
        set(l, value);
        return previous;
    }

    @Override
    public void restore(Object previous) {
        ThreadLocal<Object> l = local.get();
        if (l != null) {
            set(l, previous);
        }
    }

    private static void set(ThreadLocal<Object> l, Object value) {
        if (value == null) {
            l.remove(); // not set(null): the thread keeps no entry at all
        } else {
            l.set(value);
        }
    }

    @Override
    public boolean isLive() {
        return local.get() != null;
    }

    @Override
    public String toString() {
        return name;
    }
}
