package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The three examples of the README's "Locks and queues" section, run through real {@code Lox.of(...)} handles, with their invariants checked. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocksExamplesTest {

    // --- a pool of 4 GPUs shared by 8 workers ---
    static final IndexSemaphore GPUS = new IndexSemaphore(4);
    static final AtomicIntegerArray GPU_BUSY = new AtomicIntegerArray(4);

    @Lox.Thread(8)
    static String train(Integer batch) throws InterruptedException {
        try (IndexSemaphore.Permit gpu = GPUS.acquire()) {
            if (!GPU_BUSY.compareAndSet(gpu.index(), 0, 1)) {
                throw new AssertionError("GPU " + gpu.index() + " given to two workers");
            }
            Thread.yield();
            GPU_BUSY.set(gpu.index(), 0);
            return "batch " + batch + " trained";
        }
    }

    /** Every batch is trained, results come back in scatter order, and no GPU is shared. */
    @Test
    void gpuPool() throws Exception {
        var train = Lox.of(LocksExamplesTest::train);
        List<String> expected = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            train.scatter(b);
            expected.add("batch " + b + " trained");
        }
        assertEquals(expected, train.gather(Duration.ofSeconds(TestThreads.BOUND_SECONDS)));
        assertEquals(4, GPUS.available());
    }

    // --- the restroom and the janitor ---
    static final Lock CLEANING = new StampedLock().asWriteLock();
    static final LightSwitch OCCUPIED = new LightSwitch(CLEANING);
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicBoolean JANITOR_MET_SOMEONE = new AtomicBoolean();

    @Lox.Thread(5)
    static void person(Integer id) throws InterruptedException {
        try (LightSwitch.Guard g = OCCUPIED.enter()) {
            INSIDE.incrementAndGet();
            Thread.yield();
            INSIDE.decrementAndGet();
        }
    }

    @Lox.Thread(1)
    static void janitor() {
        CLEANING.lock();
        try {
            if (INSIDE.get() != 0) {
                JANITOR_MET_SOMEONE.set(true);
            }
        } finally {
            CLEANING.unlock();
        }
    }

    /** The janitor never cleans with someone inside, and the restroom ends empty and unlocked. */
    @Test
    void restroom() throws Exception {
        var person = Lox.of(LocksExamplesTest::person);
        var janitor = Lox.of(LocksExamplesTest::janitor);
        for (int round = 0; round < 20; round++) {
            person.scatter(0);
            janitor.scatter();
            for (int i = 1; i < 5; i++) {
                person.scatter(i);
            }
        }
        person.gather(Duration.ofSeconds(TestThreads.BOUND_SECONDS));
        janitor.gather(Duration.ofSeconds(TestThreads.BOUND_SECONDS));
        assertFalse(JANITOR_MET_SOMEONE.get());
        assertEquals(0, OCCUPIED.occupants());
        assertTrue(CLEANING.tryLock());
        CLEANING.unlock();
    }

    // --- one writer, many readers ---
    static final class Prices {
        private final RWLock lock = new RWLock();
        private final Map<String, Double> prices = new HashMap<>();

        @Lox.Thread(8)
        double quote(String symbol) throws InterruptedException {
            try (RWLock.Guard r = lock.read()) {
                return prices.getOrDefault(symbol, Double.NaN);
            }
        }

        @Lox.Thread(1)
        void update(String symbol, double price) throws InterruptedException {
            try (RWLock.Guard w = lock.write()) {
                prices.put(symbol, price);
            }
        }
    }

    /** Quotes scattered after the update's gather see the new price; the lock ends free. */
    @Test
    void oneWriterManyReaders() throws Exception {
        var prices = new Prices();
        var quote = Lox.of(prices::quote);
        var update = Lox.of(prices::update);
        update.scatter("ACME", 12.5);
        for (int i = 0; i < 20; i++) {
            quote.scatter("ACME");
        }
        update.gather(Duration.ofSeconds(TestThreads.BOUND_SECONDS));
        quote.gather(Duration.ofSeconds(TestThreads.BOUND_SECONDS));
        for (int i = 0; i < 20; i++) {
            quote.scatter("ACME");
        }
        List<Double> quotes = quote.gather(Duration.ofSeconds(TestThreads.BOUND_SECONDS));
        assertEquals(20, quotes.size());
        quotes.forEach(q -> assertEquals(12.5, q));
        assertEquals(0, prices.lock.readers());
    }
}
