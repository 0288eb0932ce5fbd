package dev.lox.agent.nested;

import dev.lox.spi.ProcessBackend;
import java.io.IOException;

/**
 * The process backend lox-api finds in the agent jar ({@link java.util.ServiceLoader}): on the first
 * {@link #open}, it opens {@link NestedJar#PROCESS} and hands every call to the worker launcher's
 * backend loaded from it. Until then, no class of Chronicle Queue or Kryo is on the application
 * class path.
 */
public final class NestedProcessBackend implements ProcessBackend {
    static final String BACKEND = "dev.lox.worker.WorkerBackend";

    private static ProcessBackend backend; // guarded by NestedProcessBackend.class

    /** Called by {@link java.util.ServiceLoader}. */
    public NestedProcessBackend() {
    }

    @Override
    public ProcessPool open(String name, int workers, ClassLoader loader, java.time.Duration callTimeout) {
        return backend().open(name, workers, loader, callTimeout);
    }

    private static synchronized ProcessBackend backend() {
        if (backend == null) {
            try {
                Class<?> type = Class.forName(BACKEND, true, NestedJar.PROCESS.loader());
                backend = (ProcessBackend) type.getConstructor().newInstance();
            } catch (IOException e) {
                // the cache folder or the agent jar (the message says which): not "use another jar" unless it is that
                throw new IllegalStateException("process mode: lox could not extract its process runtime (" + NestedJar.PROCESS
                        + "): " + e.getMessage() + "; or use a thread pool (@Lox.Thread)", e);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                throw new IllegalStateException("process mode: lox could not load its process runtime (" + BACKEND + " from "
                        + NestedJar.PROCESS + " in the agent jar): " + e
                        + "; use the lox-agent.jar the build made, unmodified, or a thread pool (@Lox.Thread)", e);
            }
        }
        return backend;
    }
}
