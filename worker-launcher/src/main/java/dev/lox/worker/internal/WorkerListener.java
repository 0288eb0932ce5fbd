package dev.lox.worker.internal;

/**
 * Hears every transition of a pool's {@link WorkerSlot}s: a worker ready (STARTING to READY), a
 * worker retired and why (to RETIRING, with its {@link Retirement}), gone. Called under the pool's
 * lock: an implementation must be quick and must not call back into the pool.
 */
interface WorkerListener {
    WorkerListener NONE = (pool, slot, from, to, why) -> { };

    /**
     * @param why the retirement, when {@code to} is RETIRING; else null
     */
    void transitioned(String pool, WorkerSlot slot, WorkerSlot.State from, WorkerSlot.State to, Retirement why);
}
