package dev.lox.worker;

import dev.lox.spi.ProcessBackend;
import dev.lox.worker.internal.PoolSettings;
import dev.lox.worker.internal.WorkerPool;
import java.time.Duration;

/**
 * lox's process mode: pools of warm worker JVMs fed through Chronicle Queue, calls and results
 * encoded with Kryo. Found by lox-api through {@link java.util.ServiceLoader}.
 *
 * <p>Settings (system properties of the parent JVM): {@code lox.process.maxMessageBytes}, the
 * largest serialized call or result (default 128 MiB; each queue's Chronicle block is four times
 * that, mapped, not allocated); {@code lox.process.jvmArgs}, extra flags for worker JVMs (without
 * {@code -Xmx}, a worker's heap is at most 1 GiB); {@code lox.process.classpath}, the application's
 * class path for workers, when lox cannot reproduce the method's class loader;
 * {@code lox.process.callTimeout}, the longest a call may run in a worker (default 10 minutes, 0 for
 * none; a method's own, from its annotation, config rule or handle, wins);
 * {@code lox.process.startTimeout}, the longest a worker may take to be ready (default 1 minute);
 * {@code lox.process.queueFolder}, where the queue folders go (default {@code java.io.tmpdir}).
 * docs/process.md has the full list.
 */
public final class WorkerBackend implements ProcessBackend {

    /** Called by {@link java.util.ServiceLoader}. */
    public WorkerBackend() {
    }

    @Override
    public ProcessPool open(String name, int workers, ClassLoader loader, Duration callTimeout) {
        PoolSettings settings = PoolSettings.fromSystemProperties();
        return WorkerPool.open(name, workers, loader, callTimeout == null ? settings : settings.withCallTimeout(callTimeout));
    }
}
