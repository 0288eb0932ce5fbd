package dev.lox.bench.locks;

import dev.lox.lock.QLock;
import dev.lox.lock.RWLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Acquire+release of lox's QLock and RWLock against the JDK's fair locks, which give the same
 * ordering guarantee: {@code new ReentrantLock(true)} and {@code new ReentrantReadWriteLock(true)}.
 * Each pair is measured uncontended (one thread) and with two threads sharing one lock. The bar
 * (DESIGN.md section 7 / issue 4): uncontended QLock within 2x of a fair ReentrantLock.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.lox.bench.locks.*' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LockBenchmark {
    private final QLock qlock = new QLock();
    private final ReentrantLock fairLock = new ReentrantLock(true);
    private final RWLock rwLock = new RWLock();
    private final ReentrantReadWriteLock fairRwLock = new ReentrantReadWriteLock(true);

    @Benchmark
    @Threads(1)
    public void qlockUncontended() {
        qlock.lock();
        qlock.unlock();
    }

    @Benchmark
    @Threads(1)
    public void fairReentrantLockUncontended() {
        fairLock.lock();
        fairLock.unlock();
    }

    @Benchmark
    @Threads(2)
    public void qlockTwoThreads() {
        qlock.lock();
        qlock.unlock();
    }

    @Benchmark
    @Threads(2)
    public void fairReentrantLockTwoThreads() {
        fairLock.lock();
        fairLock.unlock();
    }

    @Benchmark
    @Threads(1)
    public void rwLockReadUncontended() throws InterruptedException {
        rwLock.read().close();
    }

    @Benchmark
    @Threads(1)
    public void fairRwLockReadUncontended() {
        fairRwLock.readLock().lock();
        fairRwLock.readLock().unlock();
    }

    @Benchmark
    @Threads(1)
    public void rwLockWriteUncontended() throws InterruptedException {
        rwLock.write().close();
    }

    @Benchmark
    @Threads(1)
    public void fairRwLockWriteUncontended() {
        fairRwLock.writeLock().lock();
        fairRwLock.writeLock().unlock();
    }

    @Benchmark
    @Threads(2)
    public void rwLockReadTwoThreads() throws InterruptedException {
        rwLock.read().close();
    }

    @Benchmark
    @Threads(2)
    public void fairRwLockReadTwoThreads() {
        fairRwLock.readLock().lock();
        fairRwLock.readLock().unlock();
    }

    @Benchmark
    @Threads(2)
    public void rwLockWriteTwoThreads() throws InterruptedException {
        rwLock.write().close();
    }

    @Benchmark
    @Threads(2)
    public void fairRwLockWriteTwoThreads() {
        fairRwLock.writeLock().lock();
        fairRwLock.writeLock().unlock();
    }
}
