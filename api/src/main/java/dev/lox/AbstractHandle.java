package dev.lox;

import dev.lox.internal.HandleCore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** What every typed handle shares: gathering and counting. */
abstract class AbstractHandle<R> implements Handle<R> {
    final HandleCore core;

    AbstractHandle(HandleCore core) {
        this.core = core;
    }

    @Override
    public List<R> gather() {
        return core.gather();
    }

    @Override
    public List<R> gather(Progress progress) {
        return core.gather(progress);
    }

    @Override
    public List<R> gather(Duration timeout) throws TimeoutException {
        return core.gather(timeout);
    }

    @Override
    public int pending() {
        return core.pending();
    }

    @Override
    public int scattered() {
        return core.scattered();
    }

    @Override
    public String toString() {
        return "Handle[" + core.method() + "]";
    }
}
