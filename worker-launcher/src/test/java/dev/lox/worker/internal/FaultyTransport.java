package dev.lox.worker.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A transport that fails once, at a chosen point, when armed: before an append (nothing written),
 * during one (part of the message written, then the {@code InternalError} a full disk gives), after
 * one (the whole message written, then a throw), or in a read (a message taken from the queue, then
 * an {@code AssertionError}; or its bytes garbled).
 */
final class FaultyTransport implements Transport {
    enum Point { BEFORE_APPEND, DURING_APPEND, AFTER_APPEND, MID_READ, GARBLED_READ }

    /** The next fault to inject, taken by the first transport that reaches its point. */
    static final class Plan {
        private final AtomicReference<Point> armed = new AtomicReference<>();

        void arm(Point p) {
            armed.set(p);
        }

        boolean take(Point p) {
            return armed.compareAndSet(p, null);
        }

        boolean fired() {
            return armed.get() == null;
        }
    }

    private final Transport delegate;
    private final Plan plan;

    FaultyTransport(Transport delegate, Plan plan) {
        this.delegate = delegate;
        this.plan = plan;
    }

    @Override
    public void append(byte[] head, int headLength, byte[] body, int bodyLength) {
        if (plan.take(Point.BEFORE_APPEND)) {
            throw new InternalError("injected: before the append");
        }
        if (plan.take(Point.DURING_APPEND)) {
            delegate.append(head, headLength, body, bodyLength / 2);
            throw new InternalError("injected: a fault occurred in a recent unsafe memory access operation");
        }
        delegate.append(head, headLength, body, bodyLength);
        if (plan.take(Point.AFTER_APPEND)) {
            throw new InternalError("injected: after the append");
        }
    }

    @Override
    public int poll(MessageBuffer into) {
        int n = delegate.poll(into);
        if (n >= 0 && plan.take(Point.MID_READ)) {
            throw new AssertionError("injected: java.nio.BufferOverflowException mid-read");
        }
        if (n >= 0 && plan.take(Point.GARBLED_READ)) {
            byte[] a = into.array();
            for (int i = 0; i < n; i++) {
                a[i] = (byte) (0x5A ^ i * 31);
            }
        }
        return n;
    }

    @Override
    public long maxMessageBytes() {
        return delegate.maxMessageBytes();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
